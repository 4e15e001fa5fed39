package args

import (
	"testing"

	"github.com/salesbot/salesbot/bot/input"
)

func TestParseContacted(t *testing.T) {
	for _, tc := range []struct{ in, name, note string }{
		{"Bu Sari", "Bu Sari", ""},
		{"Bu Sari tanya stok", "Bu Sari", "tanya stok"},
		{"#7 tanya stok", "#7", "tanya stok"},
		{"sari tanya stok", "sari", "tanya stok"},
		{"Budi tanya harga grosir", "Budi", "tanya harga grosir"},
		{"Bu Sari Dewi kirim foto", "Bu Sari Dewi", "kirim foto"},
		{"Bu Sari Dewi 2", "Bu Sari Dewi 2", ""},
		{"Pak Budi Santoso", "Pak Budi Santoso", ""},
		{"Bu Sari - lewat WA", "Bu Sari", "lewat WA"},
		{"Bu Tini: minta ongkir", "Bu Tini", "minta ongkir"},
		{"Orang Baru", "Orang Baru", ""},
		{"Toko 99 tanya promo", "Toko 99", "tanya promo"},
	} {
		got, err := ParseContacted(input.SplitArgs(tc.in), book)
		if err != nil || got.Name != tc.name || got.Note != tc.note {
			t.Errorf("ParseContacted(%q) = %+v, %v; want %q / %q", tc.in, got, err, tc.name, tc.note)
		}
	}
	if _, err := ParseContacted(nil, book); err == nil {
		t.Error("no name accepted")
	}
}

func TestParseNote(t *testing.T) {
	for _, tc := range []struct {
		in, name, text string
		miss           bool
	}{
		{in: "Bu Sari suka warna pastel", name: "Bu Sari", text: "suka warna pastel"},
		{in: "#7 suka warna pastel", name: "#7", text: "suka warna pastel"},
		{in: "Pak Hadi", name: "Pak Hadi", miss: true},
		{in: "Bu Sari", name: "Bu Sari", miss: true},
		{in: "Bu Sari Dewi 2", name: "Bu Sari Dewi 2", miss: true},
		{in: "#7", name: "#7", miss: true},
		{in: "Pak Joko suka kopi", name: "Pak Joko", text: "suka kopi"},
		{in: "hadi minta katalog", name: "hadi", text: "minta katalog"},
		{in: "Bu Sari Dewi 2 ukuran XL", name: "Bu Sari Dewi 2", text: "ukuran XL"},
		{in: "Bu Sari: alamat baru", name: "Bu Sari", text: "alamat baru"},
		{in: "Toko 99 buka jam 8", name: "Toko 99", text: "buka jam 8"},
		{in: "Kak Rna", name: "Kak Rna", miss: true}, // a typo: the honorific alone is no name
		{in: "Pak Joko", name: "Pak Joko", miss: true},
		{in: "", miss: true},
	} {
		got, err := ParseNote(input.SplitArgs(tc.in), book)
		p, isProblem := AsProblem(err)
		switch {
		case tc.miss && (!isProblem || !p.Missing):
			t.Errorf("ParseNote(%q) err = %v, want missing", tc.in, err)
		case !tc.miss && err != nil:
			t.Errorf("ParseNote(%q) err = %v", tc.in, err)
		case got.Name != tc.name || got.Text != tc.text:
			t.Errorf("ParseNote(%q) = %+v, want %q / %q", tc.in, got, tc.name, tc.text)
		}
	}
}

func TestParseName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Bu Sari", "Bu Sari"}, {"#7", "#7"}, {"Bu Sri Wahyuni", "Bu Sri Wahyuni"}, {"Pak Budi Santoso", "Pak Budi Santoso"},
		{"  bu   sari ", "bu sari"}, {"Toko 99", "Toko 99"}, {`"Bu Sari Dewi"`, "Bu Sari Dewi"}, {"sari", "sari"},
		{"Warung Bu Tini 2", "Warung Bu Tini 2"}, {"H. Amir", "H. Amir"},
	} {
		if got, err := ParseName(input.SplitArgs(tc.in)); err != nil || got != tc.want {
			t.Errorf("ParseName(%q) = %q, %v", tc.in, got, err)
		}
	}
	if _, err := ParseName(nil); err == nil {
		t.Error("empty name accepted")
	}
}

func FuzzSplitName(f *testing.F) {
	for _, s := range []string{"Bu Sari tanya stok", "#7 x", "Pak: -", "a b c d e f g h i j k l"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, need int) {
		toks := input.SplitArgs(s)
		name, rest := SplitName(toks, book, need%3)
		if len(toks) > 0 && name == "" {
			t.Errorf("SplitName(%q) gave no name", s)
		}
		if len(rest) > len(toks) {
			t.Errorf("SplitName(%q) rest %q", s, rest)
		}
		_, _ = ParseNote(toks, book)
		_, _ = ParseContacted(toks, book)
		_ = Compare(s, "Bu Sari")
	})
}
