// Package static holds the CSS, JavaScript and images, embedded into the
// binary. Their URLs carry a hash of their content, so browsers may cache them
// forever and still see every change.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed css img js
var files embed.FS

// Assets serves the embedded files under content-hashed URLs.
type Assets struct {
	hashes map[string]string // file name → short content hash
}

// New hashes every embedded file once.
func New() (*Assets, error) {
	a := &Assets{hashes: map[string]string{}}
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[path] = hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	return a, nil
}

// URL returns the cache-busting URL of a file such as "css/app.css".
func (a *Assets) URL(name string) (string, error) {
	h, ok := a.hashes[name]
	if !ok {
		return "", fmt.Errorf("static: no file %q", name)
	}
	return "/static/" + h + "/" + name, nil
}

// Open returns a file's content and whether hash is its current hash (only
// then may it be cached as immutable).
func (a *Assets) Open(hash, name string) ([]byte, bool, error) {
	name = strings.TrimPrefix(name, "/")
	current, ok := a.hashes[name]
	if !ok {
		return nil, false, fs.ErrNotExist
	}
	b, err := files.ReadFile(name)
	return b, hash == current, err
}
