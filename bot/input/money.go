package input

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors for amounts. ParseMoney and ScanMoney wrap exactly one of
// them (with the offending text as context), so callers pick the reply with
// errors.Is.
var (
	// ErrMoneyEmpty means there was no text at all where an amount was expected.
	ErrMoneyEmpty = errors.New("amount is empty")
	// ErrMoneyUnreadable means the text is not an amount this package can read
	// without guessing: unknown unit ("1M"), misplaced separators ("35.00.0"),
	// non-zero sen ("350.000,50"), a fraction of a rupiah after the unit
	// ("1,2345rb"), a leading "+", trailing words, and so on.
	ErrMoneyUnreadable = errors.New("amount is not readable")
	// ErrMoneyNotPositive means the amount is zero or negative; sales and
	// prospect values must be positive.
	ErrMoneyNotPositive = errors.New("amount must be more than zero")
	// ErrMoneyTooLarge means the amount is above MaxAmount.
	ErrMoneyTooLarge = errors.New("amount is too large")
)

// MaxAmount is the largest amount accepted, Rp10 triliun (1e13). Anything
// larger is certainly a typo for a small seller, and the limit keeps sums of
// many amounts far away from int64 overflow.
const MaxAmount int64 = 10_000_000_000_000

// maxQuoted caps how much of the input is echoed in an error message.
const maxQuoted = 40

// ParseMoney reads a whole amount of Rupiah written the way Indonesian sellers
// write it and returns it as an exact integer (never via floating point).
//
// Accepted with digits: "350000", "350.000", "350,000", "Rp 350.000",
// "Rp350.000", "Rp350.000,00", "Rp350.000,-", "rp. 350.000", "IDR 350000",
// "350rb", "350 ribu", "350k", "1,5jt", "1.5 jt", "2 juta", "1 miliar"/"milyar",
// "1 triliun", "Rp 1,5 juta". Surrounding white space and case are ignored, as
// is sentence punctuation right after the amount ("350rb,").
//
// Accepted with Indonesian number words (see ScanMoney for the exact rules):
// "lima puluh ribu", "seratus rb", "dua ratus k", "sebelas ribu",
// "seribu", "sejuta", "semiliar", "satu setengah juta", "setengah juta",
// "sejuta setengah", "satu juta dua ratus ribu", "seribu lima ratus",
// "Rp seratus ribu", and mixed forms such as "1 juta 200 ribu", "1jt 200rb",
// "2 ratus ribu" and "2 setengah juta". Words need a unit word: "lima" or
// "dua puluh" alone are quantities, not amounts, and are refused.
//
// Without a unit, '.' and ',' are thousands separators (groups of exactly
// three digits) and a final separator followed by one or two zeros is a
// zero sen part. With a unit, a separator followed by anything other than
// exactly three digits is the decimal point ("1.5jt", "1,25jt"), while
// "1.500rb" is 1.500 thousand. The result must be a whole number of Rupiah.
//
// The returned error wraps ErrMoneyEmpty, ErrMoneyUnreadable,
// ErrMoneyNotPositive or ErrMoneyTooLarge. On success 0 < amount <= MaxAmount.
func ParseMoney(s string) (int64, error) {
	tokens := strings.Fields(s)
	if len(tokens) == 0 {
		return 0, fmt.Errorf("read amount: %w", ErrMoneyEmpty)
	}
	amount, n, ok, err := ScanMoney(tokens, 0)
	if !ok {
		return 0, fmt.Errorf("read amount %s: %w", quote(s), ErrMoneyUnreadable)
	}
	if err != nil {
		return 0, err
	}
	if n != len(tokens) {
		return 0, fmt.Errorf("read amount %s: unexpected %s after the amount: %w",
			quote(s), quote(tokens[n]), ErrMoneyUnreadable)
	}
	return amount, nil
}

