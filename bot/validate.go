package bot

import (
	"errors"
	"strconv"

	"github.com/salesbot/salesbot/bot/input"
)

// The readers in bot/input return sentinel errors; these turn them into the
// seller's language, each with an accepted example.

func cleanName(s string) (string, error) {
	name, err := input.CleanName(s)
	switch {
	case err == nil:
		return name, nil
	case errors.Is(err, input.ErrNameEmpty):
		return "", fail("name_empty")
	case errors.Is(err, input.ErrNameTooLong):
		return "", fail("name_too_long", "Max", input.MaxNameRunes)
	default:
		return "", fail("name_invalid")
	}
}

func cleanNote(s string) (string, error) {
	note, err := input.CleanNote(s)
	if err != nil {
		return "", fail("note_too_long", "Max", input.MaxNoteRunes)
	}
	return note, nil
}

func parsePhone(s string) (string, error) {
	p, err := input.ParsePhone(s)
	if err != nil {
		return "", fail("phone_invalid", "Text", s)
	}
	return p, nil
}

func moneyError(err error, text string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, input.ErrMoneyNotPositive):
		return fail("amount_not_positive", "Text", text)
	case errors.Is(err, input.ErrMoneyTooLarge):
		return fail("amount_too_large", "Text", text)
	default:
		return fail("amount_unreadable", "Text", text)
	}
}

func shortRef(id uint64) string { return "#" + strconv.FormatUint(id, 10) }
