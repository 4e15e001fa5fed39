package input

import (
	"errors"
	"strings"
	"testing"
)

func TestScanMoneyWords(t *testing.T) {
	tests := []struct {
		in      string // split with strings.Fields
		i       int
		want    int64
		wantN   int
		wantOK  bool
		wantErr error
	}{
		// Words with a unit word.
		{"lima puluh ribu", 0, 50_000, 3, true, nil},
		{"seratus ribu", 0, 100_000, 2, true, nil},
		{"dua ratus lima puluh ribu", 0, 250_000, 5, true, nil},
		{"seratus lima puluh ribu", 0, 150_000, 4, true, nil},
		{"sebelas ribu", 0, 11_000, 2, true, nil},
		{"dua belas ribu", 0, 12_000, 3, true, nil},
		{"tiga puluh lima ribu", 0, 35_000, 4, true, nil},
		{"sembilan ratus sembilan puluh sembilan ribu", 0, 999_000, 6, true, nil},
		{"seratus dua ribu", 0, 102_000, 3, true, nil},
		{"sepuluh ribu", 0, 10_000, 2, true, nil},
		{"lima ribu", 0, 5_000, 2, true, nil},
		{"satu ribu", 0, 1_000, 2, true, nil},
		{"satu ratus ribu", 0, 100_000, 3, true, nil},
		{"seribu", 0, 1_000, 1, true, nil},
		{"sejuta", 0, 1_000_000, 1, true, nil},
		{"satu juta", 0, 1_000_000, 2, true, nil},
		{"semiliar", 0, 1_000_000_000, 1, true, nil},
		{"semilyar", 0, 1_000_000_000, 1, true, nil},
		{"satu miliar", 0, 1_000_000_000, 2, true, nil},
		{"dua milyar", 0, 2_000_000_000, 2, true, nil},
		{"setriliun", 0, 1_000_000_000_000, 1, true, nil},
		{"sepuluh triliun", 0, MaxAmount, 2, true, nil},
		// Halves.
		{"satu setengah juta", 0, 1_500_000, 3, true, nil},
		{"setengah juta", 0, 500_000, 2, true, nil},
		{"dua setengah juta", 0, 2_500_000, 3, true, nil},
		{"sejuta setengah", 0, 1_500_000, 2, true, nil},
		{"dua juta setengah", 0, 2_500_000, 3, true, nil},
		{"setengah ribu", 0, 500, 2, true, nil},
		{"2 setengah juta", 0, 2_500_000, 3, true, nil},
		{"2 juta setengah", 0, 2_500_000, 3, true, nil},
		{"2 jt setengah kerudung", 0, 2_500_000, 3, true, nil},
		// Compound amounts, units getting smaller.
		{"satu juta dua ratus ribu", 0, 1_200_000, 5, true, nil},
		{"sejuta dua ratus ribu", 0, 1_200_000, 4, true, nil},
		{"satu miliar lima ratus juta", 0, 1_500_000_000, 5, true, nil},
		{"dua juta seribu", 0, 2_001_000, 3, true, nil},
		{"satu juta dua ratus ribu lima ratus", 0, 1_200_500, 7, true, nil},
		{"seribu lima ratus", 0, 1_500, 3, true, nil},
		{"dua ribu lima ratus", 0, 2_500, 4, true, nil},
		{"seribu lima ratus dua", 0, 1_502, 4, true, nil},
		{"1 juta 200 ribu", 0, 1_200_000, 4, true, nil},
		{"1 jt 200 rb", 0, 1_200_000, 4, true, nil},
		{"1jt 200rb", 0, 1_200_000, 2, true, nil},
		{"1jt. 200rb", 0, 1_200_000, 2, true, nil},
		{"1,5jt 200 kerudung", 0, 1_500_000, 1, true, nil},
		{"1 juta dua ratus ribu", 0, 1_200_000, 5, true, nil},
		{"sejuta 200 ribu", 0, 1_200_000, 3, true, nil},
		{"2 ribu 5 ratus", 0, 2_500, 4, true, nil},
		{"2 ribu lima ratus", 0, 2_500, 4, true, nil},
		// A digit for the first number word.
		{"2 ratus ribu", 0, 200_000, 3, true, nil},
		{"5 puluh rb", 0, 50_000, 3, true, nil},
		{"1 ratus ribu", 0, 100_000, 3, true, nil},
		{"2 ratus", 0, 200, 2, true, nil},
		// Abbreviated units after words.
		{"lima puluh rb", 0, 50_000, 3, true, nil},
		{"seratus rb", 0, 100_000, 2, true, nil},
		{"dua ratus k", 0, 200_000, 3, true, nil},
		{"lima jt", 0, 5_000_000, 2, true, nil},
		{"seratus rb.", 0, 100_000, 2, true, nil},
		// Case, currency prefix, punctuation.
		{"LIMA PULUH RIBU", 0, 50_000, 3, true, nil},
		{"Seratus Ribu", 0, 100_000, 2, true, nil},
		{"Rp seratus ribu", 0, 100_000, 3, true, nil},
		{"IDR sejuta", 0, 1_000_000, 2, true, nil},
		{"seratus ribu, dua kerudung", 0, 100_000, 2, true, nil},
		{"seratus ribu. lima", 0, 100_000, 2, true, nil},
		{"sejuta, setengah", 0, 1_000_000, 1, true, nil},
		// The rest is the product.
		{"seratus ribu kerudung", 0, 100_000, 2, true, nil},
		{"Bu Sari lima puluh ribu gamis hitam", 2, 50_000, 3, true, nil},
		{"seratus ribu 2 kerudung", 0, 100_000, 2, true, nil},
		{"50 ribu dua kerudung", 0, 50_000, 2, true, nil},
		{"50rb dua tiga kerudung", 0, 50_000, 1, true, nil},
		{"350rb 2 pcs", 0, 350_000, 1, true, nil},
		{"1jt 3x", 0, 1_000_000, 1, true, nil},
		{"1jt 5 m", 0, 1_000_000, 1, true, nil},

		// Quantities, not money: no unit word.
		{"lima", 0, 0, 0, false, nil},
		{"dua puluh", 0, 0, 0, false, nil},
		{"dua puluh kerudung", 0, 0, 0, false, nil},
		{"seratus kerudung ribu", 0, 0, 0, false, nil},
		{"dua tiga kerudung", 0, 0, 0, false, nil},
		{"setengah kg", 0, 0, 0, false, nil},
		{"dua, ribu", 0, 0, 0, false, nil},
		{"ribu", 0, 0, 0, false, nil},
		{"ribu kerudung", 0, 0, 0, false, nil},
		{"k lima", 0, 0, 0, false, nil},
		{"se ribu", 0, 0, 0, false, nil},
		{"limapuluh ribu", 0, 0, 0, false, nil},
		{"Rp ribu", 0, 0, 0, false, nil},
		{"-seratus ribu", 0, 0, 0, false, nil},
		{"selusin", 0, 0, 0, false, nil},

		// Started as a number, but not readable: reported.
		{"ribu lima", 0, 0, 2, true, ErrMoneyUnreadable},
		{"seratus seratus ribu", 0, 0, 3, true, ErrMoneyUnreadable},
		{"dua juta tiga juta", 0, 0, 4, true, ErrMoneyUnreadable},
		{"dua juta tiga juta kerudung", 0, 0, 4, true, ErrMoneyUnreadable},
		{"dua tiga ribu", 0, 0, 3, true, ErrMoneyUnreadable},
		{"satu belas ribu", 0, 0, 3, true, ErrMoneyUnreadable},
		{"satu puluh ribu", 0, 0, 3, true, ErrMoneyUnreadable},
		{"ratus ribu", 0, 0, 2, true, ErrMoneyUnreadable},
		{"dua ribu juta", 0, 0, 3, true, ErrMoneyUnreadable},
		{"seribu ribu", 0, 0, 2, true, ErrMoneyUnreadable},
		{"350rb ribu", 0, 0, 2, true, ErrMoneyUnreadable},
		{"seribu sejuta", 0, 0, 2, true, ErrMoneyUnreadable},
		{"sejuta lima ratus", 0, 0, 3, true, ErrMoneyUnreadable},
		{"sejuta dua", 0, 0, 2, true, ErrMoneyUnreadable},
		{"dua ribu lima", 0, 0, 3, true, ErrMoneyUnreadable},
		{"seratus ribu dua kerudung", 0, 0, 3, true, ErrMoneyUnreadable},
		{"seribu lima ratus setengah", 0, 0, 4, true, ErrMoneyUnreadable},
		{"setengah setengah juta", 0, 0, 3, true, ErrMoneyUnreadable},
		{"dua setengah setengah ribu", 0, 0, 4, true, ErrMoneyUnreadable},
		{"sejuta setengah ribu", 0, 0, 3, true, ErrMoneyUnreadable},
		{"satu juta dua ratus ribu setengah", 0, 0, 6, true, ErrMoneyUnreadable},
		{"sejuta setengah setengah", 0, 0, 3, true, ErrMoneyUnreadable},
		{"1,5 jt setengah", 0, 0, 3, true, ErrMoneyUnreadable},
		{"1,5 juta 200 ribu", 0, 0, 4, true, ErrMoneyUnreadable},
		{"1 juta 2 juta", 0, 0, 4, true, ErrMoneyUnreadable},
		{"1 juta 2000 ribu", 0, 0, 4, true, ErrMoneyUnreadable},
		{"1 juta dua dua ratus ribu", 0, 0, 6, true, ErrMoneyUnreadable},
		{"2 ratus 50 ribu", 0, 0, 4, true, ErrMoneyUnreadable},
		{"1 puluh ribu", 0, 0, 3, true, ErrMoneyUnreadable},
		{"Rp lima", 0, 0, 2, true, ErrMoneyUnreadable},
		{"Rp dua puluh kerudung", 0, 0, 3, true, ErrMoneyUnreadable},
		{"sebelas triliun", 0, 0, 2, true, ErrMoneyTooLarge},
		{"sepuluh triliun seribu", 0, 0, 3, true, ErrMoneyTooLarge},
		{"seribu triliun", 0, 0, 2, true, ErrMoneyUnreadable},
		{"-1 juta 200 ribu", 0, 0, 4, true, ErrMoneyNotPositive},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tokens := strings.Fields(tt.in)
			got, n, ok, err := ScanMoney(tokens, tt.i)
			if got != tt.want || n != tt.wantN || ok != tt.wantOK {
				t.Errorf("ScanMoney(%q, %d) = %d, %d, %v, %v; want %d, %d, %v",
					tokens, tt.i, got, n, ok, err, tt.want, tt.wantN, tt.wantOK)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("ScanMoney(%q, %d) error: %v", tokens, tt.i, err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("ScanMoney(%q, %d) error = %v, want %v", tokens, tt.i, err, tt.wantErr)
			}
		})
	}
}