// ScanMoney tries to read an amount starting at tokens[i], as produced by
// strings.Fields or SplitArgs; n is the number of tokens consumed, so the
// caller can take the tokens after them as a product name or a note.
//
// With digits it consumes one token ("350rb", "Rp350.000"), two
// ("Rp 350.000", "350 ribu", "2 juta", "1,5 jt") or three ("Rp 1,5 juta").
//
// With Indonesian number words (any case) a part of the amount is a number
// from 1 to 999 in words followed by a unit word: "lima puluh ribu",
// "seratus rb", "dua ratus k", "sebelas ribu", "dua belas ribu",
// "tiga puluh lima ribu", "satu juta", "sepuluh triliun". The unit words
// are ribu/rb/k, juta/jt, miliar/milyar and triliun; seribu, sejuta,
// semiliar/semilyar and setriliun stand for "satu ribu" and so on.
// "satu ratus" is read as "seratus"; "satu puluh" and "satu belas" are not
// Indonesian and are refused. A half is written "setengah juta" (500.000),
// "satu setengah juta" or "sejuta setengah" (1.500.000),
// "dua setengah juta" or "dua juta setengah" (2.500.000); a half is only
// allowed in an amount of a single part. Amounts with a unit word are
// always exact integers.
//
// Parts with ever smaller units add up: "satu juta dua ratus ribu"
// (1.200.000), "1 juta 200 ribu", "1jt 200rb", "sejuta 200 ribu",
// "satu miliar lima ratus juta". After ribu (only), the last three digits
// may follow as hundreds in words: "seribu lima ratus" (1.500),
// "dua ribu lima ratus", "2 ribu lima ratus".
//
// A single digit may stand for the first word of a number in words:
// "2 ratus ribu" (200.000), "5 puluh ribu", and a whole number of digits may
// take a half: "2 setengah juta", "2 juta setengah". "Rp"/"IDR" may come
// before words too: "Rp seratus ribu".
//
// Number words without a unit word ("lima", "dua puluh", "seratus
// kerudung") are quantities, not money: ok is false. Words that clearly
// start an amount but cannot be read exactly are reported with
// ErrMoneyUnreadable and n covering them, never left for the name:
// contradictory or malformed sequences ("seratus seratus ribu",
// "dua juta tiga juta", "ribu lima", "dua tiga ribu", "satu belas ribu",
// "Rp lima"), a number word after juta or above that has no unit of its own
// ("sejuta lima ratus" may mean 1.000.500 or 1.500.000) and, after an
// amount that started in words, a number below one hundred with no unit
// ("dua ribu lima" may mean 2.005 or 2.500; "seratus ribu dua kerudung" is
// refused too; write "seratus ribu 2 kerudung"). After an amount that
// started with digits such words are left to the caller: "50rb dua
// kerudung" is 50.000 with n == 1. A unit word right after a unit
// ("350rb ribu") is refused. Words glued together ("limapuluh") are not
// read.
//
// ok is false, with n == 0, when tokens[i] does not start an amount: it
// neither begins with a digit (after an optional "-" and "Rp"/"IDR" prefix)
// nor with number words that reach a unit word as described above, it
// begins with "+", or it is a digit run with a superfluous leading zero such
// as "0812..." (phone numbers and codes, not money). When ok is true but the
// amount is refused (zero, negative, too large, unreadable), err is set, the
// amount is 0, and n still covers the tokens that were read, so a caller can
// report the problem instead of treating those tokens as a name.
//
// Sentence punctuation after a token ("seratus ribu, kerudung", "2, jt")
// ends the amount there; a single '.' after rb, jt or k is an abbreviation
// mark and does not.
//
// Callers that accept both a phone and an amount should try ScanPhone first:
// "6281234567890" is a valid phone and also a (large) valid amount.
func ScanMoney(tokens []string, i int) (amount int64, n int, ok bool, err error) {
	if i < 0 || i >= len(tokens) {
		return 0, 0, false, nil
	}
	j := i
	tok := strings.ToLower(strings.TrimSpace(tokens[j]))
	neg := false
	if strings.HasPrefix(tok, "-") {
		neg = true
		tok = tok[1:]
	}
	rest, prefixed := cutCurrency(tok)
	if prefixed && rest == "" {
		// "Rp" on its own: the number is the next token.
		if j+1 >= len(tokens) {
			return 0, 0, false, nil
		}
		j++
		rest = strings.ToLower(strings.TrimSpace(tokens[j]))
	}
	if prefixed && !neg && strings.HasPrefix(rest, "-") {
		neg = true // "Rp -5.000", "Rp-5.000"
		rest = rest[1:]
	}
	s := moneyScan{tokens: tokens, start: i}
	if rest == "" || !isASCIIDigit(rest[0]) {
		if neg || rest == "" {
			return 0, 0, false, nil
		}
		return s.scanWords(j, prefixed)
	}

	first, found, err := s.digitPart(j, rest, prefixed, true)
	if !found {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, first.next - i, true, err
	}
	s.begin(first)
	if err := s.more(); err != nil {
		return 0, s.p - i, true, err
	}
	return s.result(neg)
}

