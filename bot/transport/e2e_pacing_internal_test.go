package transport

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

// recordingDeliverer notes when each send started and when its answer was
// back, as the bot saw it.
type recordingDeliverer struct {
	next deliverer
	mu   sync.Mutex
	log  []delivery
}

type delivery struct {
	chat          int64
	start, answer time.Time
	err           error
}

func (r *recordingDeliverer) deliver(ctx context.Context, m storage.OutMessage) error {
	start := time.Now()
	err := r.next.deliver(ctx, m)
	r.mu.Lock()
	r.log = append(r.log, delivery{chat: m.ChatID, start: start, answer: time.Now(), err: err})
	r.mu.Unlock()
	return err
}

func (r *recordingDeliverer) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.log...)
}

// Telegram answers one send of a Monday fan-out with 429 retry after 1:
// nothing the bot starts after that answer reaches the fake before the
// second has passed (the fake's early counter), the sends that were
// waiting for their slot wait again, and every seller still gets the
// summary once. Only a send already on the wire when the 429 came back may
// arrive during the pause; the fake counts it as early and refuses it, and
// the test checks it had started before the bot got the 429.
func TestFanOutWaitsOutRetryAfter(t *testing.T) {
	const rate, n = 30.0, 60
	chats := sellerChats(n, 960_000_001)
	r := newSenderRig(t, telegramtest.WithStrictRateLimit(rate, 1), rate, 0, chats)
	msgs := make([]storage.OutMessage, n)
	for i, chat := range chats {
		msgs[i] = storage.OutMessage{ChatID: chat, SellerID: chat, Text: weeklySummary(chat), HTML: true}
	}
	r.queue(t, msgs)
	rec := &recordingDeliverer{next: &telegramDeliverer{c: r.c}}
	r.startWith(rec)

	r.fake.WaitFor(t, 30*time.Second, "a third of the fan-out delivered", func(f *telegramtest.Server) bool {
		sent, _ := acceptedSends(f)
		return sent >= n/3
	})
	r.fake.FailNext("sendMessage", 1, 429, 1)
	r.waitDelivered(t, 60*time.Second, chats, func(int64) int { return 1 })
	r.stop()

	var refused []telegramtest.Call
	var early []telegramtest.Call
	for _, c := range r.fake.CallsTo("sendMessage") {
		if c.Status == 429 {
			refused = append(refused, c)
		}
		if c.Early {
			early = append(early, c)
		}
	}
	if len(refused) == 0 {
		t.Fatal("no 429 was answered")
	}
	first := refused[0]
	if first.Early {
		t.Fatalf("the injected 429 is marked early: %+v", first)
	}
	if got, want := r.fake.EarlyRequests(), len(early); got != want {
		t.Errorf("EarlyRequests = %d, but %d sendMessage calls are marked early", got, want)
	}
	// When the bot got the 429: the answer of the send to its chat that
	// came back with an error.
	var got429 time.Time
	for _, d := range rec.deliveries() {
		if fmt.Sprint(d.chat) == first.Params["chat_id"] && d.err != nil {
			got429 = d.answer
			break
		}
	}
	if got429.IsZero() {
		t.Fatalf("the bot never saw the 429 to chat %s", first.Params["chat_id"])
	}
	for _, c := range early {
		// The send behind this call: the latest to its chat that had
		// started when the call arrived.
		var start time.Time
		for _, d := range rec.deliveries() {
			if fmt.Sprint(d.chat) == c.Params["chat_id"] && !d.start.After(c.At) && d.start.After(start) {
				start = d.start
			}
		}
		if !start.Before(got429) {
			t.Errorf("a send to chat %s started %v after the bot got the 429 and arrived before retry_after had passed",
				c.Params["chat_id"], start.Sub(got429))
		}
	}
	if len(early) > 0 {
		t.Logf("%d send(s) already on the wire arrived during the pause", len(early))
	}
	if len(refused) != 1+len(early) {
		t.Errorf("%d sends got 429; want the injected one and the %d early ones only", len(refused), len(early))
	}
	// The pause shows in what was accepted: nothing between the 429 and a
	// second later.
	for _, c := range r.fake.CallsTo("sendMessage") {
		if c.Status == 200 && c.At.After(first.At) && c.At.Before(first.At.Add(time.Second)) {
			t.Errorf("a send to chat %s was accepted %v after the 429", c.Params["chat_id"], c.At.Sub(first.At))
		}
	}
	for _, chat := range chats {
		if got := len(r.fake.Messages(chat)); got != 1 {
			t.Errorf("chat %d got %d messages, want 1", chat, got)
		}
	}
	if left := r.outboxLen(t); left != 0 {
		t.Errorf("%d messages left in the outbox", left)
	}
}
