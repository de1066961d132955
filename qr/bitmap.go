package qr

// Bitmap returns the modules of content's QR code, dark as true, indexed
// [y][x], with the quiet zone of 4 light modules on every side: the same
// symbol PNG and SVG draw, for layouts that draw it themselves (the PDF
// posters draw each run of dark modules as a vector rectangle).
func Bitmap(content string) ([][]bool, error) { return modules(content) }
