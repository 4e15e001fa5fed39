package input

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
	}{
		{"plain digits", "350000", 350_000},
		{"dot groups", "350.000", 350_000},
		{"comma groups", "350,000", 350_000},
		{"millions dot groups", "1.250.000", 1_250_000},
		{"Rp space", "Rp 350.000", 350_000},
		{"Rp glued", "Rp350.000", 350_000},
		{"Rp zero sen", "Rp350.000,00", 350_000},
		{"Rp dash ending", "Rp350.000,-", 350_000},
		{"dot dash ending", "Rp 350.000.-", 350_000},
		{"rp dot lower", "rp. 350.000", 350_000},
		{"Rp dot glued", "Rp.350.000", 350_000},
		{"RP upper", "RP 350.000", 350_000},
		{"IDR", "IDR 350000", 350_000},
		{"idr glued", "idr350000", 350_000},
		{"english style zero cents", "350,000.00", 350_000},
		{"single zero sen", "350000,0", 350_000},
		{"no groups zero sen dot", "350000.00", 350_000},
		{"rb glued", "350rb", 350_000},
		{"rb spaced", "350 rb", 350_000},
		{"rb with dot", "350rb.", 350_000},
		{"ribu glued", "350ribu", 350_000},
		{"ribu spaced", "350 ribu", 350_000},
		{"k lower", "350k", 350_000},
		{"K upper", "350K", 350_000},
		{"jt comma decimal", "1,5jt", 1_500_000},
		{"jt dot decimal", "1.5jt", 1_500_000},
		{"jt spaced", "1,5 jt", 1_500_000},
		{"juta spaced", "2 juta", 2_000_000},
		{"jt glued", "2jt", 2_000_000},
		{"JT upper", "2JT", 2_000_000},
		{"two decimals jt", "1,25jt", 1_250_000},
		{"thousand group with unit", "1.500rb", 1_500_000},
		{"thousand comma group with unit", "1,500rb", 1_500_000},
		{"groups and decimal with unit", "1.250,5rb", 1_250_500},
		{"zero point five jt", "0,5jt", 500_000},
		{"miliar", "1 miliar", 1_000_000_000},
		{"milyar", "2,5 milyar", 2_500_000_000},
		{"triliun at max", "10 triliun", MaxAmount},
		{"Rp with unit three tokens", "Rp 1,5 juta", 1_500_000},
		{"Rp glued with spaced unit", "Rp1,5 juta", 1_500_000},
		{"surrounding space", "  350rb \n", 350_000},
		{"trailing comma", "350rb,", 350_000},
		{"trailing full stop", "350.000.", 350_000},
		{"one rupiah", "1", 1},
		{"max amount digits", "10000000000000", MaxAmount},
		{"max amount groups", "10.000.000.000.000", MaxAmount},
		{"negative Rp prefix not confused with dash ending", "Rp5000,-", 5_000},
		{"many decimal zeros with unit", "1,50000jt", 1_500_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			if err != nil {
				t.Fatalf("ParseMoney(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseMoney(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMoneyRefused(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrMoneyEmpty},
		{"blank", "  \t ", ErrMoneyEmpty},
		{"word", "abc", ErrMoneyUnreadable},
		{"only Rp", "Rp", ErrMoneyUnreadable},
		{"M ambiguous glued", "1M", ErrMoneyUnreadable},
		{"m ambiguous spaced", "1 m", ErrMoneyUnreadable},
		{"unknown unit", "5x", ErrMoneyUnreadable},
		{"non-zero sen", "350.000,50", ErrMoneyUnreadable},
		{"non-zero single sen", "350,5", ErrMoneyUnreadable},
		{"fraction after unit", "1,2345rb", ErrMoneyUnreadable},
		{"fraction after k", "0,0005k", ErrMoneyUnreadable},
		{"bad group length", "35.00.0", ErrMoneyUnreadable},
		{"first group too long", "3500.000", ErrMoneyUnreadable},
		{"decimal same as groups", "1.250.000.50", ErrMoneyUnreadable},
		{"mixed group separators", "1.250,000.000", ErrMoneyUnreadable},
		{"three decimals without unit", "350,000000", ErrMoneyUnreadable},
		{"double separator", "350..000", ErrMoneyUnreadable},
		{"leading separator after Rp", "Rp .500", ErrMoneyUnreadable},
		{"leading plus", "+5000", ErrMoneyUnreadable},
		{"leading zero", "05000", ErrMoneyUnreadable},
		{"phone", "081234567890", ErrMoneyUnreadable},
		{"phone with dashes", "0812-3456-7890", ErrMoneyUnreadable},
		{"trailing words", "350rb lunas", ErrMoneyUnreadable},
		{"two units", "350rb ribu", ErrMoneyUnreadable},
		{"space thousands", "350 000", ErrMoneyUnreadable},
		{"bare dash ending", "350-", ErrMoneyUnreadable},
		{"zero", "0", ErrMoneyNotPositive},
		{"zero Rp", "Rp0", ErrMoneyNotPositive},
		{"zero with unit", "0 jt", ErrMoneyNotPositive},
		{"zero sen only", "0,00", ErrMoneyNotPositive},
		{"negative", "-5000", ErrMoneyNotPositive},
		{"negative before Rp", "-Rp5.000", ErrMoneyNotPositive},
		{"negative after Rp", "Rp -5.000", ErrMoneyNotPositive},
		{"negative zero", "-0", ErrMoneyNotPositive},
		{"just above max", "10000000000001", ErrMoneyTooLarge},
		{"triliun above max", "11 triliun", ErrMoneyTooLarge},
		{"huge digits", strings.Repeat("9", 40), ErrMoneyTooLarge},
		{"huge with unit", "99999999999 jt", ErrMoneyTooLarge},
		{"int64 overflow", "9223372036854775808", ErrMoneyTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseMoney(%q) = %d, %v; want error %v", tt.in, got, err, tt.want)
			}
			if got != 0 {
				t.Errorf("ParseMoney(%q) amount = %d with error, want 0", tt.in, got)
			}
		})
	}
}

