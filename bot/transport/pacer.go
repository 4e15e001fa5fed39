package transport

import (
	"context"
	"math"
	"sync"
	"time"
)

// pacer keeps sends within Telegram's limits, counted as Telegram counts
// them: when a message arrives. A send arrives at some moment between when
// it starts (the pacer lets it go) and when Telegram's answer is back
// (sent), so the pacer counts a send from its start until its answer,
// whatever the network did in between.
//
//   - Overall: SALESBOT_SEND_RATE is the ceiling Telegram enforces, at most
//     that many messages in any one second. The pacer keeps a margin of
//     globalMargin under it: at most floor(95% of the rate) sends may
//     be counted in any one second, a send counting from its start until
//     one second after its answer (the last window its arrival can fall
//     in). This holds whatever the network delays; a send whose answer is
//     slow holds its place longer. Within that, sends are spread evenly at
//     95% of the rate after a short burst (globalBurst), so a fan-out goes
//     out smoothly instead of in one-second waves.
//   - Per chat: a burst of chatBurst at once, then ChatRate (1/s), as
//     Telegram allows in a private chat: a button press followed by a
//     command is answered at once, both. The bucket (a GCRA) takes each
//     message at its answer, the latest it can have arrived, and lets the
//     next one start (the earliest it can arrive) only within the limit: a
//     message that must wait for a token goes one interval after the
//     answer to the one that token is for, so a late arrival of that one
//     cannot make it early.
//   - After a 429 nothing goes before retry_after has passed. A send that
//     was waiting for its slot looks at the pause again when it wakes and
//     waits again if a pause began meanwhile, so only sends already on the
//     wire can reach Telegram during the pause.
//
// Callback answers (counted false) are not messages: they skip the pacing
// but respect a pause.
type pacer struct {
	mu  sync.Mutex
	now func() time.Time

	// Overall.
	window    int           // at most this many sends counted in any one second
	interval  time.Duration // even spacing: 1s / (95% of the rate)
	tolerance time.Duration // (burst-1) * interval, see globalBurst
	tat       time.Time     // GCRA: when the spacing bucket is full again
	inFlight  int           // sends let through whose answer is not back
	ends      []time.Time   // answered sends: until when each still counts (answer + 1s), ascending

	paused time.Time // no sends before this (429)

	// Per chat.
	chatInterval  time.Duration // 1s / ChatRate
	chatTolerance time.Duration // (chatBurst-1) * chatInterval
	chats         map[int64]*chatPace
	sweep         time.Time

	changed  chan struct{} // closed when a send is answered or a pause begins
	watchers bool          // someone waits on changed
}

// chatPace is one chat's bucket: tat is when it is full again, counting
// every answered message at its answer time.
type chatPace struct {
	tat      time.Time
	inFlight bool
}

const (
	// chatBurst is how many messages may go to one chat at once before
	// ChatRate applies: Telegram lets a private chat have a short burst and
	// asks for about one message a second sustained.
	chatBurst = 3
	// globalMargin is the share of SALESBOT_SEND_RATE the pacer uses, so
	// that no one-second window at Telegram ever holds more than the
	// ceiling.
	globalMargin = 0.95
	// globalBurst is how many sends may start at once overall after a
	// quiet moment, before the even spacing applies: a quarter of a
	// second's worth, at least 3 (7 at 30/s). Replies to sellers who
	// happen to write at the same moment go together; a fan-out starts
	// with that burst and then goes evenly.
	globalBurst     = 3
	globalBurstTime = 250 * time.Millisecond
)

func newPacer(rate, chatRate float64, now func() time.Time) *pacer {
	if chatRate <= 0 {
		chatRate = 1
	}
	r := rate * globalMargin
	interval := time.Duration(float64(time.Second) / r)
	burst := max(globalBurst, int(r*globalBurstTime.Seconds()))
	chatInterval := time.Duration(float64(time.Second) / chatRate)
	return &pacer{
		now:           now,
		window:        max(1, int(math.Floor(r))),
		interval:      interval,
		tolerance:     time.Duration(burst-1) * interval,
		chatInterval:  chatInterval,
		chatTolerance: (chatBurst - 1) * chatInterval,
		chats:         map[int64]*chatPace{},
		changed:       make(chan struct{}),
	}
}

// ticket is one send asking the pacer for its moment.
type ticket struct {
	chat    int64
	counted bool
	slot    time.Time // reserved place in the even spacing; zero = none yet
}

