package input

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrPhoneInvalid means the text is not a phone number that can be dialled:
// wrong characters, too few or too many digits, or a number that is not
// valid for its country (per libphonenumber metadata).
var ErrPhoneInvalid = errors.New("phone number is not valid")

const (
	// defaultRegion is used for numbers written without a country code.
	defaultRegion = "ID"
	// maxPhoneLen bounds the text handed to the phone library; real numbers
	// with generous punctuation stay well below it.
	maxPhoneLen = 40
	// minPhoneDigits and maxPhoneDigits bound the digit count of anything that
	// is read as a phone: E.164 allows 15 digits, a national "0" and some
	// spacing slack allow a little more before the library decides.
	minPhoneDigits = 7
	maxPhoneDigits = 17
	// maxPhoneTokens is how many tokens ScanPhone joins at most.
	maxPhoneTokens = 4
)

// ParsePhone reads a phone number as sellers write it and returns it in
// E.164 form ("+6281234567890"), the form used as a storage key and for
// WhatsApp links. Numbers without a country code are Indonesian:
// "0812-3456-7890", "081234567890", "(021) 555-1234" and "+62 812 3456 7890"
// all work, and so do foreign numbers with their "+" country code
// ("+1 650 253 0000"). A number starting with "62" is read as having the
// country code without '+' ("6281234567890", as copied from WhatsApp) when
// that gives a valid number.
//
// Only digits, a leading '+', spaces and the separators - ( ) . are allowed,
// and the number must be valid for its country, so "12", "abc", "0000000" and
// "+62 000" are refused. Errors wrap ErrPhoneInvalid. A returned number
// always starts with '+' and ParsePhone returns it unchanged when given it
// again.
func ParsePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("read phone: empty: %w", ErrPhoneInvalid)
	}
	if len(s) > maxPhoneLen {
		return "", fmt.Errorf("read phone %s: too long: %w", quote(s), ErrPhoneInvalid)
	}
	digits := 0
	for k := 0; k < len(s); k++ {
		switch c := s[k]; {
		case isASCIIDigit(c):
			digits++
		case c == '+' && k == 0:
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '.':
		default:
			return "", fmt.Errorf("read phone %s: unexpected character: %w", quote(s), ErrPhoneInvalid)
		}
	}
	if digits < minPhoneDigits || digits > maxPhoneDigits {
		return "", fmt.Errorf("read phone %s: %d digits: %w", quote(s), digits, ErrPhoneInvalid)
	}
	if strings.HasPrefix(s, "62") {
		// "62..." is how numbers are copied out of WhatsApp: the country
		// code without '+'. Prefer that reading when it is valid, because
		// the library would otherwise read "62215551234" as the national
		// number 0622-155-1234 rather than +62 21 5551234.
		if num, err := parseNumber("+" + s); err == nil && phonenumbers.IsValidNumber(num) {
			return formatE164(s, num)
		}
	}
	num, err := parseNumber(s)
	if err != nil {
		return "", fmt.Errorf("read phone %s: %v: %w", quote(s), err, ErrPhoneInvalid)
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", fmt.Errorf("read phone %s: no such number: %w", quote(s), ErrPhoneInvalid)
	}
	return formatE164(s, num)
}

// formatE164 formats a valid number read from s.
func formatE164(s string, num *phonenumbers.PhoneNumber) (string, error) {
	e164 := phonenumbers.Format(num, phonenumbers.E164)
	if len(e164) < 2 || e164[0] != '+' {
		return "", fmt.Errorf("read phone %s: cannot format: %w", quote(s), ErrPhoneInvalid)
	}
	return e164, nil
}

// parseNumber calls the phone library, turning a panic inside it (it is a
// large port of foreign code) into an error so that no input can crash the
// bot.
func parseNumber(s string) (num *phonenumbers.PhoneNumber, err error) {
	defer func() {
		if r := recover(); r != nil {
			num, err = nil, fmt.Errorf("phone library failed: %v", r)
		}
	}()
	return phonenumbers.Parse(s, defaultRegion)
}

// LooksLikePhone reports whether a single token is meant as a phone number,
// so that "/prospek Bu Sari 0812-3456-7890 350rb" can be split into name,
// phone and amount. The token must consist of digits and the separators
// + - ( ) . only ('+' first), carry 7 to 17 digits, and either start with
// '+', '0' or '(', start with the country code "62" followed by at least 8
// more digits, or use '-' or parentheses as separators. Amounts such as
// "1.250.000", "62.500.000.000" or "350000" therefore do not look like
// phones. It does not
// check validity; ParsePhone or ScanPhone does.
func LooksLikePhone(tok string) bool {
	digits, ok := phoneChars(tok, true)
	if !ok || digits < minPhoneDigits || digits > maxPhoneDigits || thousandsGroups(tok) {
		return false
	}
	switch {
	case tok[0] == '+' || tok[0] == '0' || tok[0] == '(':
		return true
	case strings.HasPrefix(tok, "62") && digits >= 10:
		return true
	default:
		return strings.ContainsAny(tok, "-()")
	}
}

