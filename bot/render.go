package bot

import (
	"html"
	"strings"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/bot/transport"
	"github.com/salesbot/salesbot/storage"
)

// maxMessage is Telegram's limit on a message's text, in UTF-16 units.
const maxMessage = transport.MaxMessage

// splitMessage cuts a message that is too long into parts at line breaks
// (our messages never open a tag on one line and close it on another), so
// each part is valid HTML on its own. Buttons stay with the last part.
func splitMessage(m storage.OutMessage) []storage.OutMessage {
	if transport.UTF16Len(m.Text) <= maxMessage {
		return []storage.OutMessage{m}
	}
	var parts []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, strings.TrimRight(cur.String(), "\n"))
			cur.Reset()
			curLen = 0
		}
	}
	for _, line := range strings.SplitAfter(m.Text, "\n") {
		for _, piece := range cutLine(line, maxMessage) {
			n := transport.UTF16Len(piece)
			if curLen+n > maxMessage {
				flush()
			}
			cur.WriteString(piece)
			curLen += n
		}
	}
	flush()
	out := make([]storage.OutMessage, 0, len(parts))
	for i, p := range parts {
		part := m
		part.Text = p
		if i < len(parts)-1 {
			part.Buttons = nil
		}
		out = append(out, part)
	}
	return out
}

// cutLine splits one over-long line at rune boundaries outside tags and
// entities.
func cutLine(line string, limit int) []string {
	if transport.UTF16Len(line) <= limit {
		return []string{line}
	}
	var out []string
	start, n := 0, 0
	inTag, inEnt := false, false
	for i, r := range line {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case r == '&':
			inEnt = true
		case r == ';':
			inEnt = false
		}
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > limit-16 && !inTag && !inEnt {
			out = append(out, line[start:i])
			start, n = i, 0
		}
		n += w
	}
	return append(out, line[start:])
}

// PlainText strips Telegram HTML for terminals and previews.
func PlainText(html string) string { return plainText(html, 0) }

// plainText strips our HTML for places that take plain text (toasts,
// terminal), cut to max runes.
func plainText(s string, max int) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	out := html.UnescapeString(b.String())
	if max > 0 {
		rs := []rune(out)
		if len(rs) > max {
			out = string(rs[:max-1]) + "…"
		}
	}
	return out
}

// date renders a day in the seller's timezone and language ("22 Nov 2026").
func (c view) date(t time.Time) string {
	if t.IsZero() {
		return c.t("never")
	}
	t = t.In(c.loc)
	return c.t("date", "Day", t.Day(), "Month", c.t(monthIDs[t.Month()-1]), "Year", t.Year())
}

var monthIDs = [12]string{"month_1", "month_2", "month_3", "month_4", "month_5", "month_6",
	"month_7", "month_8", "month_9", "month_10", "month_11", "month_12"}

func (c view) stageName(st storage.Stage, lost bool) string {
	if lost {
		return c.t("stage_lost")
	}
	return c.t("stage_" + string(st))
}

func rupiah(n int64) string { return input.FormatRupiah(n) }

// contactLine is one contact in a list: "#7 Bu Sari · Pelanggan · Rp1.050.000".
func (c view) contactLine(ct storage.Contact) string {
	if ct.Purchases > 0 {
		return c.t("contact_line_buyer", "ID", ct.ID, "Name", ct.Name, "Stage", c.stageName(ct.Stage, ct.Lost),
			"Count", ct.Purchases, "Total", rupiah(ct.Total))
	}
	return c.t("contact_line", "ID", ct.ID, "Name", ct.Name, "Stage", c.stageName(ct.Stage, ct.Lost))
}

// card is the full view of a contact.
func (c *hctx) card(ct storage.Contact) (string, error) {
	var b strings.Builder
	b.WriteString(c.t("card_title", "ID", ct.ID, "Name", ct.Name, "Stage", c.stageName(ct.Stage, ct.Lost)))
	if ct.Phone != "" {
		b.WriteString("\n" + c.t("card_phone", "Phone", input.FormatPhone(ct.Phone),
			"Link", input.WhatsAppLink(ct.Phone, c.t("wa_greeting", "Name", ct.Name))))
	} else {
		b.WriteString("\n" + c.t("card_no_phone", "ID", ct.ID))
	}
	if len(ct.Tags) > 0 {
		b.WriteString("\n" + c.t("card_tags", "Tags", "#"+strings.Join(ct.Tags, " #")))
	}
	if ct.Note != "" {
		b.WriteString("\n" + c.t("card_note", "Note", ct.Note))
	}
	if ct.Purchases > 0 {
		b.WriteString("\n" + c.t("card_first_sale", "Date", c.date(ct.FirstSaleAt), "Amount", rupiah(ct.FirstSaleAmount)))
		b.WriteString("\n" + c.t("card_purchases", "Count", ct.Purchases, "Total", rupiah(ct.Total), "Last", c.date(ct.LastSaleAt)))
	} else {
		b.WriteString("\n" + c.t("card_no_purchase"))
	}
	b.WriteString("\n" + c.t("card_last_contact", "Date", c.date(ct.LastContactAt)))
	if ct.Lost && ct.LostReason != "" {
		b.WriteString("\n" + c.t("card_lost_reason", "Reason", ct.LostReason))
	}
	if ct.StopReason != "" {
		b.WriteString("\n" + c.t("card_stop_reason", "Reason", ct.StopReason))
	}
	hist, err := c.tx.History(ct.ID, 8)
	if err != nil {
		return "", err
	}
	if len(hist) > 0 {
		b.WriteString("\n\n" + c.t("card_history"))
		for _, e := range hist {
			b.WriteString("\n" + c.eventLine(e))
		}
	}
	return b.String(), nil
}

func (c view) eventLine(e storage.Event) string {
	day := c.date(e.At)
	switch e.Kind {
	case storage.EventSale:
		if e.Text != "" {
			return c.t("event_sale_text", "Date", day, "Amount", rupiah(e.Amount), "Text", e.Text)
		}
		return c.t("event_sale", "Date", day, "Amount", rupiah(e.Amount))
	case storage.EventContacted:
		if e.Text != "" {
			return c.t("event_contacted_text", "Date", day, "Text", e.Text)
		}
		return c.t("event_contacted", "Date", day)
	case storage.EventNote:
		return c.t("event_note", "Date", day, "Text", e.Text)
	case storage.EventCreated:
		return c.t("event_created", "Date", day)
	case storage.EventLost:
		return c.t("event_lost", "Date", day, "Text", e.Text)
	default:
		return c.t("event_edited", "Date", day, "Text", e.Text)
	}
}