// moneyScan is the state of ScanMoney while it reads the parts of one
// amount ("1 juta" "200 ribu").
type moneyScan struct {
	tokens []string
	start  int   // index of the first token of the amount, "Rp" included
	p      int   // index of the next token to read
	ended  bool  // the last token read ended the sentence
	total  int64 // sum of the parts read; at most about 2e15, no overflow
	exp    int   // unit exponent of the last part; 0 when nothing may follow
	parts  int   // number of parts read
	frac   bool  // the last part had a decimal fraction or a half
	words  bool  // the amount started with number words
}

// part is one number with its unit: "1,5jt", "200 ribu", "dua ratus ribu".
type part struct {
	value int64 // the exact value in rupiah
	exp   int   // unit exponent: 3 ribu, 6 juta, 9 miliar, 12 triliun; 0 none
	frac  bool  // written with a decimal fraction ("1,5jt")
	half  bool  // written with setengah
	next  int   // index of the token after the part
	end   bool  // the part's last token ended the sentence
}

func (s *moneyScan) begin(pt part) {
	s.total, s.exp, s.frac, s.parts = pt.value, pt.exp, pt.frac || pt.half, 1
	s.p, s.ended = pt.next, pt.end
}

// result applies the sign and range checks to the amount read.
func (s *moneyScan) result(neg bool) (int64, int, bool, error) {
	n := s.p - s.start
	orig := strings.Join(s.tokens[s.start:s.p], " ")
	if neg || s.total == 0 {
		return 0, n, true, fmt.Errorf("read amount %s: %w", quote(orig), ErrMoneyNotPositive)
	}
	if s.total > MaxAmount {
		return 0, n, true, fmt.Errorf("read amount %s: above %s: %w",
			quote(orig), FormatRupiah(MaxAmount), ErrMoneyTooLarge)
	}
	return s.total, n, true, nil
}

