package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/telegramtest"
)

// chatText is everything the bot sent to the chat since message from.
func chatText(msgs []telegramtest.Message, from int) string {
	var b strings.Builder
	for _, m := range msgs[from:] {
		b.WriteString(m.PlainText + "\n")
	}
	return b.String()
}

// A seller pastes 50 commands: the replies that pile up beyond the chat's
// burst come joined, in order, as replies to the commands, with one ↩️ for
// everything a joined message reports.
func TestPastedCommandsAreAnsweredInAFewJoinedMessages(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.ChatRate = 1 })
	h.say(sari, "/prospek Bu Sari")
	before := len(h.fake.Messages(sari.ID))
	for i := 1; i <= 50; i++ {
		h.fake.PushText(sari, fmt.Sprintf("/jual Bu Sari %drb", i))
	}
	var msgs []telegramtest.Message
	h.fake.WaitFor(t, 60*time.Second, "50 sales answered", func(s *telegramtest.Server) bool {
		msgs = s.Messages(sari.ID)
		return strings.Count(chatText(msgs, before), "Penjualan Rp") == 50
	})
	got := msgs[before:]
	if len(got) > 12 {
		t.Errorf("50 replies came in %d messages, want a few joined ones", len(got))
	}
	text := chatText(msgs, before)
	last := 0
	for i := 1; i <= 50; i++ {
		at := strings.Index(text, fmt.Sprintf("Penjualan Rp%d.000 ", i))
		if at < last {
			t.Fatalf("reply %d missing or out of order", i)
		}
		last = at
	}
	// The newest joined message can be taken back (the older ones only
	// after it: a later sale changed Bu Sari since).
	var joined *telegramtest.Message
	for i := range got {
		if strings.Count(got[i].PlainText, "Penjualan Rp") > 1 {
			joined = &got[i]
		}
	}
	if joined == nil {
		t.Fatal("no joined message")
	}
	if joined.ReplyTo == 0 {
		t.Error("a joined reply is not tied to its command (reply_parameters)")
	}
	n := strings.Count(joined.PlainText, "Penjualan Rp")
	c, _ := h.contact(sari.ID, "Bu Sari")
	if c.Purchases != 50 || c.Total != 1275000 {
		t.Fatalf("book: %d purchases, total %d", c.Purchases, c.Total)
	}
	done := h.pressFor(sari, *joined, fmt.Sprintf("×%d", n))
	wantContains(t, done, fmt.Sprintf("Diurungkan %d catatan", n))
	if c, _ := h.contact(sari.ID, "Bu Sari"); c.Purchases != 50-n {
		t.Errorf("after undoing a joined message of %d: %d purchases", n, c.Purchases)
	}
}

// A reply with buttons of its own (the card's 🧾 button) may close a joined
// message but never sits in its middle; the joined ↩️ covers only the
// writes before it.
func TestJoinedRepliesKeepOtherButtonsAtTheEnd(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.ChatRate = 1 })
	h.say(sari, "/jual Bu Sari 1rb")
	before := len(h.fake.Messages(sari.ID))
	cmds := []string{"/jual Bu Sari 2rb", "/jual Bu Sari 3rb", "/jual Bu Sari 4rb", "/jual Bu Sari 5rb",
		"/lihat Bu Sari", "/jual Bu Sari 6rb", "/jual Bu Sari 7rb", "/jual Bu Sari 8rb"}
	for _, c := range cmds {
		h.fake.PushText(sari, c)
	}
	var msgs []telegramtest.Message
	h.fake.WaitFor(t, 30*time.Second, "all answered", func(s *telegramtest.Server) bool {
		msgs = s.Messages(sari.ID)
		text := chatText(msgs, before)
		return strings.Count(text, "Penjualan Rp") == 7 && strings.Contains(text, "Riwayat terbaru")
	})
	for _, m := range msgs[before:] {
		card := strings.Index(m.PlainText, "Riwayat terbaru")
		if card < 0 {
			continue
		}
		if strings.Contains(m.PlainText[card:], "Penjualan Rp") {
			t.Errorf("a reply follows the card inside one message: %q", m.PlainText)
		}
		if !hasButton(m, "Penjualan (") {
			t.Errorf("the card's own button is gone: %+v", m.ReplyMarkup)
		}
	}
}
