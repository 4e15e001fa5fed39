package telegramtest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func wantRetryAfter(t *testing.T, err error, seconds int) {
	t.Helper()
	var tmr *tgbot.TooManyRequestsError
	if !errors.As(err, &tmr) {
		t.Fatalf("want *TooManyRequestsError, got %v", err)
	}
	if tmr.RetryAfter != seconds || !strings.Contains(tmr.Message, fmt.Sprintf("Too Many Requests: retry after %d", seconds)) {
		t.Fatalf("429 = %+v, want retry after %d", tmr, seconds)
	}
}

func TestFailNext(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	send := func() error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "x"})
		return err
	}
	srv.FailNext("sendMessage", 2, 500, 0)
	srv.FailNext("SENDMESSAGE", 1, 429, 7)
	srv.FailNext("sendMessage", 1, 0, 0)
	srv.FailNext("sendMessage", 1, 403, 0)
	for i := range 2 {
		if err := send(); err == nil || !strings.Contains(err.Error(), "500 Internal Server Error") {
			t.Fatalf("injected 500 #%d: %v", i, err)
		}
	}
	wantRetryAfter(t, send(), 7)
	err := send()
	if err == nil || errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), "error do request") {
		t.Fatalf("dropped connection: want a transport error, got %v", err)
	}
	if err := send(); !errors.Is(err, tgbot.ErrorForbidden) {
		t.Fatalf("injected 403: %v", err)
	}
	if err := send(); err != nil {
		t.Fatalf("after injected failures: %v", err)
	}
	var statuses []int
	for _, c := range srv.CallsTo("sendMessage") {
		statuses = append(statuses, c.Status)
	}
	if fmt.Sprint(statuses) != "[500 500 429 0 403 200]" {
		t.Fatalf("statuses = %v", statuses)
	}
	if len(srv.Messages(alice.ID)) != 1 || srv.TooManyRequests() != 1 {
		t.Fatalf("messages %d, 429s %d", len(srv.Messages(alice.ID)), srv.TooManyRequests())
	}
	srv.FailNext("getUpdates", 1, 502, 0)
	if status, r := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{}); status != 502 || r.Description != "Internal Server Error" {
		t.Fatalf("getUpdates: %d %+v", status, r)
	}
}

// recordingTB captures Fatalf so WaitFor's timeout path can be tested.
type recordingTB struct {
	testing.TB
	msg string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Fatalf(format string, args ...any) { r.msg = fmt.Sprintf(format, args...) }

func TestWaitForTimesOutWithDump(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv)
	_, _ = b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: 42, Text: "to nowhere"})
	rec := &recordingTB{TB: t}
	srv.WaitFor(rec, 20*time.Millisecond, "a miracle", func(*telegramtest.Server) bool { return false })
	for _, want := range []string{"timed out", "a miracle", "sendMessage -> 400", "chat not found", `text="to nowhere"`} {
		if !strings.Contains(rec.msg, want) {
			t.Fatalf("dump lacks %q:\n%s", want, rec.msg)
		}
	}
}
