package server_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"testing"

	"gridline/locale"
)

const mb = 1 << 20

// TestSubmitOversizedBodyKeepsText sends bodies past the limits without
// holding them in memory: the resident gets a clear page with their text, and
// nothing is stored.
func TestSubmitOversizedBodyKeepsText(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	tests := []struct {
		name   string
		parts  []bigPart
		status int
		want   string // how the page names the problem
	}{
		{
			name:   "photos together over 40 MB",
			parts:  []bigPart{{"photos", "a.jpg", 14 * mb}, {"photos", "b.jpg", 14 * mb}, {"photos", "c.jpg", 14 * mb}},
			status: http.StatusRequestEntityTooLarge,
			want:   message(t, locale.Chinese, "form.too_large"),
		},
		{
			name:   "a field that is not a photo over 40 MB",
			parts:  []bigPart{{field: "padding", size: 41 * mb}},
			status: http.StatusRequestEntityTooLarge,
			want:   message(t, locale.Chinese, "form.too_large"),
		},
		{
			name:   "one photo over 15 MB",
			parts:  []bigPart{{"photos", "big.jpg", 15*mb + 1}},
			status: http.StatusUnprocessableEntity,
			want:   fieldMessage(t, locale.Chinese, "photos", "field.photos.too_big"),
		},
		{
			name:   "a photo of exactly 15 MB is read, then judged by its content",
			parts:  []bigPart{{"photos", "big.jpg", 15 * mb}},
			status: http.StatusUnprocessableEntity,
			want:   fieldMessage(t, locale.Chinese, "photos", "field.photos.unsupported"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			rec := app.do(streamedReport(t, "/c/"+c.Code, fields, tt.parts...))
			expectPage(t, rec, tt.status, tt.want,
				textareaHolding(t, fields.Get("description")), `value="3号楼"`, `value="魏先生"`)
			app.expectNothingStored(t)
		})
	}
}

// TestSubmitBadPhotosKeepsText sends uploads that are not usable photos: each
// gets the message that says what to do, the text stays, nothing is stored,
// not even the good photos sent alongside.
func TestSubmitBadPhotosKeepsText(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	good := smallJPEG(t)
	tests := []struct {
		name   string
		photos [][]byte
		msg    string
	}{
		{"five photos", [][]byte{good, good, good, good, good}, "field.photos.too_many"},
		{"text renamed .jpg", [][]byte{[]byte("这不是照片，只是一段文字。\n")}, "field.photos.unsupported"},
		{"good photo then text renamed .jpg", [][]byte{good, []byte("GIF? no, plain text")}, "field.photos.unsupported"},
		{"truncated JPEG", [][]byte{good[:len(good)/2]}, "field.photos.corrupt"},
		{"JPEG magic only", [][]byte{{0xff, 0xd8, 0xff}}, "field.photos.corrupt"},
		{"PNG declaring 30000×30000", [][]byte{pngDeclaring(t, 30000, 30000)}, "field.photos.too_many_pixels"},
		{"good photo then a decompression bomb", [][]byte{good, pngDeclaring(t, 30000, 30000)}, "field.photos.too_many_pixels"},
		{"HEIC from an iPhone", [][]byte{heicHeader()}, "field.photos.heic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			rec := app.do(multipartReport(t, "/c/"+c.Code, fields, tt.photos...))
			expectPage(t, rec, http.StatusUnprocessableEntity,
				fieldMessage(t, locale.Chinese, "photos", tt.msg),
				message(t, locale.Chinese, "form.fix_errors"),
				textareaHolding(t, fields.Get("description")), `value="3号楼"`, `value="13812345678"`)
			app.expectNothingStored(t)
		})
	}
}

// TestSubmitFourPhotos is the limit itself: four photos are taken.
func TestSubmitFourPhotos(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	good := smallJPEG(t)
	fields := validFields(app.formToken(c.Code))
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields, good, good, good, good)))
	if len(r.Photos) != 4 {
		t.Errorf("report has %d photos, want 4", len(r.Photos))
	}
	if files := app.photoFiles(); len(files) != 8 {
		t.Errorf("want 4 photos and 4 thumbnails on disk, got %v", files)
	}
}

// pngDeclaring is a tiny, well-formed PNG whose header declares w×h pixels:
// a decompression bomb, refused from the header alone.
func pngDeclaring(t *testing.T, w, h uint32) []byte {
	t.Helper()
	b := pngStart(w, h)
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	if _, err := zw.Write(make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	pngChunk(b, "IDAT", idat.Bytes())
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

// pngStart is a PNG's signature and header chunk, declaring w×h pixels of
// 8-bit RGB: the chunks that follow decide what the file really holds.
func pngStart(w, h uint32) *bytes.Buffer {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB, deflate, no filter, no interlace
	pngChunk(&b, "IHDR", ihdr)
	return &b
}

// pngChunk appends one chunk: length, kind, data and CRC.
func pngChunk(b *bytes.Buffer, kind string, data []byte) {
	b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	b.WriteString(kind)
	b.Write(data)
	b.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
}

// heicHeader is how an iPhone photo starts: an ISO-BMFF ftyp box, brand heic.
func heicHeader() []byte {
	b := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	return append(b, "\x00\x00\x00\x21metahdlr\x00\x00\x00\x00pict"...)
}