func TestParseMoneyWords(t *testing.T) {
	for in, want := range map[string]int64{
		"lima puluh ribu":          50_000,
		"Rp seratus ribu":          100_000,
		"satu setengah juta":       1_500_000,
		"satu juta dua ratus ribu": 1_200_000,
		"1 jt 200 rb":              1_200_000,
		"sejuta.":                  1_000_000,
		"dua ratus k":              200_000,
	} {
		if got, err := ParseMoney(in); err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, want := range map[string]error{
		"lima":                  ErrMoneyUnreadable,
		"dua puluh":             ErrMoneyUnreadable,
		"seratus seratus ribu":  ErrMoneyUnreadable,
		"seratus ribu kerudung": ErrMoneyUnreadable,
		"sebelas triliun":       ErrMoneyTooLarge,
	} {
		if got, err := ParseMoney(in); !errors.Is(err, want) || got != 0 {
			t.Errorf("ParseMoney(%q) = %d, %v; want error %v", in, got, err, want)
		}
	}
}

func TestScanCount(t *testing.T) {
	tests := []struct {
		in       string // split with strings.Fields
		i        int
		want     int64
		wantX    bool
		wantUsed int
		wantOK   bool
	}{
		{"2", 0, 2, false, 1, true},
		{"12 kerudung", 0, 12, false, 1, true},
		{"9999", 0, 9999, false, 1, true},
		{"3x", 0, 3, true, 1, true},
		{"x3", 0, 3, true, 1, true},
		{"3X", 0, 3, true, 1, true},
		{"X12", 0, 12, true, 1, true},
		{"3 x 50rb", 0, 3, true, 2, true},
		{"3 X", 0, 3, true, 2, true},
		{"3×", 0, 3, true, 1, true},
		{"3 ×", 0, 3, true, 2, true},
		{"3x,", 0, 3, true, 1, true},
		{"2, x", 0, 2, false, 1, true},
		{"dua", 0, 2, false, 1, true},
		{"Dua kerudung", 0, 2, false, 1, true},
		{"satu", 0, 1, false, 1, true},
		{"sepuluh", 0, 10, false, 1, true},
		{"sebelas", 0, 11, false, 1, true},
		{"dua belas", 0, 12, false, 2, true},
		{"dua puluh", 0, 20, false, 2, true},
		{"tiga puluh lima gamis", 0, 35, false, 3, true},
		{"seratus", 0, 100, false, 1, true},
		{"dua ratus lima puluh", 0, 250, false, 4, true},
		{"sembilan ratus sembilan puluh sembilan", 0, 999, false, 5, true},
		{"dua x", 0, 2, true, 2, true},
		{"selusin", 0, 12, false, 1, true},
		{"sekodi kain", 0, 20, false, 1, true},
		{"2 lusin", 0, 24, false, 2, true},
		{"dua kodi", 0, 40, false, 2, true},
		{"setengah lusin", 0, 6, false, 2, true},
		{"setengah kodi", 0, 10, false, 2, true},
		{"Bu Sari 2 kerudung", 2, 2, false, 1, true},
		{"dua 50rb", 0, 2, false, 1, true},

		{"0", 0, 0, false, 0, false},
		{"001", 0, 0, false, 0, false},
		{"081234567890", 0, 0, false, 0, false},
		{"10000", 0, 0, false, 0, false},
		{"25rb", 0, 0, false, 0, false},
		{"Rp2", 0, 0, false, 0, false},
		{"Rp 2", 0, 0, false, 0, false},
		{"2.500", 0, 0, false, 0, false},
		{"2,5", 0, 0, false, 0, false},
		{"#7", 0, 0, false, 0, false},
		{"-2", 0, 0, false, 0, false},
		{"+2", 0, 0, false, 0, false},
		{"x", 0, 0, false, 0, false},
		{"x0", 0, 0, false, 0, false},
		{"0x", 0, 0, false, 0, false},
		{"3x5", 0, 0, false, 0, false},
		{"xx3", 0, 0, false, 0, false},
		{"2pcs", 0, 0, false, 0, false},
		{"se", 0, 0, false, 0, false},
		{"2 jt", 0, 0, false, 0, false},
		{"2 ribu", 0, 0, false, 0, false},
		{"dua ribu", 0, 0, false, 0, false},
		{"seratus rb", 0, 0, false, 0, false},
		{"2 ratus", 0, 0, false, 0, false},
		{"2 ratus ribu", 0, 0, false, 0, false},
		{"2 m", 0, 0, false, 0, false},
		{"2 setengah kg", 0, 0, false, 0, false},
		{"dua setengah juta", 0, 0, false, 0, false},
		{"selusin setengah", 0, 0, false, 0, false},
		{"dua tiga", 0, 0, false, 0, false},
		{"satu belas", 0, 0, false, 0, false},
		{"seribu", 0, 0, false, 0, false},
		{"setengah", 0, 0, false, 0, false},
		{"lusin", 0, 0, false, 0, false},
		{"kerudung", 0, 0, false, 0, false},
		{"2", 1, 0, false, 0, false},
		{"2", -1, 0, false, 0, false},
		{"", 0, 0, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tokens := strings.Fields(tt.in)
			c, used, ok := ScanCount(tokens, tt.i)
			if c.N != tt.want || c.Times != tt.wantX || used != tt.wantUsed || ok != tt.wantOK {
				t.Errorf("ScanCount(%q, %d) = %+v, %d, %v; want {N:%d Times:%v}, %d, %v",
					tokens, tt.i, c, used, ok, tt.want, tt.wantX, tt.wantUsed, tt.wantOK)
			}
		})
	}
}

