package bot

import (
	"errors"
	"strconv"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/storage"
)

// onCallback handles a pressed button. The data is decoded by the typed
// helpers and every id in it is looked up in the presser's own book only.
func (c *hctx) onCallback() error {
	d, ok := decodeCB(c.r.Callback.Data, c.r.SellerID)
	if !ok {
		return c.answer(c.t("button_expired"))
	}
	switch d.kind {
	case cbPage:
		stage, page, ok := parsePageData(d.arg)
		if !ok {
			return c.answer(c.t("button_expired"))
		}
		if err := c.answer(""); err != nil {
			return err
		}
		return c.showPage(stage, page, true)
	case cbOpen:
		ct, err := c.tx.Contact(d.id)
		if errors.Is(err, storage.ErrNotFound) {
			return c.answer(c.t("contact_gone"))
		}
		if err != nil {
			return err
		}
		if err := c.answer(""); err != nil {
			return err
		}
		if d.arg == "s" {
			return c.listSales(ct, false)
		}
		return c.showCard(ct)
	case cbPick:
		return c.onPick(d)
	case cbNudge:
		return c.onNudge(d)
	case cbReminder:
		return c.onReminderCancel(d)
	case cbUndo:
		return c.onUndo(d)
	case cbSale:
		return c.onSaleButton(d)
	default:
		return c.answer(c.t("button_expired"))
	}
}

// onPick answers a question asked with buttons: which contact, which
// amount, or confirm. A question closed by /batal only says so.
func (c *hctx) onPick(d cbData) error {
	p, err := c.tx.Pending(d.id)
	if errors.Is(err, storage.ErrNotFound) {
		return c.answer(c.t("button_expired"))
	}
	if err != nil {
		return err
	}
	if err := c.tx.DeletePending(p.ID); err != nil {
		return err
	}
	if p.Cancelled {
		return c.answer(c.t("question_cancelled"))
	}
	if err := c.answer(""); err != nil {
		return err
	}
	switch {
	case d.arg == "x":
		return c.show(c.t("cancelled"))
	case p.Kind == "delete":
		return c.confirmDelete(p, d.arg)
	case p.Kind == "jual_small":
		return c.onSmallAmount(p, d.arg)
	case d.arg == "new" && p.Kind == "jual":
		return resume(p.Payload, func(s args.Sale) error { return c.saleToNewContact(s) })
	}
	i, err := strconv.Atoi(d.arg)
	if err != nil || i < 0 || i >= len(p.ContactIDs) {
		return c.answer(c.t("button_expired"))
	}
	ct, err := c.tx.Contact(p.ContactIDs[i])
	if errors.Is(err, storage.ErrNotFound) {
		return c.show(c.t("contact_gone"))
	}
	if err != nil {
		return err
	}
	then := resumers[p.Kind]
	if then == nil || len(p.Payload) == 0 {
		return c.show(c.t("button_expired"))
	}
	return then(c, p.Payload, ct)
}

// askDelete asks to confirm deleting a contact with everything recorded.
func (c *hctx) askDelete(ct storage.Contact) error {
	pid, err := c.tx.AddPending(storage.Pending{Kind: "delete", ContactIDs: []uint64{ct.ID}})
	if err != nil {
		return err
	}
	return c.reply(c.t("delete_confirm", "Name", ct.Name, "Ref", shortRef(ct.ID), "Count", ct.Purchases),
		[]storage.Button{
			{Text: c.t("btn_delete_yes"), Data: cbData{kind: cbPick, id: pid, arg: "y"}.encode(c.r.SellerID)},
			{Text: c.t("btn_cancel"), Data: cbData{kind: cbPick, id: pid, arg: "x"}.encode(c.r.SellerID)},
		})
}

func (c *hctx) confirmDelete(p storage.Pending, arg string) error {
	if arg != "y" || len(p.ContactIDs) != 1 {
		return c.show(c.t("cancelled"))
	}
	ct, err := c.tx.Contact(p.ContactIDs[0])
	if errors.Is(err, storage.ErrNotFound) {
		return c.show(c.t("contact_gone"))
	}
	if err != nil {
		return err
	}
	if err := c.tx.DeleteContact(ct.ID); err != nil {
		return err
	}
	return c.show(c.t("deleted", "Name", ct.Name, "Ref", shortRef(ct.ID)))
}
