package args

import (
	"errors"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/bot/when"
)

// Remind is "/ingatkan [NAMA] KAPAN [pesan]" as read.
type Remind struct {
	Name string    // the contact, as typed; "" for a plain reminder
	At   time.Time // in the seller's timezone, to the minute
	Text string
}

// ParseRemind reads /ingatkan at now (in the seller's timezone). A time at
// the start means no contact; else the contact's name comes first (the
// longest exact name, then the first split where a time can be read). A
// reminder without a message is Missing its text (a contact's reminder
// gets a default text from the bot instead); a contact without a time is
// Missing its time. A time that has passed is a Problem with when.ErrPast
// and the moment read in Partial.
func ParseRemind(toks []string, b Book, now time.Time, lang string) (Remind, error) {
	if len(toks) == 0 {
		return Remind{}, missing(PartWhen, Remind{})
	}
	read := func(name string, rest []string) (Remind, error) {
		r := Remind{Name: name}
		if len(rest) == 0 {
			return r, missing(PartWhen, r)
		}
		at, msg, err := when.Parse(join(rest), now, lang)
		switch {
		case errors.Is(err, when.ErrPast):
			r.At = at
			return r, &Problem{Part: PartWhen, Text: join(rest), Err: err, Partial: r}
		case err != nil:
			return r, unclear(PartWhen, join(rest), err)
		}
		r.At = at
		text, err := cleanText(PartText, msg)
		if err != nil {
			return r, err
		}
		r.Text = text
		if text == "" && name == "" {
			return r, missing(PartText, r)
		}
		return r, nil
	}
	// A time right at the start: no contact.
	if _, _, err := when.Parse(join(toks), now, lang); err == nil || errors.Is(err, when.ErrPast) {
		return read("", toks)
	}
	if _, ok := input.ParseShortNumber(toks[0]); ok {
		return read(toks[0], toks[1:])
	}
	for k := min(len(toks), maxNameWords); k >= 1; k-- {
		if _, ok := b.Exact(join(toks[:k])); ok {
			return read(join(toks[:k]), toks[k:])
		}
	}
	for k := 1; k < len(toks); k++ {
		if _, _, err := when.Parse(join(toks[k:]), now, lang); err == nil || errors.Is(err, when.ErrPast) {
			return read(join(toks[:k]), toks[k:])
		}
	}
	if Fits(join(toks), b) {
		return read(join(toks), nil)
	}
	return Remind{}, unclear(PartWhen, join(toks), when.ErrUnreadable)
}

// WithText finishes a reminder that was missing its message.
func (r Remind) WithText(answer string) (Remind, error) {
	text, err := cleanText(PartText, answer)
	if err != nil {
		return r, err
	}
	if text == "" {
		return r, missing(PartText, r)
	}
	r.Text = text
	return r, nil
}

// WithWhen finishes a reminder that was missing its time.
func (r Remind) WithWhen(answer string, now time.Time, lang string) (Remind, error) {
	name := r.Name
	r, err := ParseRemind(input.SplitArgs(answer), emptyBook{}, now, lang)
	r.Name = name
	if p, ok := AsProblem(err); ok {
		if p.Missing && p.Part == PartText && name != "" {
			return r, nil
		}
		if pr, ok := p.Partial.(Remind); ok {
			pr.Name = name
			p.Partial = pr
		}
	}
	return r, err
}

// emptyBook knows no names: for reading answers that hold no name.
type emptyBook struct{}

func (emptyBook) Exact(string) (Ref, bool)  { return Ref{}, false }
func (emptyBook) ByID(uint64) (Ref, bool)   { return Ref{}, false }
func (emptyBook) Candidates([]string) []Ref { return nil }
