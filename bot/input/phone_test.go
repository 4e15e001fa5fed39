package input

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"mobile dashes", "0812-3456-7890", "+6281234567890"},
		{"mobile plain", "081234567890", "+6281234567890"},
		{"mobile spaces", "0812 3456 7890", "+6281234567890"},
		{"mobile dots", "0812.3456.7890", "+6281234567890"},
		{"international spaces", "+62 812 3456 7890", "+6281234567890"},
		{"international plain", "+6281234567890", "+6281234567890"},
		{"country code without plus", "6281234567890", "+6281234567890"},
		{"international with dashes", "+62-812-3456-7890", "+6281234567890"},
		{"country code and trunk zero", "+62 0812-3456-7890", "+6281234567890"},
		{"country code without plus spaced", "62 812 3456 7890", "+6281234567890"},
		{"landline country code without plus", "62215551234", "+62215551234"},
		{"landline country code and parens", "+62 (0)21 5551234", "+62215551234"},
		{"area code 4 digits", "(0274) 512345", "+62274512345"},
		{"short mobile", "0812345678", "+62812345678"},
		{"jakarta landline parens", "(021) 555-1234", "+62215551234"},
		{"jakarta landline plain", "0215551234", "+62215551234"},
		{"bandung landline", "(022) 555-1234", "+62225551234"},
		{"landline international", "+62 21 5551234", "+62215551234"},
		{"surrounding space", "  0812-3456-7890 ", "+6281234567890"},
		{"US number", "+1 650 253 0000", "+16502530000"},
		{"UK number", "+44 20 7946 0958", "+442079460958"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePhone(tt.in)
			if err != nil {
				t.Fatalf("ParsePhone(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParsePhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePhoneRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"too few digits", "12"},
		{"letters", "abc"},
		{"zeros", "0000000"},
		{"country code and zeros", "+62 000"},
		{"plus in the middle", "0812+3456789"},
		{"letters mixed in", "0812-3456-789O"},
		{"too many digits", "0812345678901234567"},
		{"invalid mobile length", "0812345"},
		{"invalid country code", "+999 1234 5678"},
		{"extension", "0215551234 ext 5"},
		{"very long", strings.Repeat("1", 500)},
		{"invalid UTF-8", "0812\xff34567890"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePhone(tt.in)
			if !errors.Is(err, ErrPhoneInvalid) {
				t.Fatalf("ParsePhone(%q) = %q, %v; want ErrPhoneInvalid", tt.in, got, err)
			}
			if got != "" {
				t.Errorf("ParsePhone(%q) = %q with error, want empty", tt.in, got)
			}
		})
	}
}