// digitPart reads a part written with digits at tokens[p], whose
// lower-cased text without any currency prefix is rest. first reports
// whether the part starts the amount: a number without a unit is then an
// amount of rupiah, and an unknown or ambiguous unit is an error. A later
// part needs a known unit; anything else is not a part (found is false) and
// is left to the caller ("350rb 2 pcs", "1jt 3x"). On an error pt.next still
// tells how many tokens were read.
func (s *moneyScan) digitPart(p int, rest string, prefixed, first bool) (pt part, found bool, err error) {
	// Sentence punctuation after the amount belongs to the sentence, and
	// ",-" / ".-" is the usual "and no sen" ending of a price.
	trimmed := strings.TrimRight(rest, ",;:!?.")
	punct := rest[len(trimmed):]
	rest = trimmed
	end := punct != ""
	if r, cut := strings.CutSuffix(rest, ",-"); cut {
		rest, end = r, true
	} else if r, cut := strings.CutSuffix(rest, ".-"); cut {
		rest, end = r, true
	}
	// Split the token into the number and whatever is glued after it.
	k := 0
	for k < len(rest) && (isASCIIDigit(rest[k]) || rest[k] == '.' || rest[k] == ',') {
		k++
	}
	num, unit := rest[:k], rest[k:]
	if leadingZero(num) && !prefixed {
		// "0812...", "007": an identifier or a phone, not an amount.
		return part{}, false, nil
	}
	if punct == "." && isUnitAbbrev(unit) {
		end = false // "1jt. 200rb": the dot marks the abbreviation
	}
	pt.next = p + 1
	orig := func() string { return strings.Join(s.tokens[s.start:pt.next], " ") }

	exp, half := 0, false
	switch {
	case unit != "":
		e, known := unitExponent(unit)
		if !known {
			if !first {
				return part{}, false, nil
			}
			return pt, true, fmt.Errorf("read amount %s: unknown unit %s (use rb, jt or miliar): %w",
				quote(orig()), quote(unit), ErrMoneyUnreadable)
		}
		exp = e
	case pt.next < len(s.tokens) && !end: // no unit word after ",-" or "2,"
		next := lexWord(s.tokens[pt.next])
		switch {
		case next.kind == wScale:
			exp, end = next.exp, next.end
			pt.next++
		case next.kind == wNone && strings.TrimRight(lowerToken(s.tokens[pt.next]), ",;:!?.") == "m":
			if !first {
				return part{}, false, nil // "1jt 5 m": 5 metres, say
			}
			pt.next++
			return pt, true, fmt.Errorf("read amount %s: unit M is ambiguous (use jt or miliar): %w",
				quote(orig()), ErrMoneyUnreadable)
		case next.kind == wHalf && !next.end && allDigits(num) && pt.next+1 < len(s.tokens):
			// "2 setengah juta"
			if sc := lexWord(s.tokens[pt.next+1]); sc.kind == wScale {
				exp, end, half = sc.exp, sc.end, true
				pt.next += 2
			}
		case (next.kind == wRatus || next.kind == wPuluh || next.kind == wBelas) &&
			len(num) == 1 && num[0] != '0':
			// "2 ratus ribu": the digit stands for a number word.
			return s.leadPart(p, int64(num[0]-'0'))
		}
	}
	if exp == 0 && !first {
		return part{}, false, nil
	}
	found = true

	intDigits, frac, err := splitNumber(num, exp > 0)
	if err != nil {
		return pt, true, fmt.Errorf("read amount %s: %w", quote(orig()), err)
	}
	if leadingZero(intDigits) {
		return pt, true, fmt.Errorf("read amount %s: leading zero: %w", quote(orig()), ErrMoneyUnreadable)
	}
	v, err := wholeRupiah(intDigits, frac, exp)
	if err != nil {
		return pt, true, fmt.Errorf("read amount %s: %w", quote(orig()), err)
	}
	if half {
		v += pow10(exp) / 2 // v <= MaxAmount, no overflow
	}
	pt.value, pt.exp, pt.half, pt.end = v, exp, half, end
	pt.frac = strings.TrimRight(frac, "0") != ""
	return pt, true, nil
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for k := 0; k < len(s); k++ {
		if !isASCIIDigit(s[k]) {
			return false
		}
	}
	return s != ""
}

// FormatRupiah formats a whole amount for display the Indonesian way, with
// '.' thousands separators and no decimals: "Rp350.000", "Rp1.250.000",
// "Rp0", "-Rp5.000". The output of FormatRupiah for any amount accepted by
// ParseMoney reads back to the same amount.
func FormatRupiah(n int64) string {
	// Indonesian grouping is fixed ('.' every three digits), so it is
	// written by hand: a message.Printer per call cost more than the rest
	// of rendering a sale's reply.
	u := uint64(n)
	sign := ""
	if n < 0 {
		sign, u = "-", -u
	}
	digits := strconv.FormatUint(u, 10)
	b := make([]byte, 0, len(sign)+2+len(digits)+len(digits)/3)
	b = append(append(b, sign...), "Rp"...)
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, digits[i])
	}
	return string(b)
}

// cutCurrency removes a leading currency marker ("rp", "rp.", "rp:", "idr")
// from a lower-cased token. prefixed reports whether one was found; rest may
// be empty when the marker was a token of its own.
func cutCurrency(tok string) (rest string, prefixed bool) {
	for _, p := range [...]string{"idr", "rp.", "rp:", "rp"} {
		if r, found := strings.CutPrefix(tok, p); found {
			if r != "" && !isASCIIDigit(r[0]) && r[0] != '-' {
				continue // "rpx", "idrx": a word, not a prefix
			}
			return r, true
		}
	}
	return tok, false
}

// unitExponent maps a lower-cased multiplier word to its power of ten. A
// single trailing '.' (abbreviation or end of sentence) and other sentence
// punctuation are allowed. "m" is deliberately absent: it means juta to some
// sellers and miliar to others.
func unitExponent(w string) (int, bool) {
	w = strings.TrimRight(w, ",;:!?")
	w = strings.TrimSuffix(w, ".")
	switch w {
	case "k", "rb", "ribu":
		return 3, true
	case "jt", "juta":
		return 6, true
	case "miliar", "milyar":
		return 9, true
	case "triliun":
		return 12, true
	}
	return 0, false
}

