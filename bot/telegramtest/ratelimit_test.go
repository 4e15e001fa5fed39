package telegramtest_test

import (
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func TestRateLimitPerChat(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now), telegramtest.WithRateLimit(0, 1))
	srv.AddPrivateChat(alice)
	srv.AddPrivateChat(bob)
	b := newClient(t, srv)
	send := func(chatID int64) error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: chatID, Text: "promo"})
		return err
	}
	for i := range telegramtest.DefaultChatBurst { // a burst of 3 at once
		if err := send(alice.ID); err != nil {
			t.Fatalf("message %d of the burst: %v", i+1, err)
		}
	}
	wantRetryAfter(t, send(alice.ID), 1)
	if err := send(bob.ID); err != nil { // other chats have their own bucket
		t.Fatal(err)
	}
	_, err := b.EditMessageText(ctx(t), &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: 1, Text: "promo 2"})
	wantRetryAfter(t, err, 1) // edits count too
	if _, err := b.SendChatAction(ctx(t), &tgbot.SendChatActionParams{ChatID: alice.ID, Action: "typing"}); err != nil {
		t.Fatalf("chat actions are not limited: %v", err)
	}
	clock.Advance(999 * time.Millisecond)
	wantRetryAfter(t, send(alice.ID), 1)
	clock.Advance(time.Millisecond)
	if err := send(alice.ID); err != nil {
		t.Fatalf("after refill: %v", err)
	}
	wantRetryAfter(t, send(alice.ID), 1) // one token a second, not a new burst
	// Sustained: one a second passes for as long as it lasts.
	for i := range 5 {
		clock.Advance(time.Second)
		if err := send(alice.ID); err != nil {
			t.Fatalf("sustained message %d: %v", i+1, err)
		}
	}
	if n := srv.TooManyRequests(); n != 4 {
		t.Fatalf("TooManyRequests = %d, want 4", n)
	}
	if n := len(srv.Messages(alice.ID)); n != 9 {
		t.Fatalf("alice got %d messages, want 9", n)
	}
	calls := srv.CallsTo("sendMessage")
	if c := calls[3]; c.Status != 429 || c.Error != "Too Many Requests: retry after 1" {
		t.Fatalf("recorded 429 = %+v", c)
	}
}

func TestRateLimitChatBurstOne(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now), telegramtest.WithChatBurst(1), telegramtest.WithRateLimit(0, 1))
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	send := func() error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "promo"})
		return err
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	wantRetryAfter(t, send(), 1)
	clock.Advance(time.Second)
	if err := send(); err != nil {
		t.Fatalf("after refill: %v", err)
	}
}

func TestRateLimitGlobal(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now), telegramtest.WithRateLimit(2, 0))
	b := newClient(t, srv)
	send := func(i int) error {
		u := telegramtest.User{ID: int64(600 + i)}
		srv.AddPrivateChat(u)
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: u.ID, Text: "broadcast"})
		return err
	}
	for i := range 2 { // burst of 2
		if err := send(i); err != nil {
			t.Fatal(err)
		}
	}
	wantRetryAfter(t, send(2), 1) // a token in 0.5s, rounded up
	clock.Advance(500 * time.Millisecond)
	if err := send(3); err != nil {
		t.Fatal(err)
	}

	slow := newServer(t, telegramtest.WithClock(clock.Now), telegramtest.WithRateLimit(0.25, 0))
	sb := newClient(t, slow)
	slow.AddPrivateChat(alice)
	if _, err := sb.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "a"}); err != nil {
		t.Fatal(err)
	}
	_, err := sb.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "b"})
	wantRetryAfter(t, err, 4)
}

