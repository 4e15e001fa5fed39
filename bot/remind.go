package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// cmdRemind is "/ingatkan [NAMA] KAPAN [pesan]": a reminder at that minute,
// in the seller's timezone. Without a contact name it is a plain reminder.
// A missing time or message is asked for.
func (c *hctx) cmdRemind(toks []string) error {
	r, err := args.ParseRemind(toks, c.book, c.r.At.In(c.loc), c.lang)
	if c.book.err != nil {
		return c.book.err
	}
	if p, ok := args.AsProblem(err); ok {
		switch {
		case p.Missing && p.Part == args.PartText:
			return c.askPart("ingatkan", args.PartText, r, c.t("ask_remind_text", "Date", c.dateTime(r.At)))
		case p.Missing && p.Part == args.PartWhen && r.Name != "":
			return c.withContact("ingatkan", r.Name, r, func(ct storage.Contact) error {
				r.Name = shortRef(ct.ID)
				return c.askPart("ingatkan", args.PartWhen, r, c.t("ask_remind_when", "Name", ct.Name))
			})
		}
		return c.refusal(p)
	}
	return c.remindFlow(r)
}

// remindFlow sets a reminder read whole (or finished by a question).
func (c *hctx) remindFlow(r args.Remind) error {
	if r.Name == "" {
		return c.remindAbout(nil, r)
	}
	return c.withContact("ingatkan", r.Name, r, func(ct storage.Contact) error { return c.remindAbout(&ct, r) })
}

func (c *hctx) remindAbout(ct *storage.Contact, r args.Remind) error {
	if !r.At.After(c.r.At) {
		return fail("remind_past", "Date", c.dateTime(r.At))
	}
	rem := storage.Reminder{At: r.At, Text: r.Text}
	about := ""
	if ct != nil {
		rem.ContactID = ct.ID
		about = ct.Name
		if rem.Text == "" {
			rem.Text = c.t("remind_default_text", "Name", ct.Name)
		}
	} else if rem.Text == "" {
		return c.askPart("ingatkan", args.PartText, r, c.t("ask_remind_text", "Date", c.dateTime(r.At)))
	}
	rem, err := c.tx.AddReminder(rem)
	if err != nil {
		return err
	}
	if about != "" {
		return c.reply(c.t("remind_set_contact", "Date", c.dateTime(rem.At), "Name", about, "Text", rem.Text))
	}
	return c.reply(c.t("remind_set", "Date", c.dateTime(rem.At), "Text", rem.Text))
}

// dateTime is "Senin, 30 Nov 2026 09.00 WIB" in the seller's timezone.
func (v view) dateTime(t time.Time) string {
	local := t.In(v.loc)
	return v.t("date_time", "Weekday", v.t("weekday_"+strconv.Itoa(int(local.Weekday()))), "Date", v.date(t),
		"Time", local.Format("15.04"), "Zone", zoneName(local))
}

// zoneName is WIB/WITA/WIT for Indonesia, else the zone's abbreviation.
func zoneName(t time.Time) string {
	name, offset := t.Zone()
	if abbrev, ok := input.ZoneAbbrev(offset); ok {
		return abbrev
	}
	return name
}

// cmdReminders lists pending reminders with a cancel button each.
func (c *hctx) cmdReminders(_ []string) error {
	rs, err := c.tx.Reminders()
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return c.reply(c.t("reminders_none"))
	}
	var b strings.Builder
	b.WriteString(c.t("reminders_title", "Count", len(rs)))
	var rows [][]storage.Button
	for i, r := range rs {
		if i == 20 {
			b.WriteString("\n" + c.t("find_more", "Count", len(rs)-20))
			break
		}
		line := c.t("reminders_line", "N", i+1, "Date", c.dateTime(r.At), "Text", r.Text)
		if r.ContactID != 0 {
			if ct, err := c.tx.Contact(r.ContactID); err == nil {
				line = c.t("reminders_line_contact", "N", i+1, "Date", c.dateTime(r.At), "Text", r.Text, "Name", ct.Name, "Ref", shortRef(ct.ID))
			}
		}
		b.WriteString("\n" + line)
		rows = append(rows, []storage.Button{{Text: buttonText(c.t("btn_cancel_reminder", "N", i+1)),
			Data: cbData{kind: cbReminder, id: r.ID, arg: "x"}.encode(c.r.SellerID)}})
	}
	return c.reply(b.String(), rows...)
}

func (c *hctx) onReminderCancel(d cbData) error {
	r, err := c.tx.TakeReminder(d.id)
	if errors.Is(err, storage.ErrNotFound) {
		return c.answer(c.t("reminder_gone"))
	}
	if err != nil {
		return err
	}
	return c.answer(c.t("reminder_cancelled", "Text", r.Text))
}

// Reminder renders an own reminder at its minute (reminders.Renderer).
func (s *Server) Reminder(seller storage.Seller, r storage.Reminder, ct *storage.Contact) storage.OutMessage {
	v := s.viewFor(seller, "")
	text := v.t("reminder_due", "Text", r.Text)
	var rows [][]storage.Button
	if ct != nil {
		text += "\n" + v.t("reminder_about", "Name", ct.Name, "Ref", shortRef(ct.ID), "Stage", v.stageName(ct.Stage, ct.Lost))
		if ct.Phone != "" {
			text += "\n" + v.t("digest_wa", "Link", input.WhatsAppLink(ct.Phone, v.t("wa_greeting", "Name", ct.Name)))
		}
		rows = append(rows, []storage.Button{
			{Text: v.t("btn_done", "N", ""), Data: cbData{kind: cbNudge, id: ct.ID, arg: nudgeDone}.encode(seller.ID)},
			{Text: buttonText(v.t("btn_open", "Name", ct.Name)), Data: cbData{kind: cbOpen, id: ct.ID}.encode(seller.ID)},
		})
	}
	return storage.OutMessage{SellerID: seller.ID, ChatID: seller.ChatID, Text: text, HTML: true, Buttons: rows}
}