func TestParseMoneyErrorContext(t *testing.T) {
	_, err := ParseMoney("350.000,50")
	if err == nil || !strings.Contains(err.Error(), `"350.000,50"`) {
		t.Errorf("error %v does not name the input", err)
	}
	_, err = ParseMoney(strings.Repeat("9", 500))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("error for long input is not shortened: %d bytes", len(err.Error()))
	}
}

func TestScanMoney(t *testing.T) {
	tests := []struct {
		name       string
		tokens     []string
		i          int
		wantAmount int64
		wantN      int
		wantOK     bool
		wantErr    error
	}{
		{"one token", []string{"350rb", "lunas"}, 0, 350_000, 1, true, nil},
		{"Rp glued", []string{"Rp350.000"}, 0, 350_000, 1, true, nil},
		{"Rp spaced", []string{"Bu", "Sari", "Rp", "350.000", "lunas"}, 2, 350_000, 2, true, nil},
		{"number and ribu", []string{"350", "ribu", "x"}, 0, 350_000, 2, true, nil},
		{"number and juta", []string{"2", "juta"}, 0, 2_000_000, 2, true, nil},
		{"number and miliar", []string{"1", "miliar"}, 0, 1_000_000_000, 2, true, nil},
		{"decimal and jt", []string{"1,5", "jt"}, 0, 1_500_000, 2, true, nil},
		{"Rp number unit", []string{"Rp", "1,5", "juta", "cash"}, 0, 1_500_000, 3, true, nil},
		{"number then word", []string{"2", "pcs"}, 0, 2, 1, true, nil},
		{"dash ending stops unit", []string{"350.000,-", "rb"}, 0, 350_000, 1, true, nil},
		{"sentence break stops unit", []string{"2,", "jt"}, 0, 2, 1, true, nil},
		{"at end", []string{"x", "350rb"}, 1, 350_000, 1, true, nil},
		{"not money word", []string{"Bu", "Sari"}, 0, 0, 0, false, nil},
		{"Rp without number", []string{"Rp", "Sari"}, 0, 0, 0, false, nil},
		{"Rp at end", []string{"Rp"}, 0, 0, 0, false, nil},
		{"phone", []string{"081234567890"}, 0, 0, 0, false, nil},
		{"plus", []string{"+6281234567890"}, 0, 0, 0, false, nil},
		{"short number", []string{"#7"}, 0, 0, 0, false, nil},
		{"lone dash", []string{"-", "5000"}, 0, 0, 0, false, nil},
		{"index past end", []string{"350rb"}, 1, 0, 0, false, nil},
		{"negative index", []string{"350rb"}, -1, 0, 0, false, nil},
		{"nil tokens", nil, 0, 0, 0, false, nil},
		{"zero still money", []string{"0", "rb"}, 0, 0, 2, true, ErrMoneyNotPositive},
		{"negative still money", []string{"-5000"}, 0, 0, 1, true, ErrMoneyNotPositive},
		{"too large still money", []string{"100", "triliun"}, 0, 0, 2, true, ErrMoneyTooLarge},
		{"ambiguous M", []string{"1", "M", "Bu"}, 0, 0, 2, true, ErrMoneyUnreadable},
		{"ambiguous M glued", []string{"1M"}, 0, 0, 1, true, ErrMoneyUnreadable},
		{"sen still money", []string{"Rp", "350.000,50"}, 0, 0, 2, true, ErrMoneyUnreadable},
		{"Rp then leading zero", []string{"Rp", "0812"}, 0, 0, 2, true, ErrMoneyUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, ok, err := ScanMoney(tt.tokens, tt.i)
			if got != tt.wantAmount || n != tt.wantN || ok != tt.wantOK {
				t.Errorf("ScanMoney(%q, %d) = %d, %d, %v, %v; want %d, %d, %v",
					tt.tokens, tt.i, got, n, ok, err, tt.wantAmount, tt.wantN, tt.wantOK)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("ScanMoney(%q, %d) error: %v", tt.tokens, tt.i, err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("ScanMoney(%q, %d) error = %v, want %v", tt.tokens, tt.i, err, tt.wantErr)
			}
		})
	}
}

