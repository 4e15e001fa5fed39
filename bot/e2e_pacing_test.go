package bot_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/telegramtest"
)

// newPacedHarness is newHarness with Telegram's limits as they are: the
// fake enforces a strict 30 messages in any second and, per chat, a burst
// of 3 then 1 a second; the bot runs with the default pacing
// (SALESBOT_SEND_RATE 30, one message a second per chat).
func newPacedHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "salesbot.db"),
		fake: telegramtest.New(telegramtest.WithToken(testToken), telegramtest.WithStrictRateLimit(30, 1))}
	t.Cleanup(h.fake.Close)
	h.start(func(c *bot.Config) { c.SendRate, c.ChatRate = 0, 0 }) // the defaults
	t.Cleanup(h.shutdown)
	return h
}

// A seller gets a reply, presses its button and types a command right
// after: the button's message and the command's reply both come at once
// (within the chat's burst), in order, with no 429. With a burst of one a
// second, the last one came about a second late.
func TestButtonThenCommandAnsweredAtOnce(t *testing.T) {
	h := newPacedHarness(t)
	added := h.say(sari, "/prospek Bu Sari")
	wantContains(t, added, "Prospek baru")
	before := len(h.fake.Messages(sari.ID))

	data := buttonData(t, added, "Urungkan")
	pressAt := time.Now()
	h.fake.PushCallback(sari, added.MessageID, data)
	commandAt := time.Now() // well within 200ms of the press
	h.fake.PushText(sari, "/kontak")

	msgs := h.fake.WaitMessages(t, sari.ID, before+2)[before:]
	undone, listed := msgs[0], msgs[1]
	wantContains(t, undone, "Diurungkan")
	wantContains(t, listed, "masih kosong") // after the undo: in order
	if d := undone.Date.Sub(pressAt); d > 500*time.Millisecond {
		t.Errorf("the button's message arrived %v after the press, want at once", d)
	}
	if d := listed.Date.Sub(commandAt); d > 500*time.Millisecond {
		t.Errorf("the command's reply arrived %v after the command, want at once (it waited for the chat's limit)", d)
	}
	if n := h.fake.TooManyRequests(); n != 0 {
		t.Errorf("%d sends got 429", n)
	}
	if n := h.fake.EarlyRequests(); n != 0 {
		t.Errorf("%d requests came before retry_after", n)
	}
}
