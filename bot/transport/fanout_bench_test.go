package transport

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

// fanOutRate stands for Telegram's broadcast limit of about 30 messages a
// second, scaled up so that a fan-out to fanOutSellers takes seconds, not
// minutes. The fake enforces it as a strict sliding window and the bot is
// configured with it, exactly as production runs at SendRate 30 against
// Telegram's 30/s.
const fanOutRate = 1000.0

// fanOutSellers is how many sellers get the Monday summary at once.
const fanOutSellers = 5000

const senderToken = "123456:SENDER-token"

// senderRig is a real Client (real store, real go-telegram/bot client) whose
// outbox sender talks to the fake Bot API.
type senderRig struct {
	fake *telegramtest.Server
	db   *storage.DB
	c    *Client
	stop func() // stops the sender and waits for it; idempotent
}

// newSenderRig starts the fake (with flood control limit, nil for none)
// and a Client paced at sendRate/chatRate, with the private chats known to
// the fake. The sender is not started (see start). Everything is torn down
// by tb.Cleanup.
func newSenderRig(tb testing.TB, limit telegramtest.Option, sendRate, chatRate float64, chats []int64) *senderRig {
	tb.Helper()
	opts := []telegramtest.Option{telegramtest.WithToken(senderToken)}
	if limit != nil {
		opts = append(opts, limit)
	}
	fake := telegramtest.New(opts...)
	tb.Cleanup(fake.Close)
	for _, id := range chats {
		fake.AddPrivateChat(telegramtest.User{ID: id, FirstName: "Penjual", LanguageCode: "id"})
	}
	db, err := storage.Open(filepath.Join(tb.TempDir(), "sender.db"), storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	c, err := New(context.Background(), Config{Token: senderToken, APIURL: fake.URL(), Store: db,
		SendRate: sendRate, ChatRate: chatRate}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	r := &senderRig{fake: fake, db: db, c: c, stop: func() {}}
	tb.Cleanup(func() { r.stop() }) // registered last: runs before the db and fake close
	return r
}

// start runs the outbox sender until stop (or the end of the test).
func (r *senderRig) start() { r.startWith(&telegramDeliverer{c: r.c}) }

// startWith runs the outbox sender with d.
func (r *senderRig) startWith(d deliverer) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.c.runSender(ctx, d)
	}()
	var once sync.Once
	r.stop = func() { once.Do(func() { cancel(); <-done }) }
}

// queue puts one message per entry in the outbox, each with its own Respond
// (update id 0), from a few goroutines so group commit shares the fsyncs.
// Messages of one chat keep their order within msgs.
func (r *senderRig) queue(tb testing.TB, msgs []storage.OutMessage) {
	tb.Helper()
	order, grouped := byChat(msgs)
	work := make(chan []storage.OutMessage)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for list := range work {
				for _, m := range list {
					if _, err := r.db.Respond(context.Background(), 0, time.Now(), []storage.OutMessage{m}); err != nil {
						select {
						case errs <- err:
						default:
						}
					}
				}
			}
		}()
	}
	for _, chat := range order {
		work <- grouped[chat]
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		tb.Fatal(err)
	default:
	}
}

