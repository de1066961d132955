package photo

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// phonePhotos names the 12-megapixel fixtures made by make-photos.sh.
func phonePhotos() []string { return []string{"wood", "cups", "leaf"} }

// photoDir makes (once per machine) the three 12 MP phone photos and returns
// their folder, or skips tb when they cannot be made here.
func photoDir(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("skipping 12 MP photo fixtures in -short mode")
	}
	script := filepath.Join("..", "..", "shared", "fixtures", "make-photos.sh")
	if s := os.Getenv("GRIDLINE_PHOTO_SCRIPT"); s != "" {
		script = s
	}
	if _, err := os.Stat(script); err != nil {
		tb.Skipf("skipping: fixture script not found: %v", err)
	}
	dir := filepath.Join(os.TempDir(), "gridline-photos")
	out, err := exec.Command("bash", script, dir).CombinedOutput()
	if err != nil {
		tb.Skipf("skipping: %s failed (its tools may be missing): %v\n%s", script, err, out)
	}
	return dir
}

// readPhoto returns one fixture's bytes.
func readPhoto(tb testing.TB, dir, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name+".jpg"))
	if err != nil {
		tb.Fatalf("reading fixture: %v", err)
	}
	return data
}
