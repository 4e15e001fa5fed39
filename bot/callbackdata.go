package bot

import (
	"strconv"
	"strings"
)

// Callback data kinds. Every button's data is "<kind>:<id>:<arg>", at most
// 64 bytes (Telegram's limit), and names records by the seller's own ids: it
// is resolved inside the book of whoever pressed it, so it cannot reach
// another seller's records.
const (
	cbPick     = 'p' // answer to a Pending question: id = pending id, arg = choice
	cbPage     = 'k' // contact list page: arg = "<stage>.<page>"
	cbOpen     = 'o' // open a contact card: id = contact id
	cbNudge    = 'n' // act on a follow-up nudge: id = contact id, arg = action
	cbReminder = 'r' // cancel an own reminder: id = reminder id
	cbSetting  = 's' // change a setting: arg = what
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

type cbData struct {
	kind byte
	id   uint64
	arg  string
}

// encode renders the data; an arg that would pass the limit is cut (args
// are our own short words, so this never happens in practice).
func (d cbData) encode() string {
	s := string(d.kind) + ":" + strconv.FormatUint(d.id, 10) + ":" + d.arg
	if len(s) > maxCallbackData {
		s = s[:maxCallbackData]
	}
	return s
}

func decodeCB(s string) (cbData, bool) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || len(parts[0]) != 1 || len(s) > maxCallbackData {
		return cbData{}, false
	}
	id, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil {
		return cbData{}, false
	}
	return cbData{kind: parts[0][0], id: id, arg: parts[2]}, true
}
