// Package poster lays out the QR posters staff print for each community: an
// A4 poster for notice boards and A6 cards, four to an A4 sheet, for lifts
// and doors. It makes PDFs for print shops: bytes in, bytes out, no HTTP, no
// storage. The caller passes every text already translated.
//
// The QR code is drawn as vector rectangles, one per run of dark modules, so
// it is sharp at any printer resolution. Chinese is set in Droid Sans
// Fallback and Latin letters, digits and URLs in the Go fonts; both are
// embedded as subsets, so the PDF prints the same anywhere.
package poster

import "strings"

// Kind is the poster a QR code is printed on. Its marker travels in the QR
// code's URL (?s=p or ?s=c), so the form can count scans per poster kind
// without knowing anything about who scanned.
type Kind string

// The two poster kinds.
const (
	A4   Kind = "p" // an A4 poster, one per page
	Card Kind = "c" // an A6 card, four copies to an A4 sheet
)

// ParseKind reads a kind from a query value; anything else is not a kind.
func ParseKind(s string) (Kind, bool) {
	switch k := Kind(s); k {
	case A4, Card:
		return k, true
	}
	return "", false
}

// ScanURL is what the QR code of a poster of kind k encodes: the community's
// form URL and the kind's marker.
func ScanURL(formURL string, k Kind) string {
	sep := "?"
	if strings.Contains(formURL, "?") {
		sep = "&"
	}
	return formURL + sep + "s=" + string(k)
}

// Sheet is what one community's poster says. Every field is printed as given.
type Sheet struct {
	Community string // 春和社区
	Street    string // 北山口镇
	Code      string // the community code, for typing in
	ScanURL   string // what the QR code encodes (see ScanURL)
	FormURL   string // the form's address, printed for typing in
	TrackURL  string // where to check progress
	Hotline   string // empty: no hotline line
	Issuer    string // the issuing office; empty: none printed
	Text      Text
}

// Text is the translated wording of a poster.
type Text struct {
	Title   string    // 扫码上报
	Steps   [3]string // 扫码, 拍照描述, 凭查询码查看进度
	Check   string    // what the form must show, and what to do when it does not
	TypeIn  string    // the label before FormURL
	Code    string    // the label before Code
	Track   string    // the label before TrackURL
	Hotline string    // the label before Hotline
	Issuer  string    // the label before Issuer
	Lang    string    // the document's language, such as zh-CN
}
