package bot_test

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/locales"
	"github.com/salesbot/salesbot/storage"
)

// harness runs the real bot against the fake Bot API: the real
// go-telegram/bot client, our poller and sender, a real bbolt file.
type harness struct {
	t    *testing.T
	fake *telegramtest.Server
	db   *storage.DB
	path string
	srv  *bot.Server
	stop context.CancelFunc
	done chan error
}

const testToken = "123456:TEST-token"

type harnessOpt func(*bot.Config)

func newHarness(t *testing.T, opts ...harnessOpt) *harness {
	t.Helper()
	h := &harness{t: t, fake: telegramtest.New(telegramtest.WithToken(testToken)), path: filepath.Join(t.TempDir(), "salesbot.db")}
	t.Cleanup(h.fake.Close)
	h.start(opts...)
	t.Cleanup(h.shutdown)
	return h
}

// start opens the database and runs the bot until shutdown.
func (h *harness) start(opts ...harnessOpt) {
	h.t.Helper()
	db, err := storage.Open(h.path, storage.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	bundle, err := locales.Bundle()
	if err != nil {
		h.t.Fatal(err)
	}
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	cfg := bot.Config{
		Token: testToken, APIURL: h.fake.URL(), Store: db, Bundle: bundle, Languages: locales.Languages,
		Location: jakarta, Logger: testLogger(h.t), PollTimeout: 5 * time.Second, SendRate: 1000, ChatRate: 1000,
	}
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := bot.New(ctx, cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	h.srv, h.stop, h.done = srv, cancel, make(chan error, 1)
	go func() { h.done <- srv.Run(ctx) }()
}

// shutdown stops the bot like SIGTERM does and closes the database.
func (h *harness) shutdown() {
	if h.stop == nil {
		return
	}
	h.stop()
	if err := <-h.done; err != nil {
		h.t.Errorf("Run: %v", err)
	}
	if err := h.db.Close(); err != nil {
		h.t.Errorf("close db: %v", err)
	}
	h.stop = nil
}

// restart is a process restart on the same database file.
func (h *harness) restart(opts ...harnessOpt) {
	h.shutdown()
	h.start(opts...)
}

func testLogger(t *testing.T) zerolog.Logger {
	if testing.Verbose() {
		return zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.DebugLevel)
	}
	return zerolog.New(io.Discard)
}

var (
	sari  = telegramtest.User{ID: 1001, FirstName: "Sari", LanguageCode: "id"}
	budi  = telegramtest.User{ID: 1002, FirstName: "Budi", LanguageCode: "id"}
	emily = telegramtest.User{ID: 1003, FirstName: "Emily", LanguageCode: "en"}
)

// say sends text as u and returns the bot's one new message in reply.
func (h *harness) say(u telegramtest.User, text string) telegramtest.Message {
	h.t.Helper()
	msgs := h.sayN(u, text, 1)
	return msgs[len(msgs)-1]
}

// sayN sends text and waits for n new messages in the chat.
func (h *harness) sayN(u telegramtest.User, text string, n int) []telegramtest.Message {
	h.t.Helper()
	before := len(h.fake.Messages(u.ID))
	h.fake.PushText(u, text)
	msgs := h.fake.WaitMessages(h.t, u.ID, before+n)
	return msgs[before:]
}

// press presses a button on the bot's message and waits for the callback
// answer and cond.
func (h *harness) press(u telegramtest.User, m telegramtest.Message, label string) int64 {
	h.t.Helper()
	data := buttonData(h.t, m, label)
	id := h.fake.PushCallback(u, m.MessageID, data)
	h.fake.WaitFor(h.t, 10*time.Second, "callback answered", func(s *telegramtest.Server) bool {
		_, _, ok := s.CallbackAnswer(id)
		return ok
	})
	return id
}

// pressFor presses a button and waits for one new message.
func (h *harness) pressFor(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	before := len(h.fake.Messages(u.ID))
	h.press(u, m, label)
	msgs := h.fake.WaitMessages(h.t, u.ID, before+1)
	return msgs[len(msgs)-1]
}

// pressEdit presses a button and waits until the message was edited.
func (h *harness) pressEdit(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	h.press(u, m, label)
	var got telegramtest.Message
	h.fake.WaitFor(h.t, 10*time.Second, "message edited", func(s *telegramtest.Server) bool {
		for _, x := range s.Messages(u.ID) {
			if x.MessageID == m.MessageID && x.Edits > m.Edits {
				got = x
				return true
			}
		}
		return false
	})
	return got
}

func buttonData(t *testing.T, m telegramtest.Message, label string) string {
	t.Helper()
	if m.ReplyMarkup == nil {
		t.Fatalf("message %q has no buttons", m.PlainText)
	}
	var labels []string
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.Contains(b.Text, label) && b.CallbackData != "" {
				return b.CallbackData
			}
			labels = append(labels, b.Text)
		}
	}
	t.Fatalf("no button %q in %q (buttons %q)", label, m.PlainText, labels)
	return ""
}

func wantContains(t *testing.T, m telegramtest.Message, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(m.PlainText, p) {
			t.Errorf("reply %q does not contain %q", m.PlainText, p)
		}
	}
}

func wantNot(t *testing.T, m telegramtest.Message, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(m.PlainText, p) {
			t.Errorf("reply %q contains %q", m.PlainText, p)
		}
	}
}

// book reads a seller's contacts straight from the database.
func (h *harness) book(seller int64) []storage.Contact {
	h.t.Helper()
	var all []storage.Contact
	err := h.db.View(seller, time.Now(), func(tx *storage.Tx) error {
		var err error
		all, err = tx.Contacts()
		return err
	})
	if err != nil && !strings.Contains(err.Error(), storage.ErrNotFound.Error()) {
		h.t.Fatal(err)
	}
	return all
}