// ScanPhone reads a phone number written across 1 to 4 tokens starting at
// tokens[i]: "0812-3456-7890", "+62 812 3456 7890", "(021) 555-1234". It
// returns the E.164 form and the number of tokens used; the fewest tokens
// that make a valid number win, so a following quantity or amount
// ("(021) 555-1234 2") is not swallowed.
//
// ok is false, with n == 0, when tokens[i] does not start a phone: it must
// look like a phone by itself (LooksLikePhone) or be the head of one written
// with spaces: '+' and a digit ("+62"), an area code in parentheses
// ("(021)"), or a digit group starting with 0 of at least 3 digits ("0812").
// When the tokens look like a phone but no valid number can be made of them,
// ok is true, err wraps ErrPhoneInvalid and n covers the phone-like tokens.
func ScanPhone(tokens []string, i int) (e164 string, n int, ok bool, err error) {
	if i < 0 || i >= len(tokens) {
		return "", 0, false, nil
	}
	head := tokens[i]
	if !LooksLikePhone(head) && !phoneHead(head) {
		return "", 0, false, nil
	}
	// run is the number of tokens that could belong to the number.
	run := 1
	for run < maxPhoneTokens && i+run < len(tokens) {
		if d, ok := phoneChars(tokens[i+run], false); !ok || d == 0 {
			break
		}
		run++
	}
	for k := 1; k <= run; k++ {
		e164, err = ParsePhone(strings.Join(tokens[i:i+k], " "))
		if err == nil {
			return e164, k, true, nil
		}
	}
	// err is the refusal of the longest candidate, which names all of it.
	return "", run, true, err
}

// thousandsGroups reports whether tok is written like an amount with '.'
// thousands separators: 1 to 3 digits not starting with 0, then groups of
// exactly 3 digits ("62.500.000.000").
func thousandsGroups(tok string) bool {
	groups := strings.Split(tok, ".")
	if len(groups) < 2 || len(groups[0]) < 1 || len(groups[0]) > 3 || groups[0][0] == '0' {
		return false
	}
	for k, g := range groups {
		if k > 0 && len(g) != 3 {
			return false
		}
		for m := 0; m < len(g); m++ {
			if !isASCIIDigit(g[m]) {
				return false
			}
		}
	}
	return true
}

// phoneHead reports whether tok can be the first group of a phone number
// written with spaces.
func phoneHead(tok string) bool {
	digits, ok := phoneChars(tok, true)
	if !ok || digits == 0 {
		return false
	}
	switch tok[0] {
	case '+', '(':
		return true
	case '0':
		return digits >= 3
	}
	return false
}

// phoneChars counts the digits of tok and reports whether it consists only of
// digits and the separators - ( ) . , with '+' allowed as the first
// character when first is true.
func phoneChars(tok string, first bool) (digits int, ok bool) {
	if tok == "" || len(tok) > maxPhoneLen {
		return 0, false
	}
	for k := 0; k < len(tok); k++ {
		switch c := tok[k]; {
		case isASCIIDigit(c):
			digits++
		case c == '+' && k == 0 && first:
		case c == '-' || c == '(' || c == ')' || c == '.':
		default:
			return 0, false
		}
	}
	return digits, true
}

// WhatsAppLink returns a click-to-chat link for an E.164 number,
// "https://wa.me/6281234567890", with "?text=" and the escaped message when
// text is not empty. Only the digits of e164 are used, so a stray '+' or
// space cannot break the link. Spaces in text are escaped as "%20" rather
// than "+", which every client decodes as a space.
func WhatsAppLink(e164, text string) string {
	var b strings.Builder
	b.WriteString("https://wa.me/")
	for k := 0; k < len(e164); k++ {
		if isASCIIDigit(e164[k]) {
			b.WriteByte(e164[k])
		}
	}
	if text != "" {
		b.WriteString("?text=")
		// QueryEscape writes a space as '+' and a literal '+' as "%2B", so
		// the replacement below only touches spaces.
		b.WriteString(strings.ReplaceAll(url.QueryEscape(text), "+", "%20"))
	}
	return b.String()
}

// FormatPhone returns the number in international display form, e.g.
// "+62 812-3456-7890" or "+62 21 5551234". Text that is not a valid number
// is returned unchanged, so displaying never fails.
func FormatPhone(e164 string) string {
	if len(e164) > maxPhoneLen {
		return e164
	}
	num, err := parseNumber(e164)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return e164
	}
	return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
}
