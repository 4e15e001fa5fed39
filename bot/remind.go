package bot

import (
	"errors"
	"strings"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/bot/when"
	"github.com/salesbot/salesbot/storage"
)

// cmdRemind is "/ingatkan [NAMA] KAPAN [pesan]": a reminder at that minute,
// in the seller's timezone. Without a contact name it is a plain reminder.
func (c *hctx) cmdRemind(args []string) error {
	text := strings.Join(args, " ")
	now := c.r.At.In(c.loc)
	// A time right at the start: no contact.
	if at, rest, err := when.Parse(text, now, c.lang); err == nil || errors.Is(err, when.ErrPast) {
		if err != nil {
			return fail("remind_past", "Date", c.dateTime(at))
		}
		return c.addReminder(nil, at, rest)
	}
	// A known contact name (or #7), then the time.
	for k := len(args) - 1; k >= 1; k-- {
		name := strings.Join(args[:k], " ")
		if _, isRef := input.ParseShortNumber(name); !isRef && !c.tx.HasName(name) {
			continue
		}
		return c.remindContact(name, args[k:])
	}
	// Else the first split where a time can be read.
	for k := 1; k < len(args); k++ {
		if _, _, err := when.Parse(strings.Join(args[k:], " "), now, c.lang); err == nil || errors.Is(err, when.ErrPast) {
			return c.remindContact(strings.Join(args[:k], " "), args[k:])
		}
	}
	return fail("remind_unreadable", "Text", text)
}

func (c *hctx) remindContact(name string, rest []string) error {
	at, msg, err := when.Parse(strings.Join(rest, " "), c.r.At.In(c.loc), c.lang)
	switch {
	case errors.Is(err, when.ErrPast):
		return fail("remind_past", "Date", c.dateTime(at))
	case err != nil:
		return fail("remind_unreadable", "Text", strings.Join(rest, " "))
	}
	ct, ok, err := c.findContact("ingatkan", name, rest)
	if err != nil || !ok {
		return err
	}
	return c.addReminder(&ct, at, msg)
}

func (c *hctx) addReminder(ct *storage.Contact, at time.Time, msg string) error {
	note, err := cleanNote(msg)
	if err != nil {
		return err
	}
	r := storage.Reminder{At: at, Text: note}
	about := ""
	if ct != nil {
		r.ContactID = ct.ID
		about = ct.Name
		if note == "" {
			r.Text = c.t("remind_default_text", "Name", ct.Name)
		}
	} else if note == "" {
		return fail("remind_unreadable", "Text", "")
	}
	r, err = c.tx.AddReminder(r)
	if err != nil {
		return err
	}
	if about != "" {
		return c.reply(c.t("remind_set_contact", "Date", c.dateTime(r.At), "Name", about, "Text", r.Text))
	}
	return c.reply(c.t("remind_set", "Date", c.dateTime(r.At), "Text", r.Text))
}

// dateTime is "25 Des 2026 10.00" in the seller's timezone.
func (v view) dateTime(t time.Time) string {
	local := t.In(v.loc)
	return v.t("date_time", "Date", v.date(t), "Time", local.Format("15.04"), "Zone", zoneName(local))
}

// zoneName is WIB/WITA/WIT for Indonesia, else the zone's abbreviation.
func zoneName(t time.Time) string {
	name, offset := t.Zone()
	switch offset {
	case 7 * 3600:
		return "WIB"
	case 8 * 3600:
		return "WITA"
	case 9 * 3600:
		return "WIT"
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
		b.WriteString("\n" + c.t("reminders_line", "N", i+1, "Date", c.dateTime(r.At), "Text", r.Text))
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
