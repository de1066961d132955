// Package report is Gridline's report domain in plain Go: nothing here knows
// about HTTP or MongoDB, so it is tested on its own.
//
// It issues the tracking codes residents type or scan: 8 random Crockford
// base32 characters plus one check character, 32^8 = 2^40 ≈ 1.1e12 possible
// codes drawn with crypto/rand, so codes cannot be enumerated or guessed from
// one another, and the check character turns away a mistyped code before any
// database look-up.
package report
