package args

import "testing"

var known = map[string]string{"jual": "jual", "sale": "jual", "lihat": "lihat", "show": "lihat", "prospek": "prospek",
	"lead": "prospek", "catat": "catat", "cari": "cari", "hapus": "hapus", "batal": "batal", "bantuan": "bantuan",
	"ingatkan": "ingatkan", "pengingat": "pengingat", "penjualan": "penjualan", "kontak": "kontak", "hubungi": "hubungi"}

func TestCommandWord(t *testing.T) {
	for _, tc := range []struct{ in, cmd, rest string }{
		{"jual bu ani 50rb", "jual", "bu ani 50rb"},
		{"Lihat Bu Ani", "lihat", "Bu Ani"},
		{"JUAL Bu Sari 350rb", "jual", "Bu Sari 350rb"},
		{"  catat #7 suka pastel", "catat", "#7 suka pastel"},
		{"batal", "batal", ""},
		{"cari arisan", "cari", "arisan"},
		{"prospek\nBu Rina", "prospek", "Bu Rina"},
		{"sale Mrs Tan 2 juta", "jual", "Mrs Tan 2 juta"},
		{"selamat pagi", "", ""},
		{"jualan laris hari ini", "", ""},
		{"terima kasih", "", ""},
	} {
		cmd, rest, ok := CommandWord(tc.in, known)
		if cmd != tc.cmd || rest != tc.rest || ok != (tc.cmd != "") {
			t.Errorf("CommandWord(%q) = %q %q %v", tc.in, cmd, rest, ok)
		}
	}
}

func TestSuggest(t *testing.T) {
	var words []string
	for w := range known {
		words = append(words, w)
	}
	for _, tc := range []struct{ in, want string }{
		{"jaul", "jual"}, {"jul", "jual"}, {"lihar", "lihat"}, {"prospel", "prospek"}, {"catet", "catat"},
		{"ingatkn", "ingatkan"}, {"penjualn", "penjualan"}, {"bantu", "bantuan"}, {"hapuss", "hapus"},
		{"terbang", ""}, {"x", ""}, {"", ""},
	} {
		got, ok := Suggest(tc.in, words)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Suggest(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
