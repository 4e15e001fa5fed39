package input

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "Bu Sari", "Bu Sari"},
		{"trim and collapse", "  Bu   Sari\t ", "Bu Sari"},
		{"newline becomes space", "Bu\nSari", "Bu Sari"},
		{"no-break space", "Bu\u00a0Sari", "Bu Sari"},
		{"punctuation kept", "Toko <Maju> & Jaya_*", "Toko <Maju> & Jaya_*"},
		{"case kept", "toko MAJU", "toko MAJU"},
		{"apostrophe kept", "Jum'at", "Jum'at"},
		{"zero width space removed", "Sa\u200bri", "Sari"},
		{"soft hyphen removed", "Sa\u00adri", "Sari"},
		{"BOM removed", "\ufeffSari", "Sari"},
		{"controls removed", "Sa\x00r\x07i", "Sari"},
		{"bidi override removed", "\u202eSari\u202c", "Sari"},
		{"bidi isolate removed", "\u2066Sari\u2069", "Sari"},
		{"hangul filler removed", "Sari\u3164", "Sari"},
		{"emoji kept", "Toko 🌸 Ani", "Toko 🌸 Ani"},
		{"ZWJ emoji sequence kept", "Ani 👩\u200d💻", "Ani 👩\u200d💻"},
		{"ZWJ with skin tone kept", "Ani 👩🏽\u200d🍳", "Ani 👩🏽\u200d🍳"},
		{"ZWJ after variation selector kept", "Ani 🏳\ufe0f\u200d🌈", "Ani 🏳\ufe0f\u200d🌈"},
		{"ZWJ between letters removed", "Sa\u200dri", "Sari"},
		{"ZWJ at end removed", "Ani 👩\u200d", "Ani 👩"},
		{"flag tag sequence kept", "Ani 🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "Ani 🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"},
		{"stray tag removed", "Sa\U000E0067ri", "Sari"},
		{"arabic kept", "محمد علي", "محمد علي"},
		{"hebrew kept", "שרה", "שרה"},
		{"digits only", "123", "123"},
		{"combining accents kept", "Jose\u0301", "Jose\u0301"},
		{"exactly max length", strings.Repeat("a", MaxNameRunes), strings.Repeat("a", MaxNameRunes)},
		{"max length in runes not bytes", strings.Repeat("é", MaxNameRunes), strings.Repeat("é", MaxNameRunes)},
		{"slash inside allowed", "Sari/Dewi", "Sari/Dewi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanName(tt.in)
			if err != nil {
				t.Fatalf("CleanName(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanNameRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrNameEmpty},
		{"blank", " \t\n ", ErrNameEmpty},
		{"only invisible", "\u200b\u202e\u3164", ErrNameEmpty},
		{"too long", strings.Repeat("a", MaxNameRunes+1), ErrNameTooLong},
		{"too long runes", strings.Repeat("é", MaxNameRunes+1), ErrNameTooLong},
		{"invalid UTF-8", "Sari\xff", ErrNameInvalid},
		{"only punctuation", "...!?", ErrNameInvalid},
		{"only symbols", "*** &&&", ErrNameInvalid},
		{"only emoji", "🌸🌸", ErrNameInvalid},
		{"command", "/start", ErrNameInvalid},
		{"command after space", "  /jual Sari", ErrNameInvalid},
		{"short number", "#7", ErrNameInvalid},
		{"tag", "#arisan", ErrNameInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanName(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CleanName(%q) = %q, %v; want %v", tt.in, got, err, tt.want)
			}
			if got != "" {
				t.Errorf("CleanName(%q) = %q with error, want empty", tt.in, got)
			}
		})
	}
}

func TestCleanNote(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"blank", " \n\t\n ", ""},
		{"one line", "  suka   warna merah ", "suka warna merah"},
		{"lines kept", "pesan 2\nambil Jumat", "pesan 2\nambil Jumat"},
		{"CRLF", "a\r\nb\rc", "a\nb\nc"},
		{"unicode line breaks", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
		{"blank lines collapsed", "a\n\n\n\nb", "a\n\nb"},
		{"whitespace-only lines are blank", "a\n  \n\t\nb", "a\n\nb"},
		{"leading and trailing blank lines dropped", "\n\n a \n\n", "a"},
		{"invisible removed", "a\u200bb \u202ec", "ab c"},
		{"emoji kept", "Terima kasih 🙏\nSalam 👩\u200d💻", "Terima kasih 🙏\nSalam 👩\u200d💻"},
		{"may start with slash", "/catatan", "/catatan"},
		{"exactly max length", strings.Repeat("a", MaxNoteRunes), strings.Repeat("a", MaxNoteRunes)},
		{"long before cleaning", strings.Repeat("a  ", MaxNoteRunes/2), strings.TrimSpace(strings.Repeat("a ", MaxNoteRunes/2))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanNote(tt.in)
			if err != nil {
				t.Fatalf("CleanNote(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("CleanNote(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanNoteRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"too long", strings.Repeat("a", MaxNoteRunes+1), ErrTextTooLong},
		{"too long with lines", strings.Repeat("ab\n", 400), ErrTextTooLong},
		{"invalid UTF-8", "catatan \xff", ErrTextInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanNote(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CleanNote(%q) = %q, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"blank", "  \t ", nil},
		{"words", "Bu Sari 350rb", []string{"Bu", "Sari", "350rb"}},
		{"extra spaces", "  Bu \t Sari\n350rb  ", []string{"Bu", "Sari", "350rb"}},
		{"straight quotes", `"Bu Sari" 350rb`, []string{"Bu Sari", "350rb"}},
		{"smart quotes", "“Toko Maju Jaya” 2jt", []string{"Toko Maju Jaya", "2jt"}},
		{"mixed quotes", "“Bu Sari\" x", []string{"Bu Sari", "x"}},
		{"quoted inside kept as typed", `" Bu  Sari "`, []string{" Bu  Sari "}},
		{"quote in middle of word literal", `layar 5" bagus`, []string{"layar", `5"`, "bagus"}},
		{"text right after closing quote", `"Bu Sari"x y`, []string{"Bu Sari", "x", "y"}},
		{"unbalanced rest is one token", `beli "Toko Maju  `, []string{"beli", "Toko Maju"}},
		{"unbalanced smart", "beli “Toko Maju", []string{"beli", "Toko Maju"}},
		{"empty quotes dropped", `a "" b`, []string{"a", "b"}},
		{"blank quotes dropped", `a "  " b`, []string{"a", "b"}},
		{"lone quote dropped", `a "`, []string{"a"}},
		{"adjacent quoted", `"a b""c d"`, []string{"a b", "c d"}},
		{"no-break space separates", "Bu\u00a0Sari", []string{"Bu", "Sari"}},
		{"invalid UTF-8 kept", "a\xff b", []string{"a\xff", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitArgs(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SplitArgs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseShortNumber(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   uint64
		wantOK bool
	}{
		{"seven", "#7", 7, true},
		{"big", "#12345", 12345, true},
		{"leading zero", "#07", 7, true},
		{"surrounding space", " #7 ", 7, true},
		{"max uint64", "#18446744073709551615", 18446744073709551615, true},
		{"overflow", "#18446744073709551616", 0, false},
		{"zero", "#0", 0, false},
		{"zeros", "#000", 0, false},
		{"letter", "#x", 0, false},
		{"hash only", "#", 0, false},
		{"trailing letter", "#7a", 0, false},
		{"no hash", "7", 0, false},
		{"sign", "#+7", 0, false},
		{"negative", "#-7", 0, false},
		{"space inside", "# 7", 0, false},
		{"full-width digit", "#７", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseShortNumber(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseShortNumber(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseTag(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   string
		wantOK bool
	}{
		{"simple", "#arisan", "arisan", true},
		{"lower-cased", "#Arisan", "arisan", true},
		{"underscore and digits", "#Pelanggan_2024", "pelanggan_2024", true},
		{"digit first", "#7a", "7a", true},
		{"accent composed", "#cafe\u0301", "café", true},
		{"other script", "#ПРОМО", "промо", true},
		{"exactly max", "#" + strings.Repeat("a", 32), strings.Repeat("a", 32), true},
		{"too long", "#" + strings.Repeat("a", 33), "", false},
		{"digits only is a short number", "#7", "", false},
		{"underscore only", "#__", "", false},
		{"hash only", "#", "", false},
		{"no hash", "arisan", "", false},
		{"hyphen", "#arisan-ibu", "", false},
		{"trailing punctuation", "#arisan!", "", false},
		{"double hash", "##arisan", "", false},
		{"mark first", "#\u0301a", "", false},
		{"emoji", "#🌸", "", false},
		{"invalid UTF-8", "#ari\xffsan", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseTag(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseTag(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{
		`Bu Sari 350rb`, `"Bu Sari" 350rb`, "“Toko Maju” 2jt", `beli "Toko`, `a "" b`,
		`layar 5" bagus`, "a\xff b", "\u00a0\"x\u2003y\"", `"a b""c d"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SplitArgs(s)
		for _, tok := range got {
			if strings.TrimSpace(tok) == "" {
				t.Fatalf("SplitArgs(%q) has blank token %q in %q", s, tok, got)
			}
			if !strings.Contains(s, tok) {
				t.Fatalf("SplitArgs(%q) token %q is not a piece of the input", s, tok)
			}
		}
		if !strings.ContainsFunc(s, isQuote) {
			if want := strings.Fields(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("SplitArgs(%q) = %q, want strings.Fields %q", s, got, want)
			}
		}
		// The other text readers take any token without panicking.
		for k, tok := range got {
			_, _ = ParseShortNumber(tok)
			_, _ = ParseTag(tok)
			_, _, _, _ = ScanMoney(got, k)
			_, _, _, _ = ScanPhone(got, k)
			if n, ok := ParseShortNumber(tok); ok && n == 0 {
				t.Fatalf("ParseShortNumber(%q) = 0, true", tok)
			}
			if tag, ok := ParseTag(tok); ok {
				if _, isNum := ParseShortNumber(tok); isNum {
					t.Fatalf("%q is both a tag and a short number", tok)
				}
				if tag == "" || strings.ContainsFunc(tag, unicode.IsSpace) {
					t.Fatalf("ParseTag(%q) = %q", tok, tag)
				}
			}
		}
		name, err := CleanName(s)
		if err == nil {
			if again, err := CleanName(name); err != nil || again != name {
				t.Fatalf("CleanName(%q) = %q, not stable: %q, %v", s, name, again, err)
			}
			if n := utf8.RuneCountInString(name); n == 0 || n > MaxNameRunes || name != strings.TrimSpace(name) {
				t.Fatalf("CleanName(%q) = %q", s, name)
			}
		} else if !errors.Is(err, ErrNameEmpty) && !errors.Is(err, ErrNameTooLong) && !errors.Is(err, ErrNameInvalid) {
			t.Fatalf("CleanName(%q) error %v wraps no sentinel", s, err)
		}
		note, err := CleanNote(s)
		if err == nil {
			if again, err := CleanNote(note); err != nil || again != note {
				t.Fatalf("CleanNote(%q) = %q, not stable: %q, %v", s, note, again, err)
			}
		} else if !errors.Is(err, ErrTextTooLong) && !errors.Is(err, ErrTextInvalid) {
			t.Fatalf("CleanNote(%q) error %v wraps no sentinel", s, err)
		}
	})
}
