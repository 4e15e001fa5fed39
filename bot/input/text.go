package input

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Sentinel errors for names and notes; the functions below wrap them with
// context, callers test them with errors.Is.
var (
	// ErrNameEmpty means nothing visible is left of the name after cleaning.
	ErrNameEmpty = errors.New("name is empty")
	// ErrNameTooLong means the cleaned name has more than MaxNameRunes runes.
	ErrNameTooLong = errors.New("name is too long")
	// ErrNameInvalid means the name cannot be stored as typed: invalid UTF-8,
	// no letter or digit at all, or it starts with '/' or '#' (which the bot
	// reads as a command or a "#7" short number / "#tag").
	ErrNameInvalid = errors.New("name is not valid")
	// ErrTextTooLong means the cleaned note has more than MaxNoteRunes runes.
	ErrTextTooLong = errors.New("text is too long")
	// ErrTextInvalid means the note is not valid UTF-8 (Telegram never sends
	// such text, so it points at a bug upstream).
	ErrTextInvalid = errors.New("text is not valid UTF-8")
)

// Length limits, in runes (code points) after cleaning. They keep lists and
// buttons readable and storage bounded.
const (
	// MaxNameRunes is the longest accepted contact name.
	MaxNameRunes = 64
	// MaxNoteRunes is the longest accepted free-text note.
	MaxNoteRunes = 1000
)

// maxTagRunes is the longest accepted "#tag" (without the '#').
const maxTagRunes = 32

const (
	zwj           = '\u200d' // ZERO WIDTH JOINER, glues emoji sequences
	blackFlag     = '\U0001F3F4'
	tagFirst      = '\U000E0020' // emoji tag characters (subdivision flags)
	tagLast       = '\U000E007F'
	variation16   = '\ufe0f' // emoji presentation selector
	keycap        = '\u20e3'
	skinToneFirst = '\U0001F3FB'
	skinToneLast  = '\U0001F3FF'
)

// CleanName validates and tidies a contact name as typed. It trims, turns
// every white space run (including newlines and no-break spaces) into one
// space, and removes invisible characters: controls, format characters
// (zero-width spaces, soft hyphens, bidi embeddings/overrides/isolates
// U+202A–202E and U+2066–2069, byte order marks) and other default-ignorable
// fillers such as U+3164. A zero-width joiner is kept only inside an emoji
// sequence ("👩‍💻") and tag characters only inside a flag sequence, so emoji
// stay intact; letters of every script, right-to-left included, are kept.
// Otherwise the seller's spelling, case and punctuation are kept exactly
// ("Toko <Maju> & Jaya_*" stays as is).
//
// Errors: ErrNameInvalid for invalid UTF-8, for a name with no letter or
// digit (only punctuation, symbols or emoji), and for a name starting with
// '/' or '#'; ErrNameEmpty when nothing is left; ErrNameTooLong above
// MaxNameRunes runes.
func CleanName(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("clean name: invalid UTF-8: %w", ErrNameInvalid)
	}
	name := cleanLine(s)
	if name == "" {
		return "", fmt.Errorf("clean name: %w", ErrNameEmpty)
	}
	if n := utf8.RuneCountInString(name); n > MaxNameRunes {
		return "", fmt.Errorf("clean name %s: %d characters, at most %d: %w",
			quote(name), n, MaxNameRunes, ErrNameTooLong)
	}
	if name[0] == '/' || name[0] == '#' {
		return "", fmt.Errorf("clean name %s: starts with %q: %w", quote(name), name[0], ErrNameInvalid)
	}
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "", fmt.Errorf("clean name %s: no letter or digit: %w", quote(name), ErrNameInvalid)
	}
	return name, nil
}

// CleanNote tidies free text the way CleanName tidies a name, but keeps line
// breaks: each line is cleaned and trimmed, "\r\n", "\r", U+0085, U+2028 and
// U+2029 become "\n", runs of blank lines become one blank line, and blank
// lines at the start and end are dropped. Empty text is allowed and gives "".
// Errors: ErrTextInvalid for invalid UTF-8, ErrTextTooLong when the cleaned
// text has more than MaxNoteRunes runes.
func CleanNote(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("clean note: %w", ErrTextInvalid)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	blank := false
	for _, line := range splitLines(s) {
		line = cleanLine(line)
		if line == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(line)
	}
	note := b.String()
	if n := utf8.RuneCountInString(note); n > MaxNoteRunes {
		return "", fmt.Errorf("clean note: %d characters, at most %d: %w", n, MaxNoteRunes, ErrTextTooLong)
	}
	return note, nil
}

