package bot_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/telegramtest"
)

const (
	// latencySellers type at a human rhythm at once: 20 messages a second
	// in all, two thirds of the default SALESBOT_SEND_RATE of 30.
	latencySellers = 20
	// latencyRun is how long they type in one run.
	latencyRun = 20 * time.Second
)

// BenchmarkReplyLatency measures how long a seller waits for a reply: from
// the moment the fake Bot API received the command (PushText) to the
// moment it received the reply, through the whole bot (long poll, the
// handler's durable commit, the outbox, the sender and its pacing).
//
// latencySellers sellers type at a human rhythm for latencyRun: pairs of
// commands 0.3s apart (a new prospect, then a search), a pair every 2s
// give or take 0.25s (one message a second on average), each seller
// starting at a random moment. The fake enforces Telegram's limits
// strictly (30 messages in any second; per chat a burst of 3, then 1 a
// second) and the bot runs with the default pacing (SALESBOT_SEND_RATE 30,
// 1/s per chat).
//
// The baseline, measured in the same run with the same rhythm, is the bot
// with pacing out of the way and no limit at the fake: what the rest of
// the path costs. Reported: p50_ms, p99_ms and max_ms with pacing,
// base_p50_ms and base_p99_ms without, and x_p99, their ratio. Target:
// p99 under 100ms.
func BenchmarkReplyLatency(b *testing.B) {
	var paced, base []time.Duration
	var tooMany, early int
	for i := range b.N {
		latencySeed++ // each run its own rhythm, the same sequence in every process
		rhythm := humanRhythm(rand.New(rand.NewPCG(latencySeed, 2026)), latencySellers, latencyRun)
		l, _, _ := replyLatencies(b, false, rhythm)
		base = append(base, l...)
		l, n429, nEarly := replyLatencies(b, true, rhythm)
		paced = append(paced, l...)
		tooMany += n429
		early += nEarly
		b.Logf("run %d: %d replies; paced p50 %v p99 %v max %v; baseline p50 %v p99 %v; %d 429s, %d early",
			i+1, len(l), pct(l, 50), pct(l, 99), slices.Max(l), pct(base, 50), pct(base, 99), n429, nEarly)
	}
	msec := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(msec(pct(paced, 50)), "p50_ms")
	b.ReportMetric(msec(pct(paced, 99)), "p99_ms")
	b.ReportMetric(msec(slices.Max(paced)), "max_ms")
	b.ReportMetric(msec(pct(base, 50)), "base_p50_ms")
	b.ReportMetric(msec(pct(base, 99)), "base_p99_ms")
	b.ReportMetric(float64(pct(paced, 99))/float64(pct(base, 99)), "x_p99")
	b.ReportMetric(float64(tooMany), "429s")
	b.ReportMetric(0, "ns/op")
	if tooMany > 0 || early > 0 {
		b.Fatalf("%d 429s, %d requests before retry_after", tooMany, early)
	}
}

var latencySeed uint64

// pct is the p-th percentile of ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[max(0, (len(s)*p+99)/100-1)]
}

// command is one message a seller types, at an offset from the start.
type command struct {
	at   time.Duration
	text string
	word string // what the reply quotes
}

// humanRhythm gives each seller pairs of commands 0.3s apart, a pair every
// 2s ± 0.25s, from a random start within the first 2s.
func humanRhythm(rng *rand.Rand, sellers int, run time.Duration) [][]command {
	out := make([][]command, sellers)
	for s := range out {
		phase := time.Duration(rng.Int64N(int64(2 * time.Second)))
		for k := 0; ; k++ {
			jitter := time.Duration(rng.Int64N(int64(500*time.Millisecond))) - 250*time.Millisecond
			at := phase + time.Duration(k)*2*time.Second + jitter
			if at < 0 {
				at = 0
			}
			if at+300*time.Millisecond > run {
				break
			}
			// A write, then a read: a new prospect (committed before its
			// reply), then a search (answered ahead of any commit).
			first, second := fmt.Sprintf("pembeli%dx%dz", s, k), fmt.Sprintf("cari%dx%dz", s, k)
			out[s] = append(out[s],
				command{at: at, text: "/prospek Bu " + first, word: first},
				command{at: at + 300*time.Millisecond, text: "/cari " + second, word: second})
		}
	}
	return out
}

// replyLatencies runs the rhythm against a fresh bot and fake and returns
// every reply's latency, with the fake's 429 and early counts.
func replyLatencies(b *testing.B, paced bool, rhythm [][]command) ([]time.Duration, int, int) {
	b.Helper()
	opts := []telegramtest.Option{telegramtest.WithToken(testToken)}
	cfg := bot.Config{SendRate: 100_000, ChatRate: 100_000}
	if paced {
		opts = append(opts, telegramtest.WithStrictRateLimit(30, 1))
		cfg.SendRate, cfg.ChatRate = 0, 0 // the defaults: 30/s, 1/s per chat
	}
	fake := telegramtest.New(opts...)
	defer fake.Close()
	cfg.Logger, cfg.PollTimeout = zerolog.Nop(), 5*time.Second
	defer runBot(b, fake, cfg)()

	users := make([]telegramtest.User, len(rhythm))
	for i := range users {
		users[i] = telegramtest.User{ID: int64(5001 + i), FirstName: "Penjual", LanguageCode: "id"}
		fake.PushText(users[i], "/start") // each seller's book exists before the clock runs
	}
	fake.WaitFor(b, time.Minute, "every seller started", func(f *telegramtest.Server) bool {
		for _, u := range users {
			if len(f.Messages(u.ID)) == 0 {
				return false
			}
		}
		return true
	})
	// Let the chats' bursts refill after /start, as a seller reads the
	// welcome before typing: part of the rhythm, not a wait for the bot.
	time.Sleep(3 * time.Second)
	before := make([]int, len(users))
	for i, u := range users {
		before[i] = len(fake.Messages(u.ID))
	}

	pushed := make([]map[string]time.Time, len(rhythm))
	start := time.Now()
	var wg sync.WaitGroup
	for i, cmds := range rhythm {
		pushed[i] = map[string]time.Time{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, c := range cmds {
				time.Sleep(time.Until(start.Add(c.at)))
				pushed[i][c.word] = time.Now()
				fake.PushText(users[i], c.text)
			}
		}()
	}
	wg.Wait()

	var lat []time.Duration
	for i, u := range users {
		want := len(rhythm[i])
		var msgs []telegramtest.Message
		fake.WaitFor(b, time.Minute, fmt.Sprintf("%d replies to seller %d", want, u.ID), func(f *telegramtest.Server) bool {
			msgs = f.Messages(u.ID)[before[i]:]
			n := 0
			for _, m := range msgs {
				text := strings.ToLower(m.PlainText)
				n += strings.Count(text, "prospek baru") + strings.Count(text, "tidak ada kontak yang cocok")
			}
			return n >= want
		})
		for _, c := range rhythm[i] {
			found := false
			for _, m := range msgs {
				if strings.Contains(strings.ToLower(m.PlainText), c.word) {
					lat = append(lat, m.Date.Sub(pushed[i][c.word]))
					found = true
					break
				}
			}
			if !found {
				b.Fatalf("no reply quotes %q", c.word)
			}
		}
	}
	return lat, fake.TooManyRequests(), fake.EarlyRequests()
}
