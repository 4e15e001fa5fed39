package transport

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// simSend is one send in a pacer scenario: a message to chat that the
// sender has from ready on, whose answer takes rtt. A chat's sends go one
// after the other in the order given, as sendChat sends them. retryAfter >
// 0 makes the answer a 429 with that retry_after.
type simSend struct {
	chat       int64
	ready      time.Duration
	rtt        time.Duration
	callback   bool // an answerCallbackQuery: not counted
	retryAfter time.Duration
}

// simResult is when a send started (the pacer let it go) and was answered,
// as offsets from the start of the scenario.
type simResult struct{ start, answer time.Duration }

// simulate runs sends through a pacer on a fake clock, the way wait and
// sendChat drive it: a waiting send looks at the pacer again only when its
// timer fires (or, when it waits for an answer, when something changed).
func simulate(t *testing.T, rate, chatRate float64, sends []simSend) []simResult {
	t.Helper()
	t0 := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	now := t0
	p := newPacer(rate, chatRate, func() time.Time { return now })

	type state struct {
		tk       ticket
		wake     time.Time // next look; zero = on change
		onChange bool
		started  bool
		done     bool
	}
	st := make([]state, len(sends))
	res := make([]simResult, len(sends))
	for i, s := range sends {
		st[i].tk = ticket{chat: s.chat, counted: !s.callback}
		st[i].wake = t0.Add(s.ready)
	}
	// active reports whether send i is the chat's next one and ready.
	active := func(i int) bool {
		if st[i].started {
			return false
		}
		for j := range i {
			if sends[j].chat == sends[i].chat && !st[j].done {
				return false
			}
		}
		return !now.Before(t0.Add(sends[i].ready))
	}
	for step := 0; ; step++ {
		if step > 1_000_000 {
			t.Fatal("simulation does not end")
		}
		changed := false
		// Answers due now.
		for i := range sends {
			if st[i].started && !st[i].done && !now.Before(t0.Add(res[i].answer)) {
				st[i].done = true
				p.sent(sends[i].chat, !sends[i].callback, sends[i].retryAfter)
				changed = true
			}
		}
		if changed {
			for i := range st {
				if st[i].onChange {
					st[i].onChange, st[i].wake = false, now
				}
			}
		}
		// Sends whose look is due, in order.
		for i := range sends {
			if !active(i) || st[i].onChange || now.Before(st[i].wake) {
				continue
			}
			p.mu.Lock()
			ready, until := p.plan(now, &st[i].tk)
			p.mu.Unlock()
			switch {
			case ready:
				st[i].started = true
				res[i] = simResult{start: now.Sub(t0), answer: now.Sub(t0) + sends[i].rtt}
			case until.IsZero():
				st[i].onChange = true
			default:
				if !until.After(now) {
					t.Fatalf("send %d: plan at %v says look again at %v", i, now.Sub(t0), until.Sub(t0))
				}
				st[i].wake = until
			}
		}
		// Next event.
		var next time.Time
		consider := func(at time.Time) {
			if at.After(now) && (next.IsZero() || at.Before(next)) {
				next = at
			}
		}
		all, again := true, false
		for i := range sends {
			switch {
			case st[i].done:
				continue
			case st[i].started:
				again = again || !t0.Add(res[i].answer).After(now)
				consider(t0.Add(res[i].answer))
			case !st[i].onChange:
				consider(st[i].wake)
				consider(t0.Add(sends[i].ready))
			}
			all = false
		}
		if all {
			return res
		}
		switch {
		case again:
			// Answered at this very instant: look again.
		case next.IsZero():
			t.Fatalf("simulation stuck at %v", now.Sub(t0))
		default:
			now = next
		}
	}
}

