package bot

import (
	"errors"
	"strings"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// cmdProspect is "/prospek NAMA [HP] [#tag ...] [- catatan]".
func (c *hctx) cmdProspect(toks []string) error {
	p, err := args.ParseProspect(toks)
	if pr, ok := args.AsProblem(err); ok {
		if pr.Missing && pr.Part == args.PartName {
			return c.askPart("prospek", args.PartName, p, c.t("ask_name_for_phone", "Phone", input.FormatPhone(p.Phone)))
		}
		return c.refusal(pr)
	}
	return c.addProspect(p)
}

// addProspect adds a new prospect; a name already in the book (the same
// up to synonyms: "Ibu Sari" is "Bu Sari") is not added again.
func (c *hctx) addProspect(p args.Prospect) error {
	ct, r, err := c.resolve(p.Name)
	if err != nil {
		return err
	}
	if r.Found && args.Compare(p.Name, ct.Name) == args.Same {
		return c.replyExists(ct)
	}
	ct, err = c.tx.AddContact(storage.Contact{Name: p.Name, Phone: p.Phone, Tags: p.Tags, Note: p.Note})
	if err != nil {
		return err
	}
	msg := c.t("prospect_added", "Name", ct.Name, "Ref", shortRef(ct.ID), "Stage", c.stageName(ct.Stage, false)) + c.phoneHint(ct)
	if len(ct.Tags) > 0 {
		msg += "\n" + c.t("card_tags", "Tags", "#"+strings.Join(ct.Tags, " #"))
	}
	if ct.Note != "" {
		msg += "\n" + c.t("card_note", "Note", ct.Note)
	}
	return c.replyUndoable(msg, storage.UndoLabel{Kind: undoProspect, Name: ct.Name})
}

// replyExists says the name is taken and offers to open that contact.
func (c *hctx) replyExists(ct storage.Contact) error {
	return c.reply(c.t("contact_exists", "Name", ct.Name, "Ref", shortRef(ct.ID), "Stage", c.stageName(ct.Stage, ct.Lost)),
		[]storage.Button{{Text: buttonText(c.t("btn_open", "Name", ct.Name)), Data: cbData{kind: cbOpen, id: ct.ID}.encode(c.r.SellerID)}})
}

func (c *hctx) phoneHint(ct storage.Contact) string {
	if ct.Phone == "" {
		return "\n" + c.t("no_phone_hint", "Ref", shortRef(ct.ID))
	}
	return "\n" + c.t("card_phone", "Phone", input.FormatPhone(ct.Phone), "Link", input.WhatsAppLink(ct.Phone, c.t("wa_greeting", "Name", ct.Name)))
}

// onSharedContact adds a contact shared from the phone's address book as a
// prospect with its phone.
func (c *hctx) onSharedContact() error {
	sh := c.r.Shared
	name, err := cleanName(strings.TrimSpace(sh.FirstName + " " + sh.LastName))
	if err != nil {
		return err
	}
	phone, err := parsePhone(sh.Phone)
	if err != nil {
		return err
	}
	if existing, err := c.tx.ContactByName(name); err == nil {
		if existing.Phone == "" {
			existing.Phone = phone
			if err := c.tx.SaveContact(existing); err != nil {
				return err
			}
			return c.replyUndoable(c.t("phone_added", "Name", existing.Name, "Ref", shortRef(existing.ID)),
				storage.UndoLabel{Kind: undoEdit, Name: existing.Name})
		}
		return c.replyExists(existing)
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	return c.addProspect(args.Prospect{Name: name, Phone: phone})
}

// cmdShow is "/lihat NAMA": the card of exactly that contact, or a choice.
func (c *hctx) cmdShow(toks []string) error {
	name, err := args.ParseName(toks)
	if err != nil {
		return c.problem(err)
	}
	return c.withContact("lihat", name, nil, c.showCard)
}

func (c *hctx) showCard(ct storage.Contact) error {
	text, err := c.card(ct)
	if err != nil {
		return err
	}
	var rows [][]storage.Button
	if ct.Purchases > 0 {
		rows = append(rows, []storage.Button{{Text: c.t("btn_sales", "Count", ct.Purchases),
			Data: cbData{kind: cbOpen, id: ct.ID, arg: "s"}.encode(c.r.SellerID)}})
	}
	return c.reply(text, rows...)
}

// cmdEdit is "/ubah NAMA nama|hp|tag|catatan NILAI".
func (c *hctx) cmdEdit(toks []string) error {
	e, err := args.ParseEdit(toks, c.book)
	if c.book.err != nil {
		return c.book.err
	}
	if p, ok := args.AsProblem(err); ok {
		switch {
		case p.Missing && p.Part == args.PartField:
			return c.askPart("ubah", args.PartField, e, c.t("ask_field"))
		case p.Missing && p.Part == args.PartValue:
			return c.askPart("ubah", args.PartValue, e, c.t("ask_value"))
		}
		return c.refusal(p)
	}
	return c.withContact("ubah", e.Name, e, func(ct storage.Contact) error { return c.applyEdit(ct, e) })
}

// editValueFlow finishes an edit whose value was asked for.
func (c *hctx) editValueFlow(e args.Edit, value string) error {
	v, err := args.EditValue(e.Field, value)
	if err != nil {
		return c.problem(err)
	}
	v.Name = e.Name
	return c.withContact("ubah", v.Name, v, func(ct storage.Contact) error { return c.applyEdit(ct, v) })
}

func (c *hctx) applyEdit(ct storage.Contact, e args.Edit) error {
	var what string
	switch e.Field {
	case args.FieldName:
		what = ct.Name + " → " + e.NewName
		ct.Name = e.NewName
	case args.FieldPhone:
		ct.Phone = e.Phone
		what = c.t("field_phone")
	case args.FieldTag:
		ct.Tags = e.Tags
		what = c.t("field_tag")
	case args.FieldNote:
		ct.Note = e.Note
		what = c.t("field_note")
	default:
		return fail("edit_usage")
	}
	if err := c.tx.SaveContact(ct); err != nil {
		if errors.Is(err, storage.ErrExists) {
			return fail("name_taken", "Name", ct.Name)
		}
		return err
	}
	if _, err := c.tx.AddEvent(ct.ID, storage.EventEdited, what); err != nil {
		return err
	}
	ct, err := c.tx.Contact(ct.ID)
	if err != nil {
		return err
	}
	text, err := c.card(ct)
	if err != nil {
		return err
	}
	return c.replyUndoable(c.t("edited")+"\n\n"+text, storage.UndoLabel{Kind: undoEdit, Name: ct.Name, Text: what})
}

// cmdDelete is "/hapus NAMA": a confirm button for exactly that contact;
// a name that is not a contact offers the close ones as a choice first.
func (c *hctx) cmdDelete(toks []string) error {
	name, err := args.ParseName(toks)
	if err != nil {
		return c.problem(err)
	}
	return c.withContact("hapus", name, nil, c.askDelete)
}
