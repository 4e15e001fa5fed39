package args

import (
	"errors"
	"strings"

	"github.com/salesbot/salesbot/bot/input"
)

// Part is a part of a command the seller writes.
type Part string

// The parts a command can miss or get wrong.
const (
	PartName    Part = "name"   // a contact's name (or #7)
	PartAmount  Part = "amount" // money
	PartPhone   Part = "phone"
	PartNote    Part = "note"  // a note's text
	PartWhen    Part = "when"  // a reminder's time
	PartText    Part = "text"  // a reminder's message
	PartField   Part = "field" // what /ubah changes
	PartValue   Part = "value" // the new value of /ubah
	PartTag     Part = "tag"
	PartZone    Part = "zone"
	PartStage   Part = "stage"
	PartWord    Part = "word"    // what /cari looks for
	PartSetting Part = "setting" // a /pengaturan line
)

// Problem says which part of a command is missing or could not be read. The
// bot turns it into a question (Missing) or a refusal with an example; it
// carries what was read so far so that a question can finish the command.
type Problem struct {
	Part    Part
	Missing bool   // the part is not there: ask for it
	Text    string // the words that could not be read, exactly as typed
	Err     error  // the reader's reason (input.ErrMoney..., when.ErrPast, ...)
	// Partial is what was read before the problem (a Sale without its
	// amount, a Remind without its message), so a question can finish it.
	Partial any
}

func (p *Problem) Error() string {
	if p.Missing {
		return "missing " + string(p.Part)
	}
	msg := "unclear " + string(p.Part) + " " + quote(p.Text)
	if p.Err != nil {
		msg += ": " + p.Err.Error()
	}
	return msg
}

func (p *Problem) Unwrap() error { return p.Err }

func missing(part Part, partial any) error {
	return &Problem{Part: part, Missing: true, Partial: partial}
}

func unclear(part Part, text string, err error) error {
	return &Problem{Part: part, Text: text, Err: err}
}

// AsProblem returns the Problem in err, if any.
func AsProblem(err error) (*Problem, bool) {
	var p *Problem
	ok := errors.As(err, &p)
	return p, ok
}

func quote(s string) string { return "\"" + s + "\"" }

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func join(toks []string) string { return strings.Join(toks, " ") }

// cleanName checks a name as it will be stored.
func cleanName(s string) (string, error) {
	name, err := input.CleanName(s)
	if err != nil {
		return "", unclear(PartName, s, err)
	}
	return name, nil
}

// cleanText tidies a note or item; separators a seller puts before it
// ("- mau kerudung", ": suka pastel") are not part of it.
func cleanText(part Part, s string) (string, error) {
	s = strings.TrimLeft(strings.TrimSpace(s), "-—–:,")
	note, err := input.CleanNote(s)
	if err != nil {
		return "", unclear(part, s, err)
	}
	return note, nil
}

// isSeparator is a token that ends a name: "-", ":", "—".
func isSeparator(tok string) bool { return tok == "-" || tok == "—" || tok == "–" || tok == ":" }

// cutName ends the name at a token ending in ":" or "," ("Bu Sari: ...").
func cutName(tok string) (string, bool) {
	if len(tok) > 1 && (strings.HasSuffix(tok, ":") || strings.HasSuffix(tok, ",")) {
		return strings.TrimRight(tok, ":,"), true
	}
	return tok, false
}
