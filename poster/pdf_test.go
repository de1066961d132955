package poster_test

import (
	"bytes"
	"fmt"
	"gridline/poster/printtest"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gridline/poster"
)

func sheet(name, street, code string, k poster.Kind) poster.Sheet {
	form := "https://gridline.example.org/c/" + code
	return poster.Sheet{
		Community: name, Street: street, Code: code,
		ScanURL: poster.ScanURL(form, k), FormURL: form, TrackURL: "https://gridline.example.org/track",
		Hotline: "12345", Issuer: "北山口镇城市运行管理中心",
		Text: poster.Text{
			Title: "扫码上报", Steps: [3]string{"扫码", "拍照描述", "凭查询码查看进度"},
			Check:  "扫码后请核对：手机页面顶部应显示「" + name + "」。如不一致，可能是二维码被覆盖，请勿填写，并拨打热线告知。",
			TypeIn: "无法扫码？用浏览器打开：", Code: "社区代码", Track: "查看进度：",
			Hotline: "服务热线", Issuer: "印制：", Lang: "zh-CN",
		},
	}
}

func newPrinter(t *testing.T) *poster.Printer {
	t.Helper()
	p, err := poster.New()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPDFDecodes prints an A4 poster and a card sheet, rasterises them as a
// print shop's RIP would, and reads the QR codes back with a real decoder.
func TestPDFDecodes(t *testing.T) {
	p := newPrinter(t)
	for _, k := range []poster.Kind{poster.A4, poster.Card} {
		t.Run(string(k), func(t *testing.T) {
			s := sheet("春和社区", "北山口镇", "K7M2QX", k)
			b, err := p.PDF(k, []poster.Sheet{s})
			if err != nil {
				t.Fatal(err)
			}
			printtest.SaveArtifact(t, "poster-"+string(k)+".pdf", b)
			img := printtest.Rasterise(t, b, 1, 150)
			if k == poster.Card { // four cards: read the top left one
				r := img.Bounds()
				img = img.(interface {
					SubImage(image.Rectangle) image.Image
				}).SubImage(image.Rect(0, 0, r.Dx()/2, r.Dy()/2))
			}
			if got := printtest.DecodeQR(t, img); got != s.ScanURL {
				t.Errorf("decoded %q, want %q", got, s.ScanURL)
			}
		})
	}
}

// TestPDFFontsAndText checks that every font is embedded (as a subset) and
// that the Chinese text comes back out of the PDF as text.
func TestPDFFontsAndText(t *testing.T) {
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts not found: apt-get install poppler-utils")
	}
	s := sheet("堃犇里社区", "北山口镇", "K7M2QX", poster.A4)
	b, err := newPrinter(t).PDF(poster.A4, []poster.Sheet{s})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdffonts", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(rows) < 3 {
		t.Fatalf("want the CJK font and Go fonts, pdffonts says:\n%s", out)
	}
	for _, r := range rows {
		f := strings.Fields(r)
		// name type [type] encoding emb sub uni object ID; fpdf subsets
		// without tagging the name, so "sub" says no: the size shows it.
		if n := len(f); f[n-5] != "yes" {
			t.Errorf("font not embedded: %s", r)
		}
	}
	if len(b) > 200<<10 {
		t.Errorf("one poster is %d bytes: are the fonts subset?", len(b))
	}
	text, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"扫码上报", "堃犇里社区", "北山口镇", "K7M2QX", s.FormURL, "12345", "凭查询码查看进度"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

// TestPDFBatch: one page per community, each page's code its own.
func TestPDFBatch(t *testing.T) {
	var sheets []poster.Sheet
	for i := range 10 {
		sheets = append(sheets, sheet(fmt.Sprintf("第%d社区", i+1), "北山口镇", fmt.Sprintf("K7M2Q%d", i+2), poster.A4))
	}
	b, err := newPrinter(t).PDF(poster.A4, sheets)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("10 posters: %d bytes", len(b))
	if n := bytes.Count(b, []byte("/Type /Page\n")); n != 10 {
		t.Errorf("%d pages, want 10", n)
	}
	if got := printtest.DecodeQR(t, printtest.Rasterise(t, b, 7, 100)); got != sheets[6].ScanURL {
		t.Errorf("page 7 decodes to %q, want %q", got, sheets[6].ScanURL)
	}
}

func TestPDFRefusesNothing(t *testing.T) {
	if _, err := newPrinter(t).PDF(poster.A4, nil); err == nil {
		t.Error("an empty batch made a PDF")
	}
}
