package bot

import (
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"strings"
)

// Callback data kinds. Every button's data is "<kind>:<id>:<arg>:<owner>",
// at most 64 bytes (Telegram's limit). It names records by the seller's own
// ids and is resolved inside the book of whoever pressed it, so it cannot
// reach another seller's records; the owner tag (a checksum of the seller
// the button was made for) makes a button pressed by anyone else refused
// outright rather than applied to their own record of the same number.
const (
	cbPick     = 'p' // answer to a Pending question: id = pending id, arg = choice
	cbPage     = 'k' // contact list page: arg = "<stage>.<page>"
	cbOpen     = 'o' // open a contact card: id = contact id
	cbNudge    = 'n' // act on a follow-up nudge: id = contact id, arg = action
	cbReminder = 'r' // cancel an own reminder: id = reminder id
	cbSetting  = 's' // change a setting: arg = what
	cbUndo     = 'u' // undo a write: id = undo id
	cbSale     = 'j' // change or delete one sale: id = event id, arg = "e"|"d" + contact id
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

type cbData struct {
	kind byte
	id   uint64
	arg  string
}

// encode renders the data for a button shown to seller. Args are our own
// short words, so the data stays well under 64 bytes (see the test).
func (d cbData) encode(seller int64) string {
	return string(d.kind) + ":" + strconv.FormatUint(d.id, 10) + ":" + d.arg + ":" + ownerTag(seller)
}

// decodeCB reads button data pressed by seller; ok is false for malformed
// data and for buttons made for someone else.
func decodeCB(s string, seller int64) (cbData, bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 || len(parts[0]) != 1 || len(s) > maxCallbackData || parts[3] != ownerTag(seller) {
		return cbData{}, false
	}
	id, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil {
		return cbData{}, false
	}
	return cbData{kind: parts[0][0], id: id, arg: parts[2]}, true
}

func ownerTag(seller int64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seller))
	return strconv.FormatUint(uint64(crc32.ChecksumIEEE(b[:])), 36)
}
