package bot_test

import (
	"context"

	"net/http"
	"path/filepath"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/locales"
	"github.com/salesbot/salesbot/storage"
)

// readOnlyLoad is the load both bots get: sellers at once, each sending
// commands one after the other as fast as replies come.
const (
	readOnlySellers  = 50
	readOnlyCommands = 20
)

// drive pushes the commands of every seller, one at a time per seller (the
// next once the previous is answered), and returns the replies per second.
func drive(b *testing.B, fake *telegramtest.Server, text string) float64 {
	b.Helper()
	start := time.Now()
	done := make(chan struct{}, readOnlySellers)
	for i := range readOnlySellers {
		u := telegramtest.User{ID: int64(5000 + i), FirstName: "Penjual", LanguageCode: "id"}
		go func() {
			defer func() { done <- struct{}{} }()
			before := fake.MessageCount(u.ID)
			for k := 1; k <= readOnlyCommands; k++ {
				fake.PushText(u, text)
				fake.WaitMessageCount(b, u.ID, before+k)
			}
		}()
	}
	for range readOnlySellers {
		<-done
	}
	return float64(readOnlySellers*readOnlyCommands) / time.Since(start).Seconds()
}

// BenchmarkReadOnlyVsEcho answers read-only commands (/bantuan, /lihat)
// with the whole bot (exactly-once update handling, outbox, pacing set
// high) and compares with a bare go-telegram/bot echo bot on the same fake
// in the same run: what exactly-once costs a command that changes nothing.
// The echo bot answers every message with the very reply the bot gave
// (same text, HTML and buttons), so that both put the same bytes through
// the client, the fake and its HTML checks; what differs is only what
// happens between the update and the send.
func BenchmarkReadOnlyVsEcho(b *testing.B) {
	for _, cmd := range []string{"/bantuan", "/lihat Bu Sari"} {
		b.Run(cmd[1:4], func(b *testing.B) {
			for b.Loop() {
				ours, reply := oursRate(b, cmd)
				echo := echoRate(b, reply)
				b.ReportMetric(echo, "echo_replies/s")
				b.ReportMetric(ours, "replies/s")
				b.ReportMetric(ours/echo, "x_echo")
			}
		})
	}
}

// echoRate drives a bare go-telegram/bot bot that answers every message
// with reply.
func echoRate(b *testing.B, reply telegramtest.Message) float64 {
	fake := telegramtest.New(telegramtest.WithToken(testToken))
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tg, err := tgbot.New(testToken, tgbot.WithServerURL(fake.URL()), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(time.Second, &http.Client{Timeout: 10 * time.Second}),
		tgbot.WithDefaultHandler(func(ctx context.Context, bt *tgbot.Bot, u *models.Update) {
			if u.Message == nil {
				return
			}
			p := &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: reply.Text,
				ParseMode: models.ParseMode(reply.ParseMode), LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
			if reply.ReplyMarkup != nil {
				p.ReplyMarkup = reply.ReplyMarkup
			}
			_, _ = bt.SendMessage(ctx, p)
		}))
	if err != nil {
		b.Fatal(err)
	}
	go tg.Start(ctx)
	return drive(b, fake, "/bantuan")
}

// oursRate drives the whole bot with cmd and returns its rate and its
// reply to cmd.
func oursRate(b *testing.B, cmd string) (float64, telegramtest.Message) {
	fake := telegramtest.New(telegramtest.WithToken(testToken))
	defer fake.Close()
	defer runBot(b, fake, bot.Config{Logger: testLogger(nil), PollTimeout: time.Second, SendRate: 100000, ChatRate: 1000})()
	for i := range readOnlySellers {
		u := telegramtest.User{ID: int64(5000 + i), FirstName: "Penjual", LanguageCode: "id"}
		fake.PushText(u, "/prospek Bu Sari")
		fake.WaitMessageCount(b, u.ID, 1)
	}
	// The measured commands come after the setup replies.
	rate := drive(b, fake, cmd)
	msgs := fake.Messages(5000)
	if len(msgs) != 1+readOnlyCommands {
		b.Fatalf("seller 5000 got %d messages", len(msgs))
	}
	return rate, msgs[len(msgs)-1]
}

// runBot runs the whole bot (real store in a temp dir, real client) against
// fake with cfg, whose connection fields it fills in, and returns the stop
// that shuts it down like SIGTERM and reports Run's error.
func runBot(b *testing.B, fake *telegramtest.Server, cfg bot.Config) (stop func()) {
	b.Helper()
	db, err := storage.Open(filepath.Join(b.TempDir(), "bot.db"), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		b.Fatal(err)
	}
	cfg.Token, cfg.APIURL, cfg.Store, cfg.Bundle, cfg.Languages = testToken, fake.URL(), db, bundle, locales.Languages
	ctx, cancel := context.WithCancel(context.Background())
	s, err := bot.New(ctx, cfg)
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("Run: %v", err)
		}
		_ = db.Close()
	}
}