func TestLooksLikePhone(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"mobile dashes", "0812-3456-7890", true},
		{"mobile plain", "081234567890", true},
		{"international", "+6281234567890", true},
		{"country code without plus", "6281234567890", true},
		{"parens glued", "(021)5551234", true},
		{"dashes without zero", "812-3456-7890", true},
		{"invalid but phone shaped", "0000000", true},
		{"amount groups", "1.250.000", false},
		{"amount groups starting with 62", "62.500.000.000", false},
		{"phone with dot groups", "0812.3456.7890", true},
		{"amount plain", "350000", false},
		{"amount plain long", "12500000", false},
		{"amount with unit", "350rb", false},
		{"too few digits", "0812-34", false},
		{"area code alone", "(021)", false},
		{"word", "Sari", false},
		{"empty", "", false},
		{"plus inside", "0812+34567890", false},
		{"space inside", "0812 3456 7890", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikePhone(tt.in); got != tt.want {
				t.Errorf("LooksLikePhone(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestScanPhone(t *testing.T) {
	tests := []struct {
		name    string
		tokens  []string
		i       int
		want    string
		wantN   int
		wantOK  bool
		wantErr bool
	}{
		{"one token", []string{"Bu", "Sari", "0812-3456-7890", "350rb"}, 2, "+6281234567890", 1, true, false},
		{"international spaced", []string{"+62", "812", "3456", "7890"}, 0, "+6281234567890", 4, true, false},
		{"international spaced then amount", []string{"+62", "812", "3456", "7890", "350000"}, 0, "+6281234567890", 4, true, false},
		{"landline parens", []string{"(021)", "555-1234"}, 0, "+62215551234", 2, true, false},
		{"landline then quantity", []string{"(021)", "555-1234", "2"}, 0, "+62215551234", 2, true, false},
		{"mobile spaced", []string{"0812", "3456", "7890", "lunas"}, 0, "+6281234567890", 3, true, false},
		{"mobile spaced then amount", []string{"0812", "3456", "7890", "350000"}, 0, "+6281234567890", 3, true, false},
		{"US spaced", []string{"+1", "650", "253", "0000"}, 0, "+16502530000", 4, true, false},
		{"complete token not extended", []string{"081234567890", "2"}, 0, "+6281234567890", 1, true, false},
		{"word", []string{"Sari", "0812-3456-7890"}, 0, "", 0, false, false},
		{"amount", []string{"350000", "2"}, 0, "", 0, false, false},
		{"amount groups", []string{"1.250.000"}, 0, "", 0, false, false},
		{"zero alone", []string{"0", "rb"}, 0, "", 0, false, false},
		{"index past end", []string{"0812-3456-7890"}, 1, "", 0, false, false},
		{"negative index", []string{"0812-3456-7890"}, -1, "", 0, false, false},
		{"invalid number", []string{"0000000", "Bu"}, 0, "", 1, true, true},
		{"head without rest", []string{"+62", "Sari"}, 0, "", 1, true, true},
		{"too short", []string{"0812", "3456"}, 0, "", 2, true, true},
		{"run capped at four", []string{"0812", "1", "2", "3", "4", "5"}, 0, "", 4, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, ok, err := ScanPhone(tt.tokens, tt.i)
			if got != tt.want || n != tt.wantN || ok != tt.wantOK {
				t.Errorf("ScanPhone(%q, %d) = %q, %d, %v, %v; want %q, %d, %v",
					tt.tokens, tt.i, got, n, ok, err, tt.want, tt.wantN, tt.wantOK)
			}
			if tt.wantErr != (err != nil) {
				t.Errorf("ScanPhone(%q, %d) error = %v, want error %v", tt.tokens, tt.i, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrPhoneInvalid) {
				t.Errorf("ScanPhone(%q, %d) error %v does not wrap ErrPhoneInvalid", tt.tokens, tt.i, err)
			}
		})
	}
}

func TestWhatsAppLink(t *testing.T) {
	tests := []struct {
		name string
		e164 string
		text string
		want string
	}{
		{"no text", "+6281234567890", "", "https://wa.me/6281234567890"},
		{"with text", "+6281234567890", "Halo Bu Sari", "https://wa.me/6281234567890?text=Halo%20Bu%20Sari"},
		{"text with plus and ampersand", "+6281234567890", "1+1 & ok?", "https://wa.me/6281234567890?text=1%2B1%20%26%20ok%3F"},
		{"text with emoji and newline", "+6281234567890", "Terima kasih 🙏\nSalam", "https://wa.me/6281234567890?text=Terima%20kasih%20%F0%9F%99%8F%0ASalam"},
		{"stray characters dropped", " +62 812-3456-7890", "", "https://wa.me/6281234567890"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WhatsAppLink(tt.e164, tt.text); got != tt.want {
				t.Errorf("WhatsAppLink(%q, %q) = %q, want %q", tt.e164, tt.text, got, tt.want)
			}
		})
	}
}

func TestFormatPhone(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"mobile", "+6281234567890", "+62 812-3456-7890"},
		{"landline", "+62215551234", "+62 21 5551234"},
		{"US", "+16502530000", "+1 650-253-0000"},
		{"invalid unchanged", "+62000", "+62000"},
		{"garbage unchanged", "abc", "abc"},
		{"empty unchanged", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatPhone(tt.in); got != tt.want {
				t.Errorf("FormatPhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"0812-3456-7890", "+62 812 3456 7890", "6281234567890", "081234567890",
		"(021) 555-1234", "+1 650 253 0000", "12", "abc", "0000000", "+62 000",
		"+44 20 7946 0958", "0812.3456.7890", "+999 1234 5678", "((((0))))1234567",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e164, err := ParsePhone(s)
		if err != nil {
			if e164 != "" || !errors.Is(err, ErrPhoneInvalid) {
				t.Fatalf("ParsePhone(%q) = %q, %v", s, e164, err)
			}
		} else {
			if len(e164) < 2 || e164[0] != '+' || strings.Trim(e164[1:], "0123456789") != "" {
				t.Fatalf("ParsePhone(%q) = %q, not E.164", s, e164)
			}
			again, err := ParsePhone(e164)
			if err != nil || again != e164 {
				t.Fatalf("ParsePhone(%q) = %q, but ParsePhone(%q) = %q, %v", s, e164, e164, again, err)
			}
			if link := WhatsAppLink(e164, s); !strings.HasPrefix(link, "https://wa.me/"+e164[1:]) {
				t.Fatalf("WhatsAppLink(%q) = %q", e164, link)
			}
			if FormatPhone(e164) == "" {
				t.Fatalf("FormatPhone(%q) is empty", e164)
			}
		}
		tokens := strings.Fields(s)
		got, n, ok, err := ScanPhone(tokens, 0)
		switch {
		case !ok && (n != 0 || got != "" || err != nil):
			t.Fatalf("ScanPhone(%q) = %q, %d, %v, %v", tokens, got, n, ok, err)
		case ok && (n < 1 || n > 4 || n > len(tokens)):
			t.Fatalf("ScanPhone(%q) consumed %d tokens", tokens, n)
		case ok && err == nil:
			if again, perr := ParsePhone(strings.Join(tokens[:n], " ")); perr != nil || again != got {
				t.Fatalf("ScanPhone(%q) = %q but ParsePhone of its tokens = %q, %v", tokens, got, again, perr)
			}
		case ok && (got != "" || !errors.Is(err, ErrPhoneInvalid)):
			t.Fatalf("ScanPhone(%q) = %q, %v", tokens, got, err)
		}
		_ = LooksLikePhone(s)
	})
}