// terbilang spells n the standard Indonesian way ("seribu lima ratus",
// "dua juta tiga ratus ribu"). style picks variants a seller may use:
// bit 0 "satu juta" for "sejuta", bit 1 abbreviated units, bit 2 upper case,
// bit 3 "k" for ribu.
func terbilang(n int64, style uint8) []string {
	scales := []struct {
		v          int64
		word, abbr string
		se         string
	}{
		{1_000_000_000_000, "triliun", "triliun", "setriliun"},
		{1_000_000_000, "miliar", "milyar", "semiliar"},
		{1_000_000, "juta", "jt", "sejuta"},
		{1_000, "ribu", "rb", "seribu"},
	}
	var out []string
	for _, sc := range scales {
		q := n / sc.v
		n %= sc.v
		if q == 0 {
			continue
		}
		unit := sc.word
		if style&2 != 0 {
			unit = sc.abbr
		}
		if style&8 != 0 && sc.v == 1_000 {
			unit = "k"
		}
		if q == 1 && style&1 == 0 {
			out = append(out, sc.se)
			continue
		}
		out = append(append(out, groupWords(q)...), unit)
	}
	out = append(out, groupWords(n)...)
	if style&4 != 0 {
		for k := range out {
			out[k] = strings.ToUpper(out[k])
		}
	}
	return out
}

