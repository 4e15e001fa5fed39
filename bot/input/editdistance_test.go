package input

import (
	"testing"
	"unicode/utf8"
)

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

func FuzzEditDistance(f *testing.F) {
	f.Add("sari", "sary")
	f.Add("Straße", "Strasse")
	f.Add("", "Bu Sari")
	f.Add("\u202eSari", "sari\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 200 || len(b) > 200 || !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		d := EditDistance(a, b)
		ra, rb := len([]rune(a)), len([]rune(b))
		if d != EditDistance(b, a) || d < max(ra, rb)-min(ra, rb) || d > max(ra, rb) || (d == 0) != (a == b) {
			t.Fatalf("EditDistance(%q, %q) = %d breaks an invariant", a, b, d)
		}
	})
}
