package input

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
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
// Accepted: "350000", "350.000", "350,000", "Rp 350.000", "Rp350.000",
// "Rp350.000,00", "Rp350.000,-", "rp. 350.000", "IDR 350000", "350rb",
// "350 ribu", "350k", "1,5jt", "1.5 jt", "2 juta", "1 miliar"/"milyar",
// "1 triliun", "Rp 1,5 juta". Surrounding white space and case are ignored, as
// is sentence punctuation right after the amount ("350rb,").
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
// strings.Fields or SplitArgs. It consumes one token ("350rb", "Rp350.000"),
// two ("Rp 350.000", "350 ribu", "2 juta", "1,5 jt") or three
// ("Rp 1,5 juta"); n is the number of tokens consumed.
//
// ok is false, with n == 0, when tokens[i] does not start an amount: it does
// not begin with a digit (after an optional "-" and "Rp"/"IDR" prefix), it
// begins with "+", or it is a digit run with a superfluous leading zero such
// as "0812..." (phone numbers and codes, not money). When ok is true but the
// amount is refused (zero, negative, too large, unreadable), err is set, the
// amount is 0, and n still covers the tokens that were read, so a caller can
// report the problem instead of treating those tokens as a name.
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
	if rest == "" || !isASCIIDigit(rest[0]) {
		return 0, 0, false, nil
	}
	orig := strings.Join(tokens[i:j+1], " ")

	// Sentence punctuation after the amount belongs to the sentence, and
	// ",-" / ".-" is the usual "and no sen" ending of a price.
	trimmed := strings.TrimRight(rest, ",;:!?.")
	// "2, jt": the unit word after a sentence break does not belong to it.
	endsHere := trimmed != rest
	rest = trimmed
	if r, found := strings.CutSuffix(rest, ",-"); found {
		rest, endsHere = r, true
	} else if r, found := strings.CutSuffix(rest, ".-"); found {
		rest, endsHere = r, true
	}
	// Split the token into the number and whatever is glued after it.
	k := 0
	for k < len(rest) && (isASCIIDigit(rest[k]) || rest[k] == '.' || rest[k] == ',') {
		k++
	}
	num, unit := rest[:k], rest[k:]
	if leadingZero(num) && !prefixed {
		// "0812...", "007": an identifier or a phone, not an amount.
		return 0, 0, false, nil
	}
	n = j - i + 1

	exp := 0
	switch {
	case unit != "":
		e, known := unitExponent(unit)
		if !known {
			return 0, n, true, fmt.Errorf("read amount %s: unknown unit %s (use rb, jt or miliar): %w",
				quote(orig), quote(unit), ErrMoneyUnreadable)
		}
		exp = e
	case j+1 < len(tokens) && !endsHere: // no unit word after ",-" or "2,"
		next := strings.ToLower(strings.TrimSpace(tokens[j+1]))
		if e, known := unitExponent(next); known {
			exp = e
			n++
			orig += " " + tokens[j+1]
		} else if strings.TrimRight(next, ",;:!?.") == "m" {
			return 0, n + 1, true, fmt.Errorf("read amount %s: unit M is ambiguous (use jt or miliar): %w",
				quote(orig+" "+tokens[j+1]), ErrMoneyUnreadable)
		}
	}

	intDigits, frac, err := splitNumber(num, exp > 0)
	if err != nil {
		return 0, n, true, fmt.Errorf("read amount %s: %w", quote(orig), err)
	}
	if leadingZero(intDigits) {
		return 0, n, true, fmt.Errorf("read amount %s: leading zero: %w", quote(orig), ErrMoneyUnreadable)
	}
	v, err := wholeRupiah(intDigits, frac, exp)
	if err != nil {
		return 0, n, true, fmt.Errorf("read amount %s: %w", quote(orig), err)
	}
	if neg || v == 0 {
		return 0, n, true, fmt.Errorf("read amount %s: %w", quote(orig), ErrMoneyNotPositive)
	}
	if v > MaxAmount {
		return 0, n, true, fmt.Errorf("read amount %s: above %s: %w",
			quote(orig), FormatRupiah(MaxAmount), ErrMoneyTooLarge)
	}
	return v, n, true, nil
}

// FormatRupiah formats a whole amount for display the Indonesian way, with
// '.' thousands separators and no decimals: "Rp350.000", "Rp1.250.000",
// "Rp0", "-Rp5.000". The output of FormatRupiah for any amount accepted by
// ParseMoney reads back to the same amount.
func FormatRupiah(n int64) string {
	// A Printer is not safe for concurrent use, so each call gets its own.
	p := message.NewPrinter(language.Indonesian)
	s := p.Sprintf("%d", n)
	if neg := strings.TrimPrefix(s, "-"); neg != s {
		return "-Rp" + neg
	}
	return "Rp" + s
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