func groupWords(n int64) []string {
	units := []string{"", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"}
	var out []string
	switch h := n / 100; {
	case h == 1:
		out = append(out, "seratus")
	case h > 1:
		out = append(out, units[h], "ratus")
	}
	switch t, u := n%100/10, n%10; {
	case t == 1 && u == 0:
		out = append(out, "sepuluh")
	case t == 1 && u == 1:
		out = append(out, "sebelas")
	case t == 1:
		out = append(out, units[u], "belas")
	case t > 1:
		out = append(out, units[t], "puluh")
		if u > 0 {
			out = append(out, units[u])
		}
	case u > 0:
		out = append(out, units[u])
	}
	return out
}

// wordsReadable reports whether ScanMoney reads terbilang(v) exactly: it
// needs a unit word, and below the smallest unit only hundreds after ribu.
func wordsReadable(v int64) bool {
	tail := v % 1000
	return v >= 1000 && (tail == 0 || tail >= 100 && v/1000%1000 != 0)
}

func TestTerbilang(t *testing.T) {
	for v, want := range map[int64]string{
		1_500:         "seribu lima ratus",
		11_000:        "sebelas ribu",
		250_000:       "dua ratus lima puluh ribu",
		1_200_000:     "sejuta dua ratus ribu",
		2_000_015_000: "dua miliar lima belas ribu",
	} {
		if got := strings.Join(terbilang(v, 0), " "); got != want {
			t.Errorf("terbilang(%d) = %q, want %q", v, got, want)
		}
	}
}

func TestScanMoneyWordsOracle(t *testing.T) {
	for _, v := range []int64{
		1_000, 1_100, 1_999, 2_005, 12_000, 99_999, 100_000, 101_000, 110_500, 999_999,
		1_000_000, 1_000_500, 1_001_000, 1_234_567, 7_654_000, 1_000_000_000, 1_000_000_100,
		MaxAmount, MaxAmount - 1, 9_999_999_999_999, 5,
	} {
		for style := range uint8(16) {
			checkWordsOracle(t, v, style, nil)
		}
	}
}

// checkWordsOracle checks ScanMoney on terbilang(v) followed by tail.
func checkWordsOracle(t *testing.T, v int64, style uint8, tail []string) {
	t.Helper()
	words := terbilang(v, style)
	tokens := append(append([]string{"Bu"}, words...), tail...)
	got, n, ok, err := ScanMoney(tokens, 1)
	switch {
	case wordsReadable(v):
		if !ok || err != nil || got != v || n != len(words) {
			t.Fatalf("ScanMoney(%q, 1) = %d, %d, %v, %v; want %d, %d", tokens, got, n, ok, err, v, len(words))
		}
	case v < 1000:
		if ok {
			t.Fatalf("ScanMoney(%q, 1) = %d, %d, %v, %v; want not an amount", tokens, got, n, ok, err)
		}
	default:
		if !ok || !errors.Is(err, ErrMoneyUnreadable) || n < len(words) {
			t.Fatalf("ScanMoney(%q, 1) = %d, %d, %v, %v; want unreadable over %d tokens",
				tokens, got, n, ok, err, len(words))
		}
	}
}

func TestScanCountOracle(t *testing.T) {
	for v := int64(1); v < 1000; v++ {
		words := groupWords(v)
		tokens := append(words, "kerudung")
		c, used, ok := ScanCount(tokens, 0)
		if !ok || c.N != v || c.Times || used != len(words) {
			t.Fatalf("ScanCount(%q) = %+v, %d, %v; want %d, %d", tokens, c, used, ok, v, len(words))
		}
	}
}

// checkScan checks the ScanMoney contract on tokens at i.
func checkScan(t *testing.T, tokens []string, i int) {
	t.Helper()
	got, n, ok, err := ScanMoney(tokens, i)
	switch {
	case !ok:
		if got != 0 || n != 0 || err != nil {
			t.Fatalf("ScanMoney(%q, %d) = %d, %d, false, %v", tokens, i, got, n, err)
		}
	case err != nil:
		if got != 0 || n < 1 || n > len(tokens)-i {
			t.Fatalf("ScanMoney(%q, %d) = %d, %d, true, %v", tokens, i, got, n, err)
		}
		if !errors.Is(err, ErrMoneyUnreadable) && !errors.Is(err, ErrMoneyNotPositive) &&
			!errors.Is(err, ErrMoneyTooLarge) {
			t.Fatalf("ScanMoney(%q, %d) error %v wraps no sentinel", tokens, i, err)
		}
	default:
		if got <= 0 || got > MaxAmount || n < 1 || n > len(tokens)-i {
			t.Fatalf("ScanMoney(%q, %d) = %d, %d, true, nil", tokens, i, got, n)
		}
		// The amount alone reads the same.
		if back, err := ParseMoney(strings.Join(tokens[i:i+n], " ")); err != nil || back != got {
			// SplitArgs tokens may hold spaces; only check plain tokens.
			if !strings.ContainsFunc(strings.Join(tokens[i:i+n], ""), isSpaceRune) {
				t.Fatalf("ScanMoney(%q, %d) = %d, %d but ParseMoney of those tokens = %d, %v",
					tokens, i, got, n, back, err)
			}
		}
	}
}

func isSpaceRune(r rune) bool { return strings.ContainsRune(" \t\n\v\f\r\u0085\u00a0", r) }

var fuzzVocabulary = strings.Fields(`satu dua tiga empat lima enam tujuh delapan sembilan
	sepuluh sebelas seratus belas puluh ratus ribu rb k juta jt miliar milyar triliun
	seribu sejuta semiliar setriliun setengah Rp x 2 12 350rb 1,5 200 kerudung , m
	lusin selusin sekodi kodi 3x x3 0812 - ribu, jt. Seratus SEJUTA 9 1 0`)

// FuzzScanMoneyWords checks ScanMoney on sequences of number words (each
// byte of b picks a word) and on the standard spelling of an amount
// followed by arbitrary text.
func FuzzScanMoneyWords(f *testing.F) {
	f.Add([]byte{2, 17, 3, 19}, uint64(1_200_000), uint8(0), "kerudung")
	f.Add([]byte{11, 12, 11, 17}, uint64(1_500), uint8(3), "2 x")
	f.Add([]byte{22, 21, 26}, uint64(250_000), uint8(8), "dua")
	f.Add([]byte{1, 25, 19, 3, 16}, uint64(10_000_000_000_000), uint8(5), ", lima")
	f.Fuzz(func(t *testing.T, b []byte, v uint64, style uint8, tail string) {
		if len(b) > 80 {
			b = b[:80] // every start index is checked: keep it quick
		}
		tokens := make([]string, 0, len(b))
		for _, c := range b {
			tokens = append(tokens, fuzzVocabulary[int(c)%len(fuzzVocabulary)])
		}
		for i := range tokens {
			checkScan(t, tokens, i)
			_, _, _ = ScanCount(tokens, i)
		}
		amount := int64(v%uint64(MaxAmount)) + 1
		tailTokens := strings.Fields(tail)
		words := terbilang(amount, style)
		if len(tailTokens) > 0 && wordsReadable(amount) {
			// What follows the amount may continue it, but never shortens it
			// unless it starts with a number or a unit word.
			tokens := append(append([]string{"Bu"}, words...), tailTokens...)
			got, n, ok, err := ScanMoney(tokens, 1)
			next := lexWord(tailTokens[0])
			if !ok || n < len(words) {
				t.Fatalf("ScanMoney(%q, 1) = %d, %d, %v, %v; read less than %q", tokens, got, n, ok, err, words)
			}
			if err == nil && n == len(words) && got != amount {
				t.Fatalf("ScanMoney(%q, 1) = %d, %d; want %d", tokens, got, n, amount)
			}
			if next.kind == wNone && !strings.ContainsAny(tailTokens[0][:1], "0123456789") &&
				(err != nil || got != amount || n != len(words)) {
				t.Fatalf("ScanMoney(%q, 1) = %d, %d, %v, %v; want %d, %d", tokens, got, n, ok, err, amount, len(words))
			}
			for i := range tokens {
				checkScan(t, tokens, i)
			}
		}
		checkWordsOracle(t, amount, style, nil)
	})
}

// FuzzScanCount checks ScanCount on arbitrary text and on sequences of
// vocabulary words.
func FuzzScanCount(f *testing.F) {
	for _, s := range []string{
		"2", "12 kerudung", "3x", "x3", "3 x 50rb", "dua puluh lima", "selusin", "2 lusin",
		"setengah kodi", "0812", "001", "25rb", "Rp2", "2.500", "#7", "2 jt", "seratus ribu",
		"dua x", "3×", "9999", "10000", "2 setengah kg",
	} {
		f.Add(s, []byte{1, 15})
	}
	f.Fuzz(func(t *testing.T, s string, b []byte) {
		if len(s) > 400 {
			s = s[:400]
		}
		if len(b) > 80 {
			b = b[:80]
		}
		fields := strings.Fields(s)
		words := make([]string, 0, len(b))
		for _, c := range b {
			words = append(words, fuzzVocabulary[int(c)%len(fuzzVocabulary)])
		}
		for _, tokens := range [][]string{fields, SplitArgs(s), words} {
			upper := make([]string, len(tokens))
			ascii := true
			for k, tok := range tokens {
				upper[k] = strings.ToUpper(tok)
				ascii = ascii && !strings.ContainsFunc(tok, func(r rune) bool { return r > 127 })
			}
			for i := -1; i <= len(tokens); i++ {
				c, used, ok := ScanCount(tokens, i)
				if !ok {
					if c != (Count{}) || used != 0 {
						t.Fatalf("ScanCount(%q, %d) = %+v, %d, false", tokens, i, c, used)
					}
					continue
				}
				if c.N < 1 || c.N > MaxCount || used < 1 || used > len(tokens)-i {
					t.Fatalf("ScanCount(%q, %d) = %+v, %d, true", tokens, i, c, used)
				}
				if _, n, mok, _ := ScanMoney(tokens, i); mok && n > 1 {
					t.Fatalf("ScanCount(%q, %d) = %+v, but ScanMoney reads %d tokens", tokens, i, c, n)
				}
				first := strings.ToLower(tokens[i])
				if c.Times && !strings.ContainsAny(first+" "+strings.ToLower(tokens[i+used-1]), "x×") {
					t.Fatalf("ScanCount(%q, %d) = %+v without an x", tokens, i, c)
				}
				if strings.HasPrefix(first, "0") || strings.HasPrefix(first, "rp") || strings.HasPrefix(first, "#") {
					t.Fatalf("ScanCount(%q, %d) = %+v", tokens, i, c)
				}
				// Case does not matter for ASCII input.
				if ascii {
					if c2, used2, ok2 := ScanCount(upper, i); c2 != c || used2 != used || !ok2 {
						t.Fatalf("ScanCount(%q, %d) = %+v, %d but upper case gives %+v, %d, %v",
							tokens, i, c, used, c2, used2, ok2)
					}
				}
			}
		}
	})
}

func TestScanMoneyLongPunctuation(t *testing.T) {
	tokens := []string{"350", "ribu" + strings.Repeat("!", 30)}
	if got, n, ok, err := ScanMoney(tokens, 0); got != 350_000 || n != 2 || !ok || err != nil {
		t.Errorf("ScanMoney(%q) = %d, %d, %v, %v", tokens, got, n, ok, err)
	}
}

func TestScanMoneyLongWordRun(t *testing.T) {
	// The look-ahead for a unit word is bounded, so scanning every token of
	// a long message stays linear; such a run is not an amount.
	tokens := append(strings.Fields(strings.Repeat("dua ", 100)), "ribu")
	if got, n, ok, err := ScanMoney(tokens, 0); ok || n != 0 || got != 0 || err != nil {
		t.Errorf("ScanMoney(100 × dua, ribu) = %d, %d, %v, %v; want not an amount", got, n, ok, err)
	}
	// A garbled amount is reported over its number words, up to the bound.
	tokens = append([]string{"seratus"}, tokens[70:]...)
	if _, n, ok, err := ScanMoney(tokens, 0); !ok || !errors.Is(err, ErrMoneyUnreadable) || n < 2 || n > maxRunWords+1 {
		t.Errorf("ScanMoney(seratus, 30 × dua, ribu) = %d, %v, %v", n, ok, err)
	}
}