func TestFormatRupiah(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"zero", 0, "Rp0"},
		{"small", 500, "Rp500"},
		{"thousands", 350_000, "Rp350.000"},
		{"millions", 1_250_000, "Rp1.250.000"},
		{"max", MaxAmount, "Rp10.000.000.000.000"},
		{"negative", -5_000, "-Rp5.000"},
		{"int64 max", math.MaxInt64, "Rp9.223.372.036.854.775.807"},
		{"int64 min", math.MinInt64, "-Rp9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatRupiah(tt.in); got != tt.want {
				t.Errorf("FormatRupiah(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatRupiahRoundTrip(t *testing.T) {
	for _, v := range []int64{1, 9, 10, 999, 1000, 350_000, 1_250_000, 123_456_789, MaxAmount - 1, MaxAmount} {
		s := FormatRupiah(v)
		got, err := ParseMoney(s)
		if err != nil || got != v {
			t.Errorf("ParseMoney(FormatRupiah(%d) = %q) = %d, %v", v, s, got, err)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"350000", "350.000", "Rp 350.000", "Rp350.000,00", "rp. 350.000", "IDR 350000",
		"350rb", "350 ribu", "350K", "1,5jt", "1.5 jt", "2 juta", "1 miliar", "1 triliun",
		"1M", "350.000,50", "1,2345rb", "-5000", "+5000", "0", "Rp350.000,-", "1.250,5rb",
		"10000000000001", "0,5jt", "081234567890", "Rp -1", "99999999999999999999jt",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseMoney(s)
		if err != nil {
			if v != 0 {
				t.Fatalf("ParseMoney(%q) = %d with error %v", s, v, err)
			}
			if !errors.Is(err, ErrMoneyEmpty) && !errors.Is(err, ErrMoneyUnreadable) &&
				!errors.Is(err, ErrMoneyNotPositive) && !errors.Is(err, ErrMoneyTooLarge) {
				t.Fatalf("ParseMoney(%q) error %v wraps no sentinel", s, err)
			}
			return
		}
		if v <= 0 || v > MaxAmount {
			t.Fatalf("ParseMoney(%q) = %d, out of range", s, v)
		}
		formatted := FormatRupiah(v)
		if back, err := ParseMoney(formatted); err != nil || back != v {
			t.Fatalf("ParseMoney(%q) = %d, but ParseMoney(%q) = %d, %v", s, v, formatted, back, err)
		}
		// ScanMoney agrees when the amount is embedded in a command.
		tokens := append([]string{"Bu"}, strings.Fields(s)...)
		got, n, ok, err := ScanMoney(tokens, 1)
		if !ok || err != nil || got != v || n != len(tokens)-1 {
			t.Fatalf("ScanMoney(%q, 1) = %d, %d, %v, %v; ParseMoney gave %d", tokens, got, n, ok, err, v)
		}
	})
}

func TestFormatRupiahGroups(t *testing.T) {
	for n, want := range map[int64]string{0: "Rp0", 5: "Rp5", 999: "Rp999", 1000: "Rp1.000", 350000: "Rp350.000",
		1250000: "Rp1.250.000", -5000: "-Rp5.000", MaxAmount: "Rp10.000.000.000.000",
		-9223372036854775808: "-Rp9.223.372.036.854.775.808"} {
		if got := FormatRupiah(n); got != want {
			t.Errorf("FormatRupiah(%d) = %q, want %q", n, got, want)
		}
	}
}
