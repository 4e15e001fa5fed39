package bot

import (
	"encoding/json"
	"fmt"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// resolve finds the contact a typed name or "#7" means (args.Resolve over
// the name index). found is false when the seller must pick from r.Choices
// or when nothing fits (no choices).
func (c *hctx) resolve(name string) (storage.Contact, args.Resolution, error) {
	if clean, err := input.CleanName(name); err == nil {
		name = clean // invisible characters are not part of a name
	}
	r := args.Resolve(name, c.book)
	if c.book.err != nil {
		return storage.Contact{}, r, c.book.err
	}
	if id, ok := input.ParseShortNumber(name); ok && !r.Found {
		return storage.Contact{}, r, fail("contact_not_found_id", "Ref", shortRef(id))
	}
	if !r.Found {
		return storage.Contact{}, r, nil
	}
	ct, err := c.tx.Contact(r.Contact.ID)
	return ct, r, err
}

// withContact runs then on the contact name means. When it is not a
// contact, nothing is done: the seller is asked to pick among the close or
// fitting ones (the question remembers payload, so the pick finishes the
// command), or told there is no such contact.
func (c *hctx) withContact(cmd, name string, payload any, then func(storage.Contact) error) error {
	ct, r, err := c.resolve(name)
	switch {
	case err != nil:
		return err
	case r.Found:
		return then(ct)
	case len(r.Choices) > 0:
		return c.askWhich(cmd, name, payload, r, false)
	default:
		return fail("contact_not_found", "Name", name)
	}
}

// askWhich stores the question and shows one button per choice (plus "new
// contact" when offerNew, and cancel). Nothing is written to the book.
func (c *hctx) askWhich(cmd, name string, payload any, r args.Resolution, offerNew bool) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("ask which: %w", err)
	}
	ids := make([]uint64, len(r.Choices))
	for i, ref := range r.Choices {
		ids[i] = ref.ID
	}
	pid, err := c.tx.AddPending(storage.Pending{Kind: cmd, Args: []string{name}, ContactIDs: ids, Payload: data})
	if err != nil {
		return err
	}
	var rows [][]storage.Button
	for i, ref := range r.Choices {
		rows = append(rows, []storage.Button{{Text: buttonText(c.t("btn_contact", "Name", ref.Name, "ID", ref.ID)),
			Data: cbData{kind: cbPick, id: pid, arg: itoa(i)}.encode(c.r.SellerID)}})
	}
	if offerNew {
		rows = append(rows, []storage.Button{{Text: buttonText(c.t("btn_new_contact", "Name", name)), Data: cbData{kind: cbPick, id: pid, arg: "new"}.encode(c.r.SellerID)}})
	}
	rows = append(rows, []storage.Button{{Text: c.t("btn_cancel"), Data: cbData{kind: cbPick, id: pid, arg: "x"}.encode(c.r.SellerID)}})
	question := "ask_which"
	if r.Close {
		question = "ask_which_close"
	}
	return c.reply(c.t(question, "Name", name), rows...)
}

// resumers finish a command once the seller picked its contact, from the
// reading the question stored.
var resumers = map[string]func(c *hctx, payload []byte, ct storage.Contact) error{
	"jual": func(c *hctx, p []byte, ct storage.Contact) error {
		return resume(p, func(s args.Sale) error { return c.recordSale(ct, s, false) })
	},
	"hubungi": func(c *hctx, p []byte, ct storage.Contact) error {
		return resume(p, func(v args.Contacted) error { return c.logContacted(ct, v) })
	},
	"catat": func(c *hctx, p []byte, ct storage.Contact) error {
		return resume(p, func(v args.Note) error { return c.addNote(ct, v) })
	},
	"lihat":     func(c *hctx, _ []byte, ct storage.Contact) error { return c.showCard(ct) },
	"hapus":     func(c *hctx, _ []byte, ct storage.Contact) error { return c.askDelete(ct) },
	"penjualan": func(c *hctx, _ []byte, ct storage.Contact) error { return c.listSales(ct, false) },
	"ubah": func(c *hctx, p []byte, ct storage.Contact) error {
		return resume(p, func(v args.Edit) error { return c.applyEdit(ct, v) })
	},
	"ingatkan": func(c *hctx, p []byte, ct storage.Contact) error {
		return resume(p, func(v args.Remind) error { return c.remindAbout(&ct, v) })
	},
}

func resume[T any](payload []byte, then func(T) error) error {
	var v T
	if err := json.Unmarshal(payload, &v); err != nil {
		return fmt.Errorf("resume %T: %w", v, err)
	}
	return then(v)
}

// buttonText is the plain label of a button (buttons take no HTML).
func buttonText(s string) string { return plainText(s, 60) }
