package input

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"case and spaces", "  BU   Sari ", "bu sari"},
		{"tabs and newlines", "Bu\tSari\nDewi", "bu sari dewi"},
		{"no-break space", "Bu\u00a0Sari", "bu sari"},
		{"full width letters", "ＳＡＲＩ", "sari"},
		{"sharp s folds", "Straße", "strasse"},
		{"decomposed accent composes", "Jose\u0301", "josé"},
		{"zero width space removed", "Sa\u200bri", "sari"},
		{"bidi override removed", "\u202eSari\u202c", "sari"},
		{"ligature", "ﬁtri", "fitri"},
		{"arabic kept", "محمد", "محمد"},
		{"emoji kept", "Toko 🌸 Ani", "toko 🌸 ani"},
		{"empty", "", ""},
		{"only spaces", " \t ", ""},
		{"invalid UTF-8 replaced", "Sari\xff", "sari\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeName(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := NormalizeName(got); again != got {
				t.Errorf("NormalizeName not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"equal", "sari", "sari", 0},
		{"both empty", "", "", 0},
		{"one empty", "", "sari", 4},
		{"substitution", "sari", "sara", 1},
		{"insertion", "sari", "saari", 1},
		{"deletion", "sari", "sri", 1},
		{"transposition", "sari", "sair", 1},
		{"transposition at start", "bu", "ub", 1},
		{"kitten sitting", "kitten", "sitting", 3},
		{"runes not bytes", "josé", "jose", 1},
		{"emoji", "🌸a", "a🌸", 1},
		{"restricted variant", "ca", "abc", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EditDistance(tt.a, tt.b)
			if got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if back := EditDistance(tt.b, tt.a); back != got {
				t.Errorf("EditDistance not symmetric: %d vs %d", got, back)
			}
		})
	}
}

func names(ns []Named) []string {
	out := make([]string, len(ns))
	for k, n := range ns {
		out[k] = n.Name
	}
	return out
}

func TestMatchName(t *testing.T) {
	book := []Named{
		{1, "Bu Sari"},
		{2, "Pak Budi"},
		{3, "Toko Maju Jaya"},
		{4, "Toko Makmur"},
		{5, "Sari Dewi"},
		{6, "Bu Susi"},
		{7, "Ani"},
		{8, "Warung Bu Sari"},
		{9, "Straße"},
		{10, ""},
	}
	tests := []struct {
		name      string
		query     string
		cands     []Named
		wantKind  MatchKind
		wantNames []string
	}{
		{"exact", "Bu Sari", book, MatchExact, []string{"Bu Sari"}},
		{"exact ignores case and spaces", "  bu   SARI ", book, MatchExact, []string{"Bu Sari"}},
		{"exact folds case fully", "STRASSE", book, MatchExact, []string{"Straße"}},
		{"exact duplicates all returned", "bu sari", []Named{{2, "BU SARI"}, {1, "Bu Sari"}}, MatchExact, []string{"BU SARI", "Bu Sari"}},
		{"prefix single word any position", "sari", book, MatchPrefix, []string{"Bu Sari", "Sari Dewi", "Warung Bu Sari"}},
		{"prefix two words", "bu s", book, MatchPrefix, []string{"Bu Sari", "Bu Susi", "Warung Bu Sari"}},
		{"prefix words in order", "toko maju", book, MatchPrefix, []string{"Toko Maju Jaya"}},
		{"prefix shared first word", "toko", book, MatchPrefix, []string{"Toko Maju Jaya", "Toko Makmur"}},
		{"prefix needs successive words", "bu dewi", book, MatchNone, nil},
		{"prefix wrong order", "maju toko", book, MatchNone, nil},
		{"close typo whole name and word run", "Bu Sarri", book, MatchClose, []string{"Bu Sari", "Warung Bu Sari"}},
		{"close transposition", "pak bdui", book, MatchClose, []string{"Pak Budi"}},
		{"close single word", "budy", book, MatchClose, []string{"Pak Budi"}},
		{"close ordered by distance then name", "susilawati", []Named{{1, "Sisilawaty"}, {2, "Susy"}, {3, "Susilawaty"}, {4, "Susilowati"}}, MatchClose, []string{"Susilawaty", "Susilowati", "Sisilawaty"}},
		{"close at most five", "ana", []Named{{1, "Ani"}, {2, "Anu"}, {3, "Ane"}, {4, "Ano"}, {5, "Una"}, {6, "Ina"}, {7, "Ena"}}, MatchClose, []string{"Ane", "Ani", "Ano", "Anu", "Ena"}},
		{"close stray space against one word", "sa ri", []Named{{1, "Bu Sari"}, {2, "Pak Budi"}}, MatchClose, []string{"Bu Sari"}},
		{"short query one edit", "ian", []Named{{1, "Ani"}, {2, "Iin"}, {3, "Ivan"}}, MatchClose, []string{"Iin", "Ivan"}},
		{"too far", "Rudi Hartono", book, MatchNone, nil},
		{"empty query", "", book, MatchNone, nil},
		{"blank query", "  \u200b ", book, MatchNone, nil},
		{"no candidates", "sari", nil, MatchNone, nil},
		{"very long query", strings.Repeat("sari ", 200), book, MatchNone, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotKind, got := MatchName(tt.query, tt.cands)
			if gotKind != tt.wantKind || !slices.Equal(names(got), tt.wantNames) {
				t.Errorf("MatchName(%q) = %v %q, want %v %q", tt.query, gotKind, names(got), tt.wantKind, tt.wantNames)
			}
		})
	}
}

