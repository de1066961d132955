package report

// The check character is a weighted sum over GF(32), the finite field with
// 32 elements, rather than Crockford's mod-37 check symbol: that needs five
// extra symbols (*~$=U) which are awkward to type, read aloud or put in a
// URL. Here the check character comes from the same 32-symbol alphabet.
//
// Each symbol value d_i (0..31) is read as an element of GF(2^5), built with
// the irreducible polynomial x^5 + x^2 + 1, and a code d_1..d_9 is valid
// when
//
//	d_1·α^8 + d_2·α^7 + … + d_8·α^1 + d_9·α^0 = 0
//
// where α = x and + is XOR. Since 31 is prime, α has multiplicative order 31.
// That gives, for a 9-character code:
//
//   - every single substitution is detected: it changes the sum by
//     α^k·e with e ≠ 0, which is never 0 in a field;
//   - every transposition of two different characters, adjacent or not, is
//     detected: swapping x ≠ y at distance j changes the sum by
//     α^k·(α^j + 1)·(x + y), and α^j ≠ 1 for 0 < j < 31;
//   - every twin error (xx typed as yy in adjacent places) is detected: the
//     change is α^k·(α + 1)·(x + y) ≠ 0.
//
// TestCheckDetectsAllSingleErrors checks these claims exhaustively.

// gfPoly is x^5 + x^2 + 1, the reduction polynomial of GF(32).
const gfPoly = 0b100101

// mulAlpha multiplies v by α = x in GF(32).
func mulAlpha(v byte) byte {
	v <<= 1
	if v&0b100000 != 0 {
		v ^= gfPoly
	}
	return v
}

// weightedSum returns Σ d_i·α^(n-i) for i = 1..n over GF(32), by Horner's rule.
func weightedSum(digits []byte) byte {
	var s byte
	for _, d := range digits {
		s = mulAlpha(s) ^ d
	}
	return s
}

// checkSymbol returns the value of the check character to append to data,
// the value c for which data followed by c sums to zero: that is
// weightedSum(data)·α, because subtraction is XOR.
func checkSymbol(data []byte) byte {
	return mulAlpha(weightedSum(data))
}

// checkValid reports whether a complete code, check character included,
// sums to zero.
func checkValid(digits []byte) bool {
	return weightedSum(digits) == 0
}