// checkLimits checks a scenario's sends against what Telegram enforces,
// with each message arriving at the worst moment between its start and its
// answer: per chat a burst of chatBurst at chatRate, overall no more than
// the pacer's window (95% of rate) in any second, and nothing started
// while a retry_after ran.
func checkLimits(t *testing.T, rate, chatRate float64, sends []simSend, res []simResult) {
	t.Helper()
	interval := time.Duration(float64(time.Second) / chatRate)
	byChat := map[int64][]int{}
	for i, s := range sends {
		if !s.callback {
			byChat[s.chat] = append(byChat[s.chat], i)
		}
	}
	for chat, idx := range byChat {
		// GCRA conformance for any arrivals in [start, answer]: the latest
		// possible arrival of i and the earliest of j.
		for a := range idx {
			for b := a + 1; b < len(idx); b++ {
				i, j := idx[a], idx[b]
				need := time.Duration(b-a)*interval - (chatBurst-1)*interval
				if gap := res[j].start - res[i].answer; gap < need {
					t.Errorf("chat %d: message %d may arrive %v after message %d; the chat limit needs %v", chat, b, gap, a, need)
				}
			}
		}
	}
	window := int(rate * globalMargin)
	for k := range res {
		if sends[k].callback {
			continue
		}
		at := res[k].start
		n := 0
		for i := range res {
			if !sends[i].callback && res[i].start <= at && at < res[i].answer+time.Second {
				n++
			}
		}
		if n > window {
			t.Errorf("at %v, %d messages may fall in one second; the margin allows %d (ceiling %v)", at, n, window, rate)
		}
	}
	for i, s := range sends {
		if s.retryAfter == 0 {
			continue
		}
		from, to := res[i].answer, res[i].answer+s.retryAfter
		for j, r := range res {
			if r.start > from && r.start < to {
				t.Errorf("send %d started at %v, during the retry_after %v..%v of send %d", j, r.start, from, to, i)
			}
		}
	}
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// every is the pacer's even spacing at rate: 95% of it.
func every(rate float64) time.Duration {
	return time.Duration(float64(time.Second) / (rate * globalMargin))
}

// chatSends is n sends to one chat, ready at the given offsets (or all at 0).
func chatSends(chat int64, n int, rtt time.Duration, ready ...time.Duration) []simSend {
	out := make([]simSend, n)
	for i := range out {
		out[i] = simSend{chat: chat, rtt: rtt}
		if i < len(ready) {
			out[i].ready = ready[i]
		}
	}
	return out
}

// fanOut is one send to each of n chats, all ready at 0.
func fanOut(n int, rtt time.Duration) []simSend {
	out := make([]simSend, n)
	for i := range out {
		out[i] = simSend{chat: int64(1000 + i), rtt: rtt}
	}
	return out
}

func TestPacer(t *testing.T) {
	const chat = 42
	everySecond := make([]time.Duration, 10)
	for i := range everySecond {
		everySecond[i] = time.Duration(i) * time.Second
	}
	pauseMidway := fanOut(8, ms(5))
	pauseMidway[0].retryAfter = time.Second // the first answer is a 429
	tests := []struct {
		name     string
		rate     float64
		sends    []simSend
		want     []time.Duration // start of each send (nil: not checked)
		wantLast time.Duration   // start of the last send at least this (0: not checked)
		maxLast  time.Duration   // and at most this
	}{
		{
			name:  "burst of 3 to one chat passes",
			rate:  30,
			sends: chatSends(chat, 3, ms(10)),
			want:  []time.Duration{0, ms(10), ms(20)},
		},
		{
			name:  "the 4th waits until 1s after the 1st was answered",
			rate:  30,
			sends: chatSends(chat, 4, ms(10)),
			want:  []time.Duration{0, ms(10), ms(20), ms(1010)},
		},
		{
			name:  "button press then a command 200ms later, after a reply: all at once",
			rate:  30,
			sends: chatSends(chat, 3, ms(10), 0, ms(300), ms(500)),
			want:  []time.Duration{0, ms(300), ms(500)},
		},
		{
			name:  "a queue to one chat goes out at 1/s after the burst, no drift",
			rate:  30,
			sends: chatSends(chat, 8, ms(10)),
			want:  []time.Duration{0, ms(10), ms(20), ms(1010), ms(2010), ms(3010), ms(4010), ms(5010)},
		},
		{
			name:  "a command a second is answered at once, every time",
			rate:  30,
			sends: chatSends(chat, 10, ms(40), everySecond...),
			want:  everySecond,
		},
		{
			name:  "pairs 0.3s apart every 2s are answered at once",
			rate:  30,
			sends: chatSends(chat, 6, ms(20), 0, ms(300), ms(2000), ms(2300), ms(4000), ms(4300)),
			want:  []time.Duration{0, ms(300), ms(2000), ms(2300), ms(4000), ms(4300)},
		},
		{
			name:  "fan-out spaced evenly at 95% of the rate",
			rate:  100,
			sends: fanOut(50, 0),
			// A quarter second's worth (23) at once, then 1/95 s apart:
			// the 50th 27 intervals later.
			wantLast: 27 * every(100),
			maxLast:  27 * every(100),
		},
		{
			name:  "fan-out: at most 95 sends count in a second",
			rate:  100,
			sends: fanOut(300, ms(2)),
			// 95 a second, each counting 1s + 2ms: 300 need a bit over 3s.
			wantLast: ms(3000),
			maxLast:  ms(3250),
		},
		{
			name:  "slow answers hold their place: the margin holds whatever the network",
			rate:  100,
			sends: fanOut(300, ms(400)),
			// Each send counts for 1.4s: 95 per 1.4s.
			wantLast: ms(4000),
			maxLast:  ms(4600),
		},
		{
			name:  "more sends in flight than the window allows wait for answers",
			rate:  5, // at most 4 in any second
			sends: fanOut(6, 2*time.Second),
			// 3 at once, the 4th at its slot; the 5th waits for an answer
			// (2s) and then for it to stop counting (3s).
			want: []time.Duration{0, 0, 0, every(5), 3 * time.Second, 3 * time.Second},
		},
		{
			name:  "a pause is re-checked when a waiting send wakes",
			rate:  10, // sends 4..8 wait for slots 105ms apart
			sends: pauseMidway,
			// Sends 1-3 went at once (on the wire before the 429); the
			// others woke at their slots inside the pause and waited again.
			want: []time.Duration{0, 0, 0, ms(1005), ms(1005), ms(1005), ms(1005) + every(10), ms(1005) + 2*every(10)},
		},
		{
			name: "a pause holds a chat waiting for its bucket, and callback answers",
			rate: 30,
			sends: append(chatSends(chat, 4, ms(10)),
				simSend{chat: 7, ready: ms(500), rtt: ms(10), retryAfter: 2 * time.Second},
				simSend{chat: 8, ready: ms(600), rtt: ms(10), callback: true},
				simSend{chat: 9, ready: ms(600), rtt: ms(10), callback: true},
			),
			want: []time.Duration{0, ms(10), ms(20), ms(2510), ms(500), ms(2510), ms(2510)},
		},
		{
			name:  "callback answers are not paced",
			rate:  1,
			sends: []simSend{{chat: 1, callback: true}, {chat: 2, callback: true}, {chat: 3, callback: true}, {chat: 4, callback: true}},
			want:  []time.Duration{0, 0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := simulate(t, tt.rate, 1, tt.sends)
			starts := make([]time.Duration, len(res))
			for i, r := range res {
				starts[i] = r.start
			}
			if tt.want != nil && !slices.Equal(starts, tt.want) {
				t.Errorf("starts\n got %v\nwant %v", starts, tt.want)
			}
			last := slices.Max(starts)
			if tt.maxLast > 0 && (last < tt.wantLast || last > tt.maxLast) {
				t.Errorf("last send at %v, want %v..%v", last, tt.wantLast, tt.maxLast)
			}
			checkLimits(t, tt.rate, 1, tt.sends, res)
		})
	}
}

// TestPacerWindowAtTelegramRates checks the margin at the rates salesbot
// runs with: floor(95%) of the ceiling in any second, and the overall
// burst: a quarter second's worth, at least 3.
func TestPacerWindowAtTelegramRates(t *testing.T) {
	for _, tc := range []struct {
		rate   float64
		window int
		burst  int
	}{{30, 28, 7}, {100, 95, 23}, {1000, 950, 237}, {10, 9, 3}, {1, 1, 3}} {
		p := newPacer(tc.rate, 0, time.Now)
		if p.window != tc.window {
			t.Errorf("rate %v: window %d, want %d", tc.rate, p.window, tc.window)
		}
		if burst := int(p.tolerance/p.interval) + 1; burst != tc.burst {
			t.Errorf("rate %v: burst %d, want %d", tc.rate, burst, tc.burst)
		}
	}
}

func (r simResult) String() string { return fmt.Sprintf("%v..%v", r.start, r.answer) }
