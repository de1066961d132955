// Package font holds the CJK font embedded in poster PDFs, so Chinese prints
// the same on any computer and at any print shop, with nothing to install.
//
// DroidSansFallbackFull.ttf is copied unmodified from Debian 12's package
// fonts-droid-fallback (1:6.0.1r16-1.1, source fonts-android), licensed
// under the Apache License 2.0, which allows embedding and redistribution;
// see NOTICE and LICENSE-Apache-2.0.txt beside this file. It has CJK glyphs
// only (no Latin letters or digits); package poster takes those from the Go
// fonts. PDFs embed only the glyphs a poster uses (a subset), not the file.
package font

import _ "embed"

// CJK is DroidSansFallbackFull.ttf: 4,033,420 bytes, SHA-256
// acb6440a713d880a13a21b468ba7cd43f5a2b2934972e51be791c880730777b8.
//
//go:embed DroidSansFallbackFull.ttf
var CJK []byte