// outboxLen fails the test if the outbox cannot be read.
func (r *senderRig) outboxLen(tb testing.TB) int {
	tb.Helper()
	n, err := r.db.OutboxLen()
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// waitDelivered waits until every chat has at least want[chat] bot
// messages. It checks the chats in turn from where the last check stopped,
// so a fan-out of thousands of chats costs one look per chat overall, not
// a copy of every call on every call.
func (r *senderRig) waitDelivered(tb testing.TB, timeout time.Duration, chats []int64, want func(chat int64) int) {
	tb.Helper()
	next := 0
	r.fake.WaitFor(tb, timeout, fmt.Sprintf("messages delivered to %d chats", len(chats)), func(f *telegramtest.Server) bool {
		for next < len(chats) && len(f.Messages(chats[next])) >= want(chats[next]) {
			next++
		}
		return next == len(chats)
	})
}

// acceptedSends counts the sendMessage calls the fake accepted and returns
// the arrival time of the last one.
func acceptedSends(fake *telegramtest.Server) (n int, last time.Time) {
	for _, c := range fake.CallsTo("sendMessage") {
		if c.Status == 200 {
			n++
			if c.At.After(last) {
				last = c.At
			}
		}
	}
	return n, last
}

func sellerChats(n int, first int64) []int64 {
	chats := make([]int64, n)
	for i := range chats {
		chats[i] = first + int64(i)
	}
	return chats
}

// weeklySummary is a realistic Monday summary: about 600 characters of
// HTML, as the seller's report would render it.
func weeklySummary(seller int64) string {
	return fmt.Sprintf(`<b>📊 Ringkasan minggu lalu</b> (penjual #%d)

<b>Penjualan:</b> 23 transaksi, total <b>Rp 8.450.000</b> (naik 12%% dari minggu sebelumnya)
<b>Pelanggan baru:</b> 7 orang
<b>Prospek aktif:</b> 14, 3 di antaranya belum dihubungi lebih dari 7 hari

<b>Terlaris:</b>
1. Kerudung paris premium — 9 terjual
2. Gamis katun jepang — 6 terjual
3. Mukena travel — 4 terjual

<b>Perlu ditindaklanjuti:</b>
• Bu Sari — janji transfer hari Selasa
• Pak Budi — minta katalog warna baru
• Mbak Rina — tanya ongkir ke Makassar

Semangat untuk minggu ini! Ketik /laporan untuk rincian lengkap atau /prospek untuk melihat daftar prospek.`, seller)
}

// BenchmarkMondayFanOut sends the Monday summary to every seller at once
// through the real sender, against a fake that enforces the configured
// rate as Telegram's limit at its strictest: a sliding one-second window
// (telegramtest.WithStrictRateLimit, also 1 message/s per chat with a burst
// of 3), where a 429 holds every request until retry_after. The bot is
// configured with the same rate.
//
// It reports the wall time against the ideal (sellers-1)/rate (x_ideal: a
// pacer that wastes its budget shows above 1), the 429s and the requests
// that came before a retry_after had passed (both must be 0), the most
// messages the fake saw in one second (peak_window, under the rate by the
// pacer's margin), and, as the baseline measured in the same run, the same
// fan-out with no limit on either side (x_unpaced: how much of the time is
// pacing rather than what the machine can send).
//
//   - 5000x1000/s: 5,000 sellers at 1,000 messages/s, standing in for
//     Telegram's 30/s scaled up so a run takes seconds, not minutes.
//   - 1000x100/s: 1,000 sellers at SALESBOT_SEND_RATE=100.
func BenchmarkMondayFanOut(b *testing.B) {
	for _, tc := range []struct {
		sellers int
		rate    float64
	}{{fanOutSellers, fanOutRate}, {1000, 100}} {
		b.Run(fmt.Sprintf("%dx%.0f/s", tc.sellers, tc.rate), func(b *testing.B) {
			benchFanOut(b, tc.sellers, tc.rate)
		})
	}
}

func benchFanOut(b *testing.B, sellers int, rate float64) {
	chats := sellerChats(sellers, 700_000_001)
	ideal := time.Duration(float64(sellers-1) / rate * float64(time.Second))
	var paced, unpaced fanOutResult
	for i := range b.N {
		b.StopTimer()
		unpaced = mondayFanOut(b, nil, 100_000, chats, false)
		paced = mondayFanOut(b, telegramtest.WithStrictRateLimit(rate, 1), rate, chats, true)
		b.Logf("run %d: %v, %.3f× ideal %v, %.1f msgs/s, %d 429s, %d early, peak %d in one second; unpaced %v",
			i+1, paced.elapsed.Round(time.Millisecond), paced.elapsed.Seconds()/ideal.Seconds(), ideal,
			float64(sellers-1)/paced.elapsed.Seconds(), paced.tooMany, paced.early, paced.peak,
			unpaced.elapsed.Round(time.Millisecond))
		b.StartTimer()
	}
	b.StopTimer()
	x := paced.elapsed.Seconds() / ideal.Seconds()
	b.ReportMetric(x, "x_ideal")
	b.ReportMetric(paced.elapsed.Seconds()/unpaced.elapsed.Seconds(), "x_unpaced")
	b.ReportMetric(float64(sellers-1)/paced.elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(paced.tooMany), "429s")
	b.ReportMetric(float64(paced.early), "early")
	b.ReportMetric(float64(paced.peak), "peak_window")
	if paced.tooMany > 0 || paced.early > 0 {
		b.Fatalf("%d sends got 429 Too Many Requests and %d came before retry_after: the pacer exceeded the %v/s limit",
			paced.tooMany, paced.early, rate)
	}
	if x > 1.1 {
		b.Fatalf("fan-out took %v, %.2f× the ideal %v at %v/s", paced.elapsed, x, ideal, rate)
	}
}

type fanOutResult struct {
	elapsed              time.Duration // from starting the sender to the last accepted send
	tooMany, early, peak int
}

// mondayFanOut runs one fan-out on a fresh fake (with flood control limit,
// nil for none) and database, the bot paced at sendRate. If timed, the
// sending (only) counts in the benchmark's time.
func mondayFanOut(b *testing.B, limit telegramtest.Option, sendRate float64, chats []int64, timed bool) fanOutResult {
	r := newSenderRig(b, limit, sendRate, 0, chats)
	msgs := make([]storage.OutMessage, len(chats))
	for i, chat := range chats {
		msgs[i] = storage.OutMessage{ChatID: chat, SellerID: chat, Text: weeklySummary(chat), HTML: true}
	}
	r.queue(b, msgs)
	if n := r.outboxLen(b); n != len(chats) {
		b.Fatalf("outbox holds %d messages, want %d", n, len(chats))
	}

	if timed {
		b.StartTimer()
	}
	start := time.Now()
	r.start()
	r.waitDelivered(b, 2*time.Minute, chats, func(int64) int { return 1 })
	b.StopTimer()
	r.stop()

	n, last := acceptedSends(r.fake)
	if n != len(chats) {
		b.Fatalf("%d sends accepted, want %d", n, len(chats))
	}
	if left := r.outboxLen(b); left != 0 {
		b.Fatalf("%d messages left in the outbox after all were accepted", left)
	}
	return fanOutResult{elapsed: last.Sub(start), tooMany: r.fake.TooManyRequests(), early: r.fake.EarlyRequests(), peak: r.fake.PeakWindow()}
}

// TestSenderPacesWithinTelegramLimits checks the pacer against the fake's
// strict flood control: a broadcast at the global limit, and a burst of
// messages to one chat at the per-chat limit, both with no 429 at all.
func TestSenderPacesWithinTelegramLimits(t *testing.T) {
	t.Run("global", func(t *testing.T) {
		const rate, n = 200.0, 200
		chats := sellerChats(n, 800_000_001)
		r := newSenderRig(t, telegramtest.WithStrictRateLimit(rate, 0), rate, 0, chats)
		var msgs []storage.OutMessage
		for _, chat := range chats {
			msgs = append(msgs, storage.OutMessage{ChatID: chat, SellerID: chat, Text: weeklySummary(chat), HTML: true})
		}
		r.queue(t, msgs)
		r.start()
		r.waitDelivered(t, 10*time.Second, chats, func(int64) int { return 1 })
		r.stop()
		if got := r.fake.TooManyRequests(); got != 0 {
			t.Errorf("%d sends got 429; want none at %v/s against a %v/s limit", got, rate, rate)
		}
		if got := r.fake.PeakWindow(); got > int(rate) {
			t.Errorf("%d messages arrived within one second; the limit is %v", got, rate)
		}
		if sent, _ := acceptedSends(r.fake); sent != n {
			t.Errorf("%d sends accepted, want %d", sent, n)
		}
		for _, chat := range chats {
			if got := len(r.fake.Messages(chat)); got != 1 {
				t.Errorf("chat %d got %d messages, want 1", chat, got)
			}
		}
		if left := r.outboxLen(t); left != 0 {
			t.Errorf("%d messages left in the outbox", left)
		}
	})

	t.Run("one chat", func(t *testing.T) {
		const rate, n = 20.0, 12
		const chat = int64(900_000_001)
		r := newSenderRig(t, telegramtest.WithStrictRateLimit(0, rate), 0, rate, []int64{chat})
		var msgs []storage.OutMessage
		for i := range n {
			msgs = append(msgs, storage.OutMessage{ChatID: chat, SellerID: chat, Text: fmt.Sprintf("Bagian %d dari %d", i+1, n)})
		}
		r.queue(t, msgs)
		r.start()
		r.waitDelivered(t, 10*time.Second, []int64{chat}, func(int64) int { return n })
		r.stop()
		if got := r.fake.TooManyRequests(); got != 0 {
			t.Errorf("%d sends got 429; want none at %v/s to one chat against a %v/s limit", got, rate, rate)
		}
		got := r.fake.Messages(chat)
		if len(got) != n {
			t.Fatalf("chat got %d messages, want %d", len(got), n)
		}
		for i, m := range got {
			if want := fmt.Sprintf("Bagian %d dari %d", i+1, n); m.Text != want {
				t.Errorf("message %d is %q, want %q (queue order)", i, m.Text, want)
			}
		}
		if left := r.outboxLen(t); left != 0 {
			t.Errorf("%d messages left in the outbox", left)
		}
	})
}

// TestSenderBlockedSellerInactive: a seller who blocked the bot gets 403;
// the seller is marked inactive and the message dropped, and the other
// sellers still get theirs.
func TestSenderBlockedSellerInactive(t *testing.T) {
	chats := sellerChats(5, 950_000_001)
	blocked := chats[2]
	r := newSenderRig(t, nil, 1000, 1000, chats)
	for i, chat := range chats {
		err := r.db.Apply(context.Background(), storage.Update{ID: int64(i + 1), SellerID: chat, ChatID: chat, At: time.Now()},
			func(tx *storage.Tx) error { return tx.Send(storage.OutMessage{Text: "hi"}) })
		if err != nil {
			t.Fatal(err)
		}
	}
	r.fake.BlockBot(blocked)
	r.start()

	var others []int64
	for _, chat := range chats {
		if chat != blocked {
			others = append(others, chat)
		}
	}
	r.waitDelivered(t, 10*time.Second, others, func(int64) int { return 1 })
	r.fake.WaitFor(t, 10*time.Second, "403 to the blocked chat", func(f *telegramtest.Server) bool {
		for _, c := range f.CallsTo("sendMessage") {
			if c.Status == 403 && c.Params["chat_id"] == fmt.Sprint(blocked) {
				return true
			}
		}
		return false
	})
	// The outbox update follows the 403 answer: stop the sender (it finishes
	// the send in flight) before looking at the store.
	r.stop()

	if left := r.outboxLen(t); left != 0 {
		t.Errorf("%d messages left in the outbox; the refused one must be dropped", left)
	}
	active := func(seller int64) bool {
		t.Helper()
		var a bool
		if err := r.db.View(seller, time.Now(), func(tx *storage.Tx) error { a = tx.Seller().Active; return nil }); err != nil {
			t.Fatal(err)
		}
		return a
	}
	if active(blocked) {
		t.Errorf("seller %d blocked the bot but is still active", blocked)
	}
	for _, chat := range others {
		if !active(chat) {
			t.Errorf("seller %d is inactive, want active", chat)
		}
		if got := r.fake.Messages(chat); len(got) != 1 || got[0].Text != "hi" {
			t.Errorf("chat %d got %+v, want one \"hi\"", chat, got)
		}
	}
	if got := r.fake.Messages(blocked); len(got) != 0 {
		t.Errorf("blocked chat got %d messages", len(got))
	}
}
