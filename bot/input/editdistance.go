package input

// Name matching lives in bot/args (names.go), which judges closeness by the
// distinctive words of a name; this file keeps the edit distance it uses.

// EditDistance returns the Damerau-Levenshtein distance between a and b,
// counted in runes: the fewest insertions, deletions, substitutions and
// transpositions of two adjacent runes that turn one into the other. It is
// the "optimal string alignment" variant (a substring is not edited again
// after a transposition), which needs memory linear in the shorter string;
// time is proportional to the product of the lengths. It is symmetric,
// zero only for equal strings, and at least the difference of the lengths.
// Invalid UTF-8 bytes count as one rune each.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	n := len(rb)
	if n == 0 {
		return len(ra)
	}
	prev2 := make([]int, n+1)
	prev := make([]int, n+1)
	cur := make([]int, n+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= n; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[n]
}
