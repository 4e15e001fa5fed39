package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

// recorded reports whether the database holds update id as applied: Peek
// of that id says it is a repeat.
func (h *harness) recorded(seller, id int64) bool {
	h.t.Helper()
	_, err := h.db.Peek(storage.Update{ID: id, SellerID: seller, ChatID: seller, At: time.Now()},
		func(*storage.Tx) error { return nil })
	return errors.Is(err, storage.ErrDuplicate)
}

// holdWriter blocks the database's single writer (a write of another
// seller that waits) until release is called, or the test ends.
func (h *harness) holdWriter() (release func()) {
	h.t.Helper()
	started, hold, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- h.db.Apply(context.Background(), storage.Update{SellerID: 999, ChatID: 999, At: time.Now()},
			func(*storage.Tx) error {
				select {
				case <-started:
				default:
					close(started)
				}
				<-hold
				return nil
			})
	}()
	<-started
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(hold)
			if err := <-done; err != nil {
				h.t.Error(err)
			}
		})
	}
	h.t.Cleanup(release) // also when the test fails while holding it
	return release
}

// A read-only command's reply does not wait for any commit: it comes while
// the database writer is held up.
func TestReadOnlyCommandIsAnsweredWhileTheWriterIsBusy(t *testing.T) {
	h := newHarness(t)
	// Sari's book, written straight to the database so that no reply of
	// the bot is on its way when the commands come.
	err := h.db.Apply(context.Background(), storage.Update{SellerID: sari.ID, ChatID: sari.ID, Name: sari.FirstName,
		Lang: "id", At: time.Now()}, func(tx *storage.Tx) error {
		_, err := tx.AddContact(storage.Contact{Name: "Bu Sari", Phone: "+6281298765432"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cmd, want string }{
		{"/lihat Bu Sari", "812-9876-5432"},
		{"/kontak", "Kontak Anda (1)"},
		{"/cari sari", "Hasil pencarian"},
		{"/bantuan", "/jual"},
		{"/pengingat", "Tidak ada pengingat"},
		{"/ringkasan", "Minggu ini"},
		{"/penjualan Bu Sari", "Belum ada penjualan"},
	} {
		release := h.holdWriter()
		before := len(h.fake.Messages(sari.ID))
		id := h.fake.PushText(sari, tc.cmd)
		msgs := h.fake.WaitMessages(t, sari.ID, before+1)
		release()
		wantContains(t, msgs[before], tc.want)
		h.fake.WaitConfirmed(t, id)
	}
	if n := len(h.fake.Messages(sari.ID)); n != 7 {
		t.Errorf("%d messages, want 7 (one per command)", n)
	}
}

func TestReadOnlyReplyRefusedByTelegramGoesThroughTheOutbox(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	h.fake.FailNext("sendMessage", 1, 429, 1)
	start := time.Now()
	id := h.fake.PushText(sari, "/lihat Bu Sari")
	msgs := h.fake.WaitMessages(t, sari.ID, 2)
	wantContains(t, msgs[1], "Bu Sari")
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("reply after %v, before retry_after", waited)
	}
	h.fake.WaitConfirmed(t, id)
	if !h.recorded(sari.ID, id) {
		t.Error("a reply Telegram refused at first must be committed with its update")
	}
	if h.fake.EarlyRequests() != 0 {
		t.Errorf("%d requests before retry_after", h.fake.EarlyRequests())
	}
	h.say(sari, "/kontak")
	if n := len(h.fake.Messages(sari.ID)); n != 3 {
		t.Errorf("%d messages, want 3 (sent once, none lost)", n)
	}
}

func TestReadOnlyReplyNeverOvertakesAnEarlierOne(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	// The sale's reply is held back a second by a 429; the card asked for
	// right after must come after it, not before.
	h.fake.FailNext("sendMessage", 1, 429, 1)
	h.fake.PushText(sari, "/jual Bu Sari 350rb")
	h.fake.PushText(sari, "/lihat Bu Sari")
	msgs := h.fake.WaitMessages(t, sari.ID, 3)
	wantContains(t, msgs[1], "Rp350.000")
	wantContains(t, msgs[2], "Bu Sari", "350.000")
	h.say(sari, "/kontak")
	if n := len(h.fake.Messages(sari.ID)); n != 4 {
		t.Errorf("%d messages, want 4", n)
	}
}

func TestReadOnlyCommandClosesTheOpenQuestion(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	h.say(sari, "/catat") // asks which contact
	wantContains(t, h.say(sari, "/lihat Bu Sari"), "Bu Sari")
	// The question is closed: a plain line is not its answer.
	m := h.say(sari, "Bu Sari")
	wantContains(t, m, "belum paham")
	wantNot(t, m, "Apa catatannya")
}

// Pasted read-only commands are answered like pasted writes: in order,
// each once, joined into a few messages once the chat's burst is spent.
func TestPastedReadOnlyCommandsAreJoined(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.ChatRate = 1 })
	h.say(sari, "/prospek Bu Sari")
	before := len(h.fake.Messages(sari.ID))
	var last int64
	for i := 1; i <= 30; i++ {
		last = h.fake.PushText(sari, fmt.Sprintf("/cari kata%02d", i))
	}
	var msgs []telegramtest.Message
	h.fake.WaitFor(t, 60*time.Second, "30 searches answered", func(s *telegramtest.Server) bool {
		msgs = s.Messages(sari.ID)
		return strings.Count(chatText(msgs, before), "kata") >= 30
	})
	h.fake.WaitConfirmed(t, last)
	text := chatText(msgs, before)
	at := 0
	for i := 1; i <= 30; i++ {
		w := fmt.Sprintf("kata%02d", i)
		if strings.Count(text, w) != 1 {
			t.Fatalf("%s answered %d times", w, strings.Count(text, w))
		}
		next := strings.Index(text, w)
		if next < at {
			t.Fatalf("%s out of order", w)
		}
		at = next
	}
	if got := len(msgs) - before; got > 8 {
		t.Errorf("30 replies came in %d messages, want a few joined ones", got)
	}
}