func TestMatchNameKeepsIDs(t *testing.T) {
	cands := []Named{{ID: 42, Name: "Bu Sari"}, {ID: 7, Name: "bu sari"}}
	kind, got := MatchName("BU SARI", cands)
	want := []Named{{ID: 42, Name: "Bu Sari"}, {ID: 7, Name: "bu sari"}}
	if kind != MatchExact || !slices.Equal(got, want) {
		t.Errorf("MatchName = %v %v, want MatchExact %v", kind, got, want)
	}
	got[0].Name = "changed"
	if cands[0].Name != "Bu Sari" {
		t.Errorf("MatchName result aliases the candidates")
	}
}

func TestMatchKindString(t *testing.T) {
	tests := []struct {
		name string
		in   MatchKind
		want string
	}{
		{"none", MatchNone, "MatchNone"},
		{"exact", MatchExact, "MatchExact"},
		{"prefix", MatchPrefix, "MatchPrefix"},
		{"close", MatchClose, "MatchClose"},
		{"unknown", MatchKind(9), "MatchKind(9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzMatchName(f *testing.F) {
	f.Add("sari", "Bu Sari|Sari Dewi|Pak Budi")
	f.Add("bu s", "Bu Sari|Bu Susi")
	f.Add("Bu Sarri", "Bu Sari|Toko Maju")
	f.Add("STRASSE", "Straße|Strasse")
	f.Add("", "Bu Sari")
	f.Add("\u202eSari", "sari\xff|")
	f.Fuzz(func(t *testing.T, query, list string) {
		var cands []Named
		for k, name := range strings.Split(list, "|") {
			cands = append(cands, Named{ID: uint64(k), Name: name})
		}
		kind, got := MatchName(query, cands)
		q := NormalizeName(query)
		if NormalizeName(q) != q {
			t.Fatalf("NormalizeName not idempotent: %q -> %q -> %q", query, q, NormalizeName(q))
		}
		if !utf8.ValidString(q) {
			t.Fatalf("NormalizeName(%q) = %q, invalid UTF-8", query, q)
		}
		if (kind == MatchNone) != (len(got) == 0) {
			t.Fatalf("MatchName(%q) = %v with %d results", query, kind, len(got))
		}
		for _, g := range got {
			if int(g.ID) >= len(cands) || cands[g.ID] != g {
				t.Fatalf("MatchName(%q) returned %v, not a candidate", query, g)
			}
			key := NormalizeName(g.Name)
			switch kind {
			case MatchExact:
				if key != q {
					t.Fatalf("MatchName(%q) exact %q but keys %q != %q", query, g.Name, q, key)
				}
			case MatchPrefix:
				if !wordPrefix(strings.Split(q, " "), strings.Split(key, " ")) {
					t.Fatalf("MatchName(%q) prefix %q is not a word prefix", query, g.Name)
				}
			case MatchClose:
				if len(got) > 5 {
					t.Fatalf("MatchName(%q) returned %d close matches", query, len(got))
				}
			default:
				t.Fatalf("MatchName(%q) kind %v", query, kind)
			}
		}
		if q != "" && utf8.RuneCountInString(q) < 100 {
			// A candidate equal to the query always matches exactly.
			k, g := MatchName(query, append(cands, Named{ID: 1 << 40, Name: query}))
			if k != MatchExact || !slices.ContainsFunc(g, func(n Named) bool { return n.ID == 1<<40 }) {
				t.Fatalf("MatchName(%q) with itself as candidate = %v %v", query, k, g)
			}
		}
		a, b := q, NormalizeName(list)
		if len(a) < 200 && len(b) < 200 {
			d := EditDistance(a, b)
			ra, rb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
			if d != EditDistance(b, a) || d < max(ra, rb)-min(ra, rb) || d > max(ra, rb) || (d == 0) != (a == b) {
				t.Fatalf("EditDistance(%q, %q) = %d breaks an invariant", a, b, d)
			}
		}
	})
}
