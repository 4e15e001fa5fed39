package bot

import (
	"errors"
	"strconv"
	"strings"

	"github.com/salesbot/salesbot/storage"
)

// The kinds of write an undo button takes back (storage.UndoLabel.Kind).
const (
	undoSale       = "sale"
	undoProspect   = "prospect"
	undoContacted  = "contacted"
	undoNote       = "note"
	undoEdit       = "edit"
	undoSaleEdit   = "sale_edit"
	undoSaleDelete = "sale_delete"
)

// undoKinds lists them all (each has an "undo_what_" text).
var undoKinds = []string{undoSale, undoProspect, undoContacted, undoNote, undoEdit, undoSaleEdit, undoSaleDelete}

// replyUndoable records everything this update wrote as one undo and
// replies with an ↩️ Urungkan button under it, valid for
// storage.UndoWindow.
func (c *hctx) replyUndoable(text string, label storage.UndoLabel, rows ...[]storage.Button) error {
	id, err := c.tx.SaveUndo(label)
	if err != nil {
		return err
	}
	rows = append(rows, []storage.Button{c.undoButton(id)})
	return c.reply(text, rows...)
}

func (c *hctx) undoButton(id uint64) storage.Button {
	return storage.Button{Text: c.t("btn_undo"), Data: cbData{kind: cbUndo, id: id}.encode(c.r.SellerID)}
}

// undoWhat says in a few words what an undo takes back.
func (c *hctx) undoWhat(l storage.UndoLabel) string {
	return c.t("undo_what_"+l.Kind, "Name", l.Name, "Amount", rupiah(l.Amount), "Text", l.Text)
}

// onUndo takes a write back. Pressed twice (or redelivered) it undoes once;
// when the records changed since, it says so and changes nothing.
func (c *hctx) onUndo(d cbData) error {
	if strings.HasPrefix(d.arg, "s") {
		return c.onUndoSeries(d)
	}
	u, err := c.tx.Undo(d.id)
	switch {
	case errors.Is(err, storage.ErrUndone):
		return c.answer(c.t("undo_already"))
	case errors.Is(err, storage.ErrExpired):
		return c.answer(c.t("undo_expired"))
	case errors.Is(err, storage.ErrChanged):
		if err := c.answer(""); err != nil {
			return err
		}
		return c.reply(c.t("undo_changed"))
	case errors.Is(err, storage.ErrNotFound):
		return c.answer(c.t("button_expired"))
	case err != nil:
		return err
	}
	if err := c.answer(""); err != nil {
		return err
	}
	return c.reply(c.t("undone", "What", c.undoWhat(u.Label)))
}

// offerUndo answers /batal when no question is open: the seller's last
// write, with the button to take it back.
func (c *hctx) offerUndo() error {
	u, ok, err := c.tx.LastUndo()
	if err != nil {
		return err
	}
	if !ok {
		return c.reply(c.t("nothing_to_cancel"))
	}
	return c.reply(c.t("undo_offer", "What", c.undoWhat(u.Label), "Date", c.dateTime(u.At)),
		[]storage.Button{c.undoButton(u.ID)})
}

// onUndoSeries takes back every write a joined reply reported, newest
// first, all or nothing: when one of them cannot be undone the whole
// transaction rolls back.
func (c *hctx) onUndoSeries(d cbData) error {
	first, err := strconv.ParseUint(d.arg[1:], 10, 64)
	if err != nil || first > d.id {
		return c.answer(c.t("button_expired"))
	}
	done, err := c.tx.UndoSeries(d.id, first)
	switch {
	case errors.Is(err, storage.ErrUndone):
		return c.answer(c.t("undo_already"))
	case errors.Is(err, storage.ErrExpired):
		return fail("undo_expired")
	case errors.Is(err, storage.ErrChanged):
		return fail("undo_changed")
	case errors.Is(err, storage.ErrNotFound):
		return c.answer(c.t("button_expired"))
	case err != nil:
		return err
	}
	if err := c.answer(""); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(c.t("undone_many", "Count", len(done)))
	for i := len(done) - 1; i >= 0; i-- {
		b.WriteString("\n• " + c.undoWhat(done[i].Label))
	}
	return c.reply(b.String())
}