// wait blocks until a message to chat may go. Every send that wait lets
// through must be followed by sent once its answer is back (or it failed).
// counted is false for calls that are not chat messages (callback
// answers), which skip the pacing but still respect a 429 pause.
func (p *pacer) wait(ctx context.Context, chat int64, counted bool) error {
	t := ticket{chat: chat, counted: counted}
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p.mu.Lock()
		now := p.now()
		ready, until := p.plan(now, &t)
		var changed <-chan struct{}
		if !ready && until.IsZero() {
			changed, p.watchers = p.changed, true
		}
		p.mu.Unlock()
		if ready {
			return nil
		}
		var fire <-chan time.Time
		if !until.IsZero() {
			if timer == nil {
				timer = time.NewTimer(until.Sub(now))
			} else {
				timer.Reset(until.Sub(now))
			}
			fire = timer.C
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-fire:
		case <-changed:
		}
	}
}

// plan looks once at whether t may go at now. If so it counts the send and
// returns ready. Otherwise it returns when to look again: until, or when
// something changes if until is zero. p.mu must be held.
func (p *pacer) plan(now time.Time, t *ticket) (ready bool, until time.Time) {
	// A pause first, also for a send that woke at its slot: the slot was
	// given before the pause began and is void.
	if now.Before(p.paused) {
		t.slot = time.Time{}
		return false, p.paused
	}
	if !t.counted {
		return true, time.Time{}
	}
	c := p.chats[t.chat]
	if c == nil {
		c = &chatPace{}
		p.chats[t.chat] = c
	}
	if c.inFlight {
		// One message at a time per chat (the sender sends a chat's
		// messages in order); the next waits for the answer, whose time
		// its bucket needs.
		return false, time.Time{}
	}
	if at := c.tat.Add(-p.chatTolerance); now.Before(at) {
		return false, at
	}
	if t.slot.IsZero() {
		// Reserve a place in the even spacing. Places are handed out in
		// turn, so the sends waiting for theirs hold the next ones of the
		// schedule: after a stall they go at once and catch up.
		at := now
		if w := p.tat.Add(-p.tolerance); w.After(at) {
			at = w
		}
		p.tat = maxTime(p.tat, at).Add(p.interval)
		t.slot = at
	}
	if now.Before(t.slot) {
		return false, t.slot
	}
	// The hard limit: fewer than window sends may count now.
	drop := 0
	for drop < len(p.ends) && !p.ends[drop].After(now) {
		drop++
	}
	p.ends = p.ends[drop:]
	if over := p.inFlight + len(p.ends) - p.window; over >= 0 {
		if over < len(p.ends) {
			return false, p.ends[over] // when enough of them stop counting
		}
		return false, time.Time{} // too many in flight: wait for answers
	}
	p.inFlight++
	c.inFlight = true
	c.tat = maxTime(c.tat, now).Add(p.chatInterval) // corrected in sent
	if now.Sub(p.sweep) > 10*time.Second {
		// A chat whose bucket is full again is as good as a new one.
		for id, cp := range p.chats {
			if !cp.inFlight && !cp.tat.After(now) {
				delete(p.chats, id)
			}
		}
		p.sweep = now
	}
	return true, time.Time{}
}

// sent records that a send that wait let through has been answered
// (accepted, refused or failed): it arrived at Telegram by now, if at all.
// A counted send counts in the overall window for one more second, and in
// its chat's bucket from now. retryAfter is Telegram's retry_after if the
// answer was a 429 (else 0): the pause begins before any other send can
// take the place this one leaves.
func (p *pacer) sent(chat int64, counted bool, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if retryAfter > 0 {
		p.pauseLocked(now, retryAfter)
	}
	if !counted {
		return
	}
	if p.inFlight > 0 {
		p.inFlight--
	}
	end := now.Add(time.Second)
	if n := len(p.ends); n > 0 && p.ends[n-1].After(end) {
		end = p.ends[n-1] // keep ends ascending
	}
	p.ends = append(p.ends, end)
	c := p.chats[chat]
	if c == nil {
		c = &chatPace{}
		p.chats[chat] = c
	}
	c.inFlight = false
	// The bucket took this message at its start; it arrived by now at the
	// latest, so it is full again no earlier than one interval from now.
	c.tat = maxTime(c.tat, now.Add(p.chatInterval))
	p.notifyLocked()
}

// pauseLocked holds every send for d from now (Telegram said
// retry_after).
func (p *pacer) pauseLocked(now time.Time, d time.Duration) {
	if until := now.Add(d); until.After(p.paused) {
		p.paused = until
	}
	p.notifyLocked()
}

func (p *pacer) notifyLocked() {
	if p.watchers {
		close(p.changed)
		p.changed = make(chan struct{})
		p.watchers = false
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