// splitLines splits s at every kind of line break ("\r\n" already folded).
func splitLines(s string) []string {
	var lines []string
	start := 0
	for k, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			lines = append(lines, s[start:k])
			start = k + utf8.RuneLen(r)
		}
	}
	return append(lines, s[start:])
}

// cleanLine removes invisible characters from one line and collapses white
// space, keeping emoji sequences intact (see CleanName).
func cleanLine(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	last := rune(-1) // last rune written, -1 if none
	space := false   // white space seen since last
	for k, r := range rs {
		switch {
		case unicode.IsSpace(r):
			space = last >= 0
			continue
		case r == zwj:
			if space || !emojiTail(last) || k+1 >= len(rs) || !unicode.Is(unicode.So, rs[k+1]) {
				continue
			}
		case r >= tagFirst && r <= tagLast:
			if space || !(last == blackFlag || last >= tagFirst && last <= tagLast) {
				continue
			}
		case invisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// invisible reports whether r is a control, format or other
// default-ignorable character, none of which a seller types on purpose.
// White space is handled before this is asked.
func invisible(r rune) bool {
	return unicode.IsControl(r) ||
		unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// emojiTail reports whether r can end an emoji that a zero-width joiner may
// follow: a pictographic symbol, a skin tone, the emoji presentation
// selector or a keycap.
func emojiTail(r rune) bool {
	return unicode.Is(unicode.So, r) ||
		r >= skinToneFirst && r <= skinToneLast ||
		r == variation16 || r == keycap
}

// SplitArgs splits the argument text of a command into tokens at white
// space. A run in double quotes (straight '"' or typographic “ ” as phone
// keyboards insert them, in any pairing) that starts a token is one token
// with the quotes removed and its inside kept as typed:
// `Bu "Sari Dewi" 350rb` gives ["Bu", "Sari Dewi", "350rb"]. A quote
// inside a word is an ordinary character (`5"`). An unbalanced opening quote
// makes the rest of the text one token. Tokens that would be empty or only
// white space (`""`) are dropped, so every token has a visible rune. Invalid
// UTF-8 bytes are kept as they are.
func SplitArgs(s string) []string {
	var out []string
	k := 0
	for k < len(s) {
		r, w := utf8.DecodeRuneInString(s[k:])
		switch {
		case unicode.IsSpace(r):
			k += w
		case isQuote(r):
			start := k + w
			end := strings.IndexFunc(s[start:], isQuote)
			if end < 0 {
				if tok := strings.TrimRightFunc(s[start:], unicode.IsSpace); strings.TrimSpace(tok) != "" {
					out = append(out, tok)
				}
				return out
			}
			if tok := s[start : start+end]; strings.TrimSpace(tok) != "" {
				out = append(out, tok)
			}
			_, qw := utf8.DecodeRuneInString(s[start+end:])
			k = start + end + qw
		default:
			start := k
			for k < len(s) {
				r, w := utf8.DecodeRuneInString(s[k:])
				if unicode.IsSpace(r) {
					break
				}
				k += w
			}
			out = append(out, s[start:k])
		}
	}
	return out
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// ParseShortNumber reads a "#7" short number, the handle the bot shows next
// to each contact in lists. It returns the number and true only for '#'
// followed by ASCII digits with a value from 1 to the uint64 maximum
// ("#07" is 7); "#0", "#", "#x", "#7a" and "7" give false.
func ParseShortNumber(tok string) (uint64, bool) {
	digits, ok := strings.CutPrefix(strings.TrimSpace(tok), "#")
	if !ok || digits == "" || len(digits) > 24 {
		return 0, false
	}
	for k := 0; k < len(digits); k++ {
		if !isASCIIDigit(digits[k]) {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || v == 0 {
		return 0, false
	}
	return v, true
}

// ParseTag reads a "#arisan"-style tag: '#' followed by letters (any
// script), digits, combining marks and '_', with at least one letter and at
// most 32 runes. It returns the tag NFC-normalized and lower-cased without
// the '#', so "#Arisan" and "#ARISAN" are the same tag. Short numbers ("#7")
// are not tags, so ParseTag and ParseShortNumber never both succeed.
func ParseTag(tok string) (string, bool) {
	tag, ok := strings.CutPrefix(strings.TrimSpace(tok), "#")
	if !ok || tag == "" || len(tag) > maxTagRunes*utf8.UTFMax {
		return "", false
	}
	tag = norm.NFC.String(tag)
	letter := false
	n := 0
	for _, r := range tag {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r) || r == '_':
		case unicode.IsMark(r) && n > 0:
		default:
			return "", false
		}
		n++
	}
	if !letter || n > maxTagRunes {
		return "", false
	}
	return strings.ToLower(tag), true
}
