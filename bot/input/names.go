package input

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Named is a candidate for MatchName: a contact (or anything else with a
// name) and its ID, which MatchName passes through untouched.
type Named struct {
	ID   uint64
	Name string
}

// MatchKind says how a query matched; callers act on it (an exact match is
// used directly, other kinds are confirmed with the seller).
type MatchKind int

// The kinds of match, from none to the strongest rule that matched.
const (
	// MatchNone: nothing resembles the query.
	MatchNone MatchKind = iota
	// MatchExact: the normalized names are equal.
	MatchExact
	// MatchPrefix: the query words start successive words of the name.
	MatchPrefix
	// MatchClose: the query is within a small edit distance (a typo).
	MatchClose
)

// String returns the name of the kind, for logs and test output.
func (k MatchKind) String() string {
	switch k {
	case MatchNone:
		return "MatchNone"
	case MatchExact:
		return "MatchExact"
	case MatchPrefix:
		return "MatchPrefix"
	case MatchClose:
		return "MatchClose"
	}
	return "MatchKind(" + strconv.Itoa(int(k)) + ")"
}

const (
	// maxCloseResults is how many close matches MatchName returns at most.
	maxCloseResults = 5
	// maxCloseQueryRunes bounds the query length for typo matching, whose
	// cost grows with the square of the length.
	maxCloseQueryRunes = 256
	// normalizeRounds bounds the normalization fixed-point loop.
	normalizeRounds = 4
)

// NormalizeName returns the comparison and storage key of a name: invalid
// UTF-8 replaced, control and invisible format characters removed, NFKC
// normalized, Unicode case folded ("ß" and "SS" compare equal), white space
// runs collapsed to one ASCII space and trimmed. "  BU   Sari " and "bu sari"
// have the same key. NormalizeName is idempotent.
func NormalizeName(s string) string {
	for range normalizeRounds {
		t := normalizeOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func normalizeOnce(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case invisible(r):
			return -1
		}
		return r
	}, s)
	s = norm.NFKC.String(s)
	// A Caser is stateful, so each call gets its own.
	s = cases.Fold().String(s)
	s = norm.NFKC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// MatchName finds which of cands the seller meant by query, trying the rules
// from strongest to weakest and returning the candidates of the first rule
// that matches:
//
//   - MatchExact: the normalized names are equal. Normally one candidate;
//     all of them if the book holds the same name twice.
//   - MatchPrefix: every query word is a prefix of successive words of the
//     name, in order, starting at any word ("sari" and "bu s" match
//     "Bu Sari", "toko maju" matches "Toko Maju Jaya").
//   - MatchClose: the Damerau-Levenshtein distance (EditDistance) between
//     the query and the whole name, any single word of it, or any run of as
//     many consecutive words as the query has, is at most
//     max(1, query runes / 4), so "sary" and "sa ri" find "Bu Sari". At
//     most 5 are returned, closest first. Queries longer than 256 runes
//     never match closely.
//
// Ties are ordered by normalized name, then name, then ID, so the result is
// deterministic. An empty query, or no match, gives (MatchNone, nil). The
// returned slice is new; cands is not modified.
func MatchName(query string, cands []Named) (MatchKind, []Named) {
	q := NormalizeName(query)
	if q == "" || len(cands) == 0 {
		return MatchNone, nil
	}
	qWords := strings.Split(q, " ")

	type scored struct {
		c    Named
		key  string
		dist int
	}
	all := make([]scored, 0, len(cands))
	for _, c := range cands {
		if key := NormalizeName(c.Name); key != "" {
			all = append(all, scored{c: c, key: key})
		}
	}
	byName := func(a, b scored) int {
		return cmp.Or(
			cmp.Compare(a.key, b.key),
			cmp.Compare(a.c.Name, b.c.Name),
			cmp.Compare(a.c.ID, b.c.ID),
		)
	}
	collect := func(s []scored) []Named {
		out := make([]Named, len(s))
		for k := range s {
			out[k] = s[k].c
		}
		return out
	}

	var exact, prefix []scored
	for _, s := range all {
		switch {
		case s.key == q:
			exact = append(exact, s)
		case exact == nil && wordPrefix(qWords, strings.Split(s.key, " ")):
			prefix = append(prefix, s)
		}
	}
	if len(exact) > 0 {
		slices.SortFunc(exact, byName)
		return MatchExact, collect(exact)
	}
	if len(prefix) > 0 {
		slices.SortFunc(prefix, byName)
		return MatchPrefix, collect(prefix)
	}

	qr := []rune(q)
	if len(qr) > maxCloseQueryRunes {
		return MatchNone, nil
	}
	limit := max(1, len(qr)/4)
	var near []scored
	for _, s := range all {
		if d, ok := closeDistance(q, len(qr), qWords, s.key, limit); ok {
			s.dist = d
			near = append(near, s)
		}
	}
	if len(near) == 0 {
		return MatchNone, nil
	}
	slices.SortFunc(near, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), byName(a, b))
	})
	if len(near) > maxCloseResults {
		near = near[:maxCloseResults]
	}
	return MatchClose, collect(near)
}

// wordPrefix reports whether the query words are prefixes of successive name
// words, starting at some word of the name.
func wordPrefix(query, name []string) bool {
	for start := 0; start+len(query) <= len(name); start++ {
		match := true
		for k, w := range query {
			if !strings.HasPrefix(name[start+k], w) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// closeDistance returns the smallest edit distance between q and key, any
// single word of key, or any run of len(qWords) consecutive words of key, if
// it is within limit.
// Targets whose length alone puts them beyond limit are skipped, which keeps
// the quadratic distance computation to plausible pairs.
func closeDistance(q string, qLen int, qWords []string, key string, limit int) (int, bool) {
	best := limit + 1
	try := func(target string) {
		tLen := len([]rune(target))
		if tLen-qLen > limit || qLen-tLen > limit {
			return
		}
		best = min(best, EditDistance(q, target))
	}
	try(key)
	words := strings.Split(key, " ")
	if len(words) == 1 {
		return best, best <= limit
	}
	for _, w := range words {
		try(w)
	}
	if len(qWords) > 1 && len(qWords) < len(words) {
		for start := 0; start+len(qWords) <= len(words); start++ {
			try(strings.Join(words[start:start+len(qWords)], " "))
		}
	}
	return best, best <= limit
}

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
