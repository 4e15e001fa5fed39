package bot

import (
	"errors"
	"strings"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// prospectArgs is "/prospek NAMA [NOMOR_HP] [#tag ...] [catatan]": the name
// runs until a phone, a #tag or a separator ("-", "name:").
type prospectArgs struct {
	name  string
	phone string
	tags  []string
	note  string
}

func parseProspect(args []string) (prospectArgs, error) {
	var p prospectArgs
	i := 0
	var name []string
	for ; i < len(args); i++ {
		a := args[i]
		if _, _, ok, _ := input.ScanPhone(args, i); ok && len(name) > 0 {
			break
		}
		if _, ok := input.ParseTag(a); ok && len(name) > 0 {
			break
		}
		if a == "-" || a == "—" || a == ":" {
			i++
			break
		}
		if strings.HasSuffix(a, ":") || strings.HasSuffix(a, ",") {
			name = append(name, strings.TrimRight(a, ":,"))
			i++
			break
		}
		name = append(name, a)
	}
	n, err := cleanName(strings.Join(name, " "))
	if err != nil {
		return p, err
	}
	p.name = n
	if i < len(args) {
		if phone, used, ok, err := input.ScanPhone(args, i); ok {
			if err != nil {
				return p, fail("phone_invalid", "Text", strings.Join(args[i:min(len(args), i+used)], " "))
			}
			p.phone = phone
			i += used
		} else if skipWord(args[i]) && i == len(args)-1 {
			i++
		}
	}
	for ; i < len(args); i++ {
		tag, ok := input.ParseTag(args[i])
		if !ok {
			break
		}
		p.tags = appendTag(p.tags, tag)
	}
	note, err := cleanNote(strings.Join(args[i:], " "))
	if err != nil {
		return p, err
	}
	p.note = strings.TrimLeft(note, "-—: ")
	return p, nil
}

func appendTag(tags []string, tag string) []string {
	for _, t := range tags {
		if t == tag {
			return tags
		}
	}
	return append(tags, tag)
}

func (c *hctx) cmdProspect(args []string) error {
	p, err := parseProspect(args)
	if err != nil {
		return err
	}
	if existing, err := c.tx.ContactByName(p.name); err == nil {
		return c.replyExists(existing)
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	ct, err := c.tx.AddContact(storage.Contact{Name: p.name, Phone: p.phone, Tags: p.tags, Note: p.note})
	if err != nil {
		return err
	}
	return c.reply(c.t("prospect_added", "Name", ct.Name, "Ref", shortRef(ct.ID), "Stage", c.stageName(ct.Stage, false)) +
		c.phoneHint(ct))
}

// replyExists says the name is taken and offers to open that contact.
func (c *hctx) replyExists(ct storage.Contact) error {
	return c.reply(c.t("contact_exists", "Name", ct.Name, "Ref", shortRef(ct.ID), "Stage", c.stageName(ct.Stage, ct.Lost)),
		[]storage.Button{{Text: c.t("btn_open", "Name", ct.Name), Data: cbData{kind: cbOpen, id: ct.ID}.encode(c.r.SellerID)}})
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
			return c.reply(c.t("phone_added", "Name", existing.Name, "Ref", shortRef(existing.ID)))
		}
		return c.replyExists(existing)
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	ct, err := c.tx.AddContact(storage.Contact{Name: name, Phone: phone})
	if err != nil {
		return err
	}
	return c.reply(c.t("prospect_added", "Name", ct.Name, "Ref", shortRef(ct.ID), "Stage", c.stageName(ct.Stage, false)) + c.phoneHint(ct))
}

func (c *hctx) cmdShow(args []string) error {
	name, _, err := c.splitName(args, 0)
	if err != nil {
		return err
	}
	ct, ok, err := c.findContact("lihat", name, nil)
	if err != nil || !ok {
		return err
	}
	return c.showCard(ct)
}

func (c *hctx) showCard(ct storage.Contact) error {
	text, err := c.card(ct)
	if err != nil {
		return err
	}
	return c.reply(text)
}

// editField maps what the seller typed to the field /ubah changes.
func editField(s string) (string, bool) {
	switch s {
	case "nama", "name":
		return "name", true
	case "hp", "phone", "nomor", "telepon", "wa", "no":
		return "phone", true
	case "tag", "tags", "label":
		return "tag", true
	case "catatan", "note", "notes":
		return "note", true
	}
	return "", false
}

func (c *hctx) cmdEdit(args []string) error {
	at := -1
	for i := 1; i < len(args); i++ {
		if _, ok := editField(strings.ToLower(args[i])); ok {
			at = i
			break
		}
	}
	if at < 0 {
		return fail("edit_usage")
	}
	field, _ := editField(strings.ToLower(args[at]))
	value := strings.TrimSpace(strings.Join(args[at+1:], " "))
	ct, ok, err := c.findContact("ubah", strings.Join(args[:at], " "), args[at:])
	if err != nil || !ok {
		return err
	}
	var what string
	switch field {
	case "name":
		name, err := cleanName(value)
		if err != nil {
			return err
		}
		what = ct.Name + " → " + name
		ct.Name = name
	case "phone":
		if skipWord(value) || value == "" {
			ct.Phone = ""
		} else {
			p, err := parsePhone(value)
			if err != nil {
				return err
			}
			ct.Phone = p
		}
		what = c.t("field_phone")
	case "tag":
		ct.Tags = nil
		for _, t := range strings.FieldsFunc(value, func(r rune) bool { return r == ' ' || r == ',' }) {
			tag, ok := input.ParseTag("#" + strings.TrimPrefix(t, "#"))
			if !ok {
				return fail("tag_invalid", "Text", t)
			}
			ct.Tags = appendTag(ct.Tags, tag)
		}
		what = c.t("field_tag")
	case "note":
		note, err := cleanNote(value)
		if err != nil {
			return err
		}
		ct.Note = note
		what = c.t("field_note")
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
	ct, err = c.tx.Contact(ct.ID)
	if err != nil {
		return err
	}
	text, err := c.card(ct)
	if err != nil {
		return err
	}
	return c.reply(c.t("edited") + "\n\n" + text)
}

func (c *hctx) cmdDelete(args []string) error {
	name, _, err := c.splitName(args, 0)
	if err != nil {
		return err
	}
	ct, ok, err := c.findContact("hapus", name, nil)
	if err != nil || !ok {
		return err
	}
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
