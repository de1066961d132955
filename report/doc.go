// Package report is Gridline's report domain in plain Go: nothing here knows
// about HTTP or MongoDB, so it is tested on its own.
//
// It issues the codes people type or scan. A tracking code is 8 random
// Crockford base32 characters plus one check character: 32^8 = 2^40 ≈ 1.1e12
// possible codes, drawn with crypto/rand, so codes cannot be enumerated or
// guessed from one another, and the check character turns away a mistyped
// code before any database look-up. A community code is 6 characters from a
// 30-symbol alphabet without look-alikes (30^6 ≈ 7.3e8 codes), printed on
// the community's QR poster.
package report
