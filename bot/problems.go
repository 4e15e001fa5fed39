package bot

import (
	"errors"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/bot/when"
)

// refusal turns what the grammar could not read into the seller's
// message, quoting only the words that could not be read and giving an
// accepted example. Missing parts that a question can finish are asked by
// the handlers before this is reached.
func (c *hctx) refusal(p *args.Problem) error {
	switch p.Part {
	case args.PartAmount:
		if p.Missing {
			return fail("amount_missing")
		}
		return moneyError(p.Err, p.Text)
	case args.PartPhone:
		return fail("phone_invalid", "Text", p.Text)
	case args.PartName:
		switch {
		case p.Missing, errors.Is(p.Err, input.ErrNameEmpty):
			return fail("name_empty")
		case errors.Is(p.Err, input.ErrNameTooLong):
			return fail("name_too_long", "Max", input.MaxNameRunes)
		default:
			return fail("name_invalid")
		}
	case args.PartNote, args.PartText:
		if p.Missing {
			return fail("note_missing", "Name", "")
		}
		return fail("note_too_long", "Max", input.MaxNoteRunes)
	case args.PartWhen:
		if pr, ok := p.Partial.(args.Remind); ok && errors.Is(p.Err, when.ErrPast) {
			return fail("remind_past", "Date", c.dateTime(pr.At))
		}
		return fail("remind_unreadable", "Text", p.Text)
	case args.PartField, args.PartValue:
		if p.Text != "" && !p.Missing {
			return fail("edit_field_unknown", "Field", p.Text)
		}
		return fail("edit_usage")
	case args.PartTag:
		return fail("tag_invalid", "Text", p.Text)
	case args.PartZone:
		return fail("zone_usage")
	case args.PartStage:
		return fail("list_usage")
	case args.PartWord:
		return fail("find_usage")
	case args.PartSetting:
		switch {
		case errors.Is(p.Err, args.ErrHalfHour):
			return fail("settings_whole_hour", "Text", p.Text)
		case errors.Is(p.Err, args.ErrRange):
			lo, hi, _ := cutRange(p.Text)
			return fail("settings_range", "Min", lo, "Max", hi)
		}
		return fail("settings_usage")
	}
	return fail("hint")
}

func cutRange(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			return s[:i], s[i+1:], true
		}
	}
	return s, s, false
}

// problem returns err as a refusal when it is the grammar's Problem, else
// as it is.
func (c *hctx) problem(err error) error {
	if p, ok := args.AsProblem(err); ok {
		return c.refusal(p)
	}
	return err
}
