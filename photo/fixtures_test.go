package photo

import (
	"bytes"
	"context"
	"image/jpeg"
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

// tagGPSInfo is the IFD0 tag pointing at the GPS IFD.
const tagGPSInfo = 0x8825

// readPhoto returns one fixture's bytes.
func readPhoto(tb testing.TB, dir, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name+".jpg"))
	if err != nil {
		tb.Fatalf("reading fixture: %v", err)
	}
	return data
}

// TestPhonePhotos runs the real 12 MP photos through the pipeline: sizes,
// the rotated one upright, and every trace of EXIF, GPS and the camera gone.
func TestPhonePhotos(t *testing.T) {
	dir := photoDir(t)
	tests := []struct {
		name           string
		orientation    int
		w, h           int
		thumbW, thumbH int
	}{
		{"wood", orientRotate90CW, 1200, 1600, 240, 320},
		{"cups", orientNormal, 1600, 1200, 320, 240},
		{"leaf", orientNormal, 1600, 1200, 320, 240},
	}
	p := NewPipeline(0)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := readPhoto(t, dir, tc.name)
			if got := jpegOrientation(in); got != tc.orientation {
				t.Fatalf("fixture orientation = %d, want %d", got, tc.orientation)
			}
			out, err := p.Process(context.Background(), bytes.NewReader(in))
			if err != nil {
				t.Fatalf("Process() error = %v", err)
			}
			checkOutput(t, out)
			if out.Width != tc.w || out.Height != tc.h {
				t.Errorf("Full is %dx%d, want %dx%d", out.Width, out.Height, tc.w, tc.h)
			}
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(out.Thumb))
			if err != nil || cfg.Width != tc.thumbW || cfg.Height != tc.thumbH {
				t.Errorf("Thumb is %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, tc.thumbW, tc.thumbH)
			}
			for name, b := range map[string][]byte{"Full": out.Full, "Thumb": out.Thumb} {
				if m := metadataMarkers(b); len(m) > 0 {
					t.Errorf("%s has metadata segments %x", name, m)
				}
				for _, trace := range []string{"Exif", "Xiaomi", "Redmi", "2025:04:02"} {
					if bytes.Contains(b, []byte(trace)) {
						t.Errorf("%s still contains %q", name, trace)
					}
				}
			}
		})
	}
	t.Run("wood has GPS before", func(t *testing.T) {
		if _, _, ok := ifd0Entry(exifTIFF(readPhoto(t, dir, "wood")), tagGPSInfo); !ok {
			t.Error("fixture wood.jpg has no GPS IFD; the test above proves less than it claims")
		}
	})
}