// TestStrictRateLimitSlidingWindow: the strict global limit counts
// arrivals in any window of one second. A token bucket of the same rate
// would let a quiet second's credit add to the next one; the window does
// not: what counts is the last second.
func TestStrictRateLimitSlidingWindow(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now), telegramtest.WithStrictRateLimit(3, 0))
	b := newClient(t, srv)
	n := 0
	send := func() error {
		n++
		u := telegramtest.User{ID: int64(700 + n)}
		srv.AddPrivateChat(u)
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: u.ID, Text: "broadcast"})
		return err
	}
	step := func(d time.Duration, wantOK bool) {
		t.Helper()
		clock.Advance(d)
		err := send()
		if wantOK && err != nil {
			t.Fatalf("message %d at +%v: %v", n, d, err)
		}
		if !wantOK && err == nil {
			t.Fatalf("message %d at +%v accepted; the window was full", n, d)
		}
	}
	// Arrivals at 0, 0.4, 0.8: the window is full until 1.0.
	step(0, true)
	step(400*time.Millisecond, true)
	step(400*time.Millisecond, true)
	clock.Advance(100 * time.Millisecond) // 0.9
	wantRetryAfter(t, send(), 1)
	// After a 429, strict mode holds everything until retry_after (1s
	// from 0.9) has passed, even though the window has room at 1.0. The
	// refusal says "retry after 1" again: a new deadline at 2.05.
	step(150*time.Millisecond, false) // 1.05: early, refused
	if srv.EarlyRequests() != 1 {
		t.Fatalf("EarlyRequests = %d, want 1", srv.EarlyRequests())
	}
	step(time.Second, true) // 2.05: window (1.05, 2.05] holds none
	step(0, true)
	step(0, true) // three at 2.05
	step(999*time.Millisecond, false)
	if got := srv.PeakWindow(); got != 3 {
		t.Fatalf("PeakWindow = %d, want 3", got)
	}
	if got := srv.TooManyRequests(); got != 3 {
		t.Fatalf("TooManyRequests = %d, want 3", got)
	}
}

// TestEarlyRequests: a 429 (here injected) starts a retry_after; every
// request but getUpdates that arrives before it has passed is counted and
// marked. Without strict mode they are still served.
func TestEarlyRequests(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now))
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	send := func() error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "x"})
		return err
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 1, 429, 2)
	wantRetryAfter(t, send(), 2)
	if want := clock.Now().Add(2 * time.Second); !srv.RetryDeadline().Equal(want) {
		t.Fatalf("RetryDeadline = %v, want %v", srv.RetryDeadline(), want)
	}
	clock.Advance(1999 * time.Millisecond)
	if err := send(); err != nil { // early, but served: not strict
		t.Fatal(err)
	}
	if _, err := b.AnswerCallbackQuery(ctx(t), &tgbot.AnswerCallbackQueryParams{CallbackQueryID: "nope"}); err == nil {
		t.Fatal("unknown callback query answered")
	}
	if status, _ := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{"timeout": 0}); status != 200 {
		t.Fatalf("getUpdates: %d", status)
	}
	clock.Advance(time.Millisecond)
	if err := send(); err != nil {
		t.Fatal(err)
	}
	if got := srv.EarlyRequests(); got != 2 {
		t.Fatalf("EarlyRequests = %d, want 2 (a send and a callback answer; not getUpdates)", got)
	}
	var early []string
	for _, c := range srv.Calls() {
		if c.Early {
			early = append(early, c.Method)
		}
	}
	if len(early) != 2 || early[0] != "sendMessage" || early[1] != "answerCallbackQuery" {
		t.Fatalf("calls marked early: %v", early)
	}
}

// TestStrictRefusesEarly: in strict mode a request during retry_after is
// refused with the seconds left, and the deadline holds for every chat.
func TestStrictRefusesEarly(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now), telegramtest.WithStrictRateLimit(30, 1))
	srv.AddPrivateChat(alice)
	srv.AddPrivateChat(bob)
	b := newClient(t, srv)
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: chat, Text: "x"})
		return err
	}
	srv.FailNext("sendMessage", 1, 429, 3)
	wantRetryAfter(t, send(alice.ID), 3)
	clock.Advance(1500 * time.Millisecond)
	wantRetryAfter(t, send(bob.ID), 2) // 1.5s left, rounded up
	// The refusal said "retry after 2": the deadline is now 3.5s.
	clock.Advance(2 * time.Second)
	if err := send(bob.ID); err != nil {
		t.Fatalf("after retry_after: %v", err)
	}
	if got := srv.EarlyRequests(); got != 1 {
		t.Fatalf("EarlyRequests = %d, want 1", got)
	}
}
