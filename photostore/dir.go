package photostore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Dir stores photos as files in one directory.
type Dir struct{ root string }

// NewDir returns a store in dir, creating it if needed.
func NewDir(dir string) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("photo directory: %w", err)
	}
	return &Dir{root: dir}, nil
}

// Put writes the file atomically: a reader never sees half a photo.
func (d *Dir) Put(_ context.Context, name string, data []byte) error {
	if !validName(name) {
		return errInvalidName
	}
	tmp, err := os.CreateTemp(d.root, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("store photo: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("store photo: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.root, name)); err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	return nil
}

// Get reads a whole photo.
func (d *Dir) Get(_ context.Context, name string) ([]byte, error) {
	if !validName(name) {
		return nil, ErrNotFound
	}
	b, err := os.ReadFile(filepath.Join(d.root, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read photo: %w", err)
	}
	return b, nil
}

// Delete removes a photo, or a temporary file List named; deleting a
// missing photo is not an error.
func (d *Dir) Delete(_ context.Context, name string) error {
	if !validName(name) && !isTemp(name) {
		return errInvalidName
	}
	err := os.Remove(filepath.Join(d.root, name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete photo: %w", err)
	}
	return nil
}

// List names the photos whose files were written in [from, before), and the
// temporary files of writes a crash cut short (no report can refer to those).
func (d *Dir) List(_ context.Context, from, before time.Time) ([]string, error) {
	entries, err := os.ReadDir(d.root)
	if err != nil {
		return nil, fmt.Errorf("list photos: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !validName(e.Name()) && !isTemp(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if t := info.ModTime(); !t.Before(from) && t.Before(before) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// tempPrefix starts the name of a photo Put is still writing. A server
// killed (SIGKILL, power loss) between creating and renaming it leaves the
// file behind.
const tempPrefix = ".upload-"

// isTemp reports whether name is one of Put's temporary files: the prefix
// and the decimal suffix os.CreateTemp draws, nothing that could name a
// file outside the directory.
func isTemp(name string) bool {
	rest, ok := strings.CutPrefix(name, tempPrefix)
	if !ok || rest == "" || len(rest) > 20 {
		return false
	}
	for _, c := range []byte(rest) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