// splitNumber splits digits with '.' and ',' separators into the integer
// digits and the decimal digits, following the rules documented on
// ParseMoney. withUnit reports whether a multiplier follows.
func splitNumber(num string, withUnit bool) (intDigits, frac string, err error) {
	var segs []string
	var seps []byte
	start := 0
	for k := 0; k < len(num); k++ {
		if c := num[k]; c == '.' || c == ',' {
			segs = append(segs, num[start:k])
			seps = append(seps, c)
			start = k + 1
		}
	}
	segs = append(segs, num[start:])
	for _, s := range segs {
		if s == "" {
			return "", "", fmt.Errorf("misplaced separator: %w", ErrMoneyUnreadable)
		}
	}
	if len(seps) == 0 {
		return num, "", nil
	}

	last := len(seps) - 1
	decimal := len(segs[last+1]) != 3 || (last > 0 && seps[last-1] != seps[last])
	intSegs, groupSeps := segs, seps
	if decimal {
		frac = segs[last+1]
		if !withUnit && len(frac) > 2 {
			return "", "", fmt.Errorf("too many digits after the decimal separator: %w", ErrMoneyUnreadable)
		}
		intSegs, groupSeps = segs[:last+1], seps[:last]
		for _, c := range groupSeps {
			if c == seps[last] {
				return "", "", fmt.Errorf("decimal separator also used for thousands: %w", ErrMoneyUnreadable)
			}
		}
	}
	for _, c := range groupSeps {
		if c != groupSeps[0] {
			return "", "", fmt.Errorf("mixed thousands separators: %w", ErrMoneyUnreadable)
		}
	}
	if len(intSegs) > 1 {
		if len(intSegs[0]) > 3 {
			return "", "", fmt.Errorf("thousands group too long: %w", ErrMoneyUnreadable)
		}
		for _, g := range intSegs[1:] {
			if len(g) != 3 {
				return "", "", fmt.Errorf("thousands groups must have 3 digits: %w", ErrMoneyUnreadable)
			}
		}
	}
	return strings.Join(intSegs, ""), frac, nil
}

// isUnitAbbrev reports whether a lower-cased unit is an abbreviation, after
// which a single '.' is an abbreviation mark rather than a full stop.
func isUnitAbbrev(u string) bool { return u == "rb" || u == "jt" || u == "k" }

// pow10 returns 10^e for 0 <= e <= 18.
func pow10(e int) int64 {
	v := int64(1)
	for ; e > 0; e-- {
		v *= 10
	}
	return v
}

// wholeRupiah computes intDigits.frac × 10^exp exactly. It refuses results
// with a fractional rupiah and reports values above MaxAmount as
// ErrMoneyTooLarge without overflowing.
func wholeRupiah(intDigits, frac string, exp int) (int64, error) {
	frac = strings.TrimRight(frac, "0")
	if len(frac) > exp {
		if exp == 0 {
			return 0, fmt.Errorf("sen must be zero: %w", ErrMoneyUnreadable)
		}
		return 0, fmt.Errorf("not a whole number of rupiah: %w", ErrMoneyUnreadable)
	}
	intDigits = strings.TrimLeft(intDigits, "0")
	if len(intDigits) > 18 {
		return 0, fmt.Errorf("above %s: %w", FormatRupiah(MaxAmount), ErrMoneyTooLarge)
	}
	var iv int64
	if intDigits != "" {
		var err error
		iv, err = strconv.ParseInt(intDigits, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("digits %s: %w", quote(intDigits), ErrMoneyUnreadable)
		}
	}
	scale := pow10(exp)
	if iv > MaxAmount/scale {
		return 0, fmt.Errorf("above %s: %w", FormatRupiah(MaxAmount), ErrMoneyTooLarge)
	}
	var fv int64
	if frac != "" {
		f, err := strconv.ParseInt(frac, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("digits %s: %w", quote(frac), ErrMoneyUnreadable)
		}
		fv = f * pow10(exp-len(frac))
	}
	return iv*scale + fv, nil
}

// leadingZero reports whether a digit string has a superfluous leading zero.
func leadingZero(digits string) bool {
	return len(digits) > 1 && digits[0] == '0' && isASCIIDigit(digits[1])
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// quote quotes s for an error message, shortened so that a pasted novel does
// not end up in the logs.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		r := []rune(s)
		s = string(r[:maxQuoted]) + "…"
	}
	return strconv.Quote(s)
}
