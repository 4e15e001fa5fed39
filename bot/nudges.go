package bot

import (
	"errors"
	"strings"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// Nudge button actions (callback data "n:<contact>:<action>").
const (
	nudgeDone   = "d" // Sudah dihubungi
	nudgeSnooze = "s" // Tunda 3 hari
	nudgeLost   = "l" // Tidak jadi (prospects)
	nudgeReason = "r" // why a quiet buyer stopped
)

// snoozeFor is what "Tunda 3 hari" means.
const snoozeFor = 3 * 24 * time.Hour

// Digest renders the daily follow-up digest (reminders.Renderer): one line
// per contact with a WhatsApp link and a greeting ready, and a row of
// buttons per line.
func (s *Server) Digest(seller storage.Seller, nudges []storage.Nudge, more int, now time.Time) storage.OutMessage {
	v := s.viewFor(seller, "")
	var b strings.Builder
	b.WriteString(v.t("digest_title", "Count", len(nudges)+more))
	var rows [][]storage.Button
	for i, n := range nudges {
		c := n.Contact
		b.WriteString("\n\n" + v.t("digest_line", "N", i+1, "Name", c.Name, "Ref", shortRef(c.ID),
			"Stage", v.stageName(c.Stage, c.Lost), "Why", rawHTML(v.nudgeReason(n, now))))
		if c.Phone != "" {
			b.WriteString("\n" + v.t("digest_wa", "Link", input.WhatsAppLink(c.Phone, v.greeting(n))))
		}
		row := []storage.Button{
			{Text: buttonText(v.t("btn_done", "N", i+1)), Data: cbData{kind: cbNudge, id: c.ID, arg: nudgeDone}.encode(seller.ID)},
			{Text: v.t("btn_snooze"), Data: cbData{kind: cbNudge, id: c.ID, arg: nudgeSnooze}.encode(seller.ID)},
		}
		switch {
		case c.Purchases == 0:
			row = append(row, storage.Button{Text: v.t("btn_lost"), Data: cbData{kind: cbNudge, id: c.ID, arg: nudgeLost}.encode(seller.ID)})
		case n.Kind == storage.NudgeQuietBuyer:
			row = append(row, storage.Button{Text: v.t("btn_reason"), Data: cbData{kind: cbNudge, id: c.ID, arg: nudgeReason}.encode(seller.ID)})
		}
		rows = append(rows, row)
	}
	if more > 0 {
		b.WriteString("\n\n" + v.t("digest_more", "Count", more))
	}
	return storage.OutMessage{SellerID: seller.ID, ChatID: seller.ChatID, Text: b.String(), HTML: true, Buttons: rows}
}

func daysSince(t, now time.Time) int { return int(now.Sub(t).Hours() / 24) }

// nudgeReason is the line's "why now", per rule.
func (v view) nudgeReason(n storage.Nudge, now time.Time) string {
	c := n.Contact
	switch n.Kind {
	case storage.NudgeFirstCustomer:
		return v.t("nudge_first_customer", "Name", c.Name, "Amount", rupiah(c.FirstSaleAmount), "Date", v.date(c.FirstSaleAt))
	case storage.NudgeQuietBuyer:
		return v.t("nudge_quiet_buyer", "Days", daysSince(c.LastSaleAt, now))
	case storage.NudgeRepeatOrder:
		gap := int(c.LastSaleAt.Sub(c.FirstSaleAt).Hours()/24) / max(1, c.Purchases-1)
		return v.t("nudge_repeat_order", "Gap", gap, "Date", v.date(c.LastSaleAt))
	case storage.NudgeSatisfaction:
		return v.t("nudge_satisfaction", "Date", v.date(c.FirstSaleAt), "Amount", rupiah(c.FirstSaleAmount))
	case storage.NudgeKeepInTouch:
		return v.t("nudge_keep_in_touch", "Days", daysSince(c.LastContactAt, now))
	default:
		return v.t("nudge_prospect", "Days", daysSince(c.LastContactAt, now))
	}
}

// greeting is the WhatsApp message ready to send, per rule (plain text).
func (v view) greeting(n storage.Nudge) string {
	return plainText(v.t("greet_"+string(n.Kind), "Name", n.Contact.Name), 0)
}

// onNudge acts on a digest button, in the presser's own book.
func (c *hctx) onNudge(d cbData) error {
	ct, err := c.tx.Contact(d.id)
	if errors.Is(err, storage.ErrNotFound) {
		return c.answer(c.t("contact_gone"))
	}
	if err != nil {
		return err
	}
	switch d.arg {
	case nudgeDone:
		if _, _, err := c.tx.LogContacted(ct.ID, ""); err != nil {
			return err
		}
		return c.answer(c.t("nudge_done", "Name", ct.Name))
	case nudgeSnooze:
		until := c.r.At.Add(snoozeFor)
		if _, err := c.tx.Snooze(ct.ID, until); err != nil {
			return err
		}
		return c.answer(c.t("nudge_snoozed", "Name", ct.Name, "Date", c.date(until)))
	case nudgeLost:
		if _, err := c.tx.MarkLost(ct.ID, ""); err != nil {
			return err
		}
		if err := c.answer(""); err != nil {
			return err
		}
		return c.askReason("lostreason", ct, "ask_lost_reason")
	case nudgeReason:
		if err := c.answer(""); err != nil {
			return err
		}
		return c.askReason("stopreason", ct, "ask_stop_reason")
	}
	return c.answer(c.t("button_expired"))
}

// askReason opens a one-question dialog whose answer is stored on the contact.
func (c *hctx) askReason(cmd string, ct storage.Contact, prompt string) error {
	if err := c.tx.SetDialog(storage.Dialog{Command: cmd, Context: []string{shortRef(ct.ID)}}); err != nil {
		return err
	}
	return c.reply(c.t(prompt, "Name", ct.Name) + "\n" + c.t("dialog_cancel_hint"))
}

// cmdLostReason and cmdStopReason take the answer of askReason: "#id reason".
func (c *hctx) cmdLostReason(args []string) error { return c.saveReason(args, true) }
func (c *hctx) cmdStopReason(args []string) error { return c.saveReason(args, false) }

func (c *hctx) saveReason(args []string, lost bool) error {
	if len(args) < 2 {
		return fail("note_missing", "Name", "")
	}
	id, ok := input.ParseShortNumber(args[0])
	if !ok {
		return fail("button_expired")
	}
	ct, err := c.tx.Contact(id)
	if errors.Is(err, storage.ErrNotFound) {
		return fail("contact_gone")
	}
	if err != nil {
		return err
	}
	reason, err := cleanNote(strings.Join(args[1:], " "))
	if err != nil {
		return err
	}
	if lost {
		ct.LostReason = reason
	} else {
		ct.StopReason = reason
	}
	if err := c.tx.SaveContact(ct); err != nil {
		return err
	}
	if _, _, err := c.tx.AddNote(ct.ID, reason); err != nil {
		return err
	}
	return c.reply(c.t("reason_saved", "Name", ct.Name, "Ref", shortRef(ct.ID)))
}
