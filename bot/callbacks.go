package bot

import (
	"errors"
	"strconv"

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
		return c.showCard(ct)
	case cbPick:
		return c.onPick(d)
	case cbNudge:
		return c.onNudge(d)
	case cbReminder:
		return c.onReminderCancel(d)
	default:
		return c.answer(c.t("button_expired"))
	}
}

// onPick answers a question asked with buttons: which contact, or confirm.
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
	if err := c.answer(""); err != nil {
		return err
	}
	if d.arg == "x" {
		return c.show(c.t("cancelled"))
	}
	if p.Kind == "delete" {
		return c.confirmDelete(p, d.arg)
	}
	if len(p.Args) == 0 {
		return c.answer(c.t("button_expired"))
	}
	name, rest := p.Args[0], p.Args[1:]
	if d.arg == "new" && p.Kind == "jual" {
		sa, err := saleFromRest(name, rest)
		if err != nil {
			return err
		}
		return c.saleToNewContact(sa)
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
	return c.continueWith(p.Kind, ct, rest)
}

// continueWith finishes a command once the seller picked the contact.
func (c *hctx) continueWith(cmd string, ct storage.Contact, rest []string) error {
	if cmd == "jual" {
		sa, err := saleFromRest(ct.Name, rest)
		if err != nil {
			return err
		}
		return c.recordSale(ct, sa)
	}
	route := c.s.routes[cmd]
	if route == nil {
		return c.answer(c.t("button_expired"))
	}
	return route.run(c, append([]string{shortRef(ct.ID)}, rest...))
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
