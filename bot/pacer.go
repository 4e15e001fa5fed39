package bot

import (
	"context"
	"math"
	"sync"
	"time"
)

// pacer keeps sends within Telegram's limits: an overall rate (about 30
// messages a second, SALESBOT_SEND_RATE) spaced evenly, and about one message
// a second to one chat (a token bucket of chatBurst). After a 429 everything
// waits the retry_after Telegram gave.
//
// The overall spacing is kept on the schedule (the next slot is one interval
// after the previous slot), so delays in sending do not add up over a large
// fan-out; Telegram's overall limit tolerates a burst, so a late send
// followed by one on time is fine. A chat's bucket is not: Telegram counts a
// message when it arrives, and with a burst of one a message that arrives a
// little early relative to the previous one is refused. So a chat's bucket
// refills from when the previous send to it finished (see sent), the latest
// moment that send can have arrived.
type pacer struct {
	mu       sync.Mutex
	now      func() time.Time
	interval time.Duration // between any two sends
	next     time.Time     // earliest next send overall
	paused   time.Time     // no sends before this (429)
	chatRate float64       // messages per second to one chat
	chats    map[int64]*chatPace
	sweep    time.Time
}

type chatPace struct {
	tokens float64
	last   time.Time
}

// chatBurst is how many messages may go to one chat at once. Telegram asks
// for no more than one a second per chat and may refuse any burst over that
// (as the fake Bot API does); a 429 pauses every chat for retry_after, far
// costlier than spacing the rare reply in several parts.
const chatBurst = 1.0

func newPacer(rate, chatRate float64, now func() time.Time) *pacer {
	if chatRate <= 0 {
		chatRate = 1
	}
	return &pacer{now: now, interval: time.Duration(float64(time.Second) / rate), chatRate: chatRate, chats: map[int64]*chatPace{}}
}

// wait blocks until a message to chat may go. counted is false for calls
// that are not chat messages (callback answers), which skip the pacing but
// still respect a 429 pause.
func (p *pacer) wait(ctx context.Context, chat int64, counted bool) error {
	p.mu.Lock()
	now := p.now()
	at := now
	if p.paused.After(at) {
		at = p.paused
	}
	if counted {
		if p.next.After(at) {
			at = p.next
		}
		c := p.chats[chat]
		if c == nil {
			c = &chatPace{tokens: chatBurst, last: at}
			p.chats[chat] = c
		}
		c.tokens = min(chatBurst, c.tokens+at.Sub(c.last).Seconds()*p.chatRate)
		c.last = at
		if c.tokens < 1 {
			// Rounded up: a nanosecond early is early.
			need := time.Duration(math.Ceil((1 - c.tokens) / p.chatRate * float64(time.Second)))
			at = at.Add(need)
			c.tokens = min(chatBurst, c.tokens+need.Seconds()*p.chatRate)
			c.last = at
		}
		c.tokens--
		p.next = at.Add(p.interval)
		if now.Sub(p.sweep) > time.Minute {
			for id, cp := range p.chats {
				if now.Sub(cp.last) > 10*time.Second {
					delete(p.chats, id)
				}
			}
			p.sweep = now
		}
	}
	p.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// sent records that a send to chat that wait let through has finished
// (answered, refused or failed). The chat's bucket refills only from now:
// the time the send spent in flight is not credited, so the next message to
// the chat is spaced from the latest moment this one can have reached
// Telegram, whatever the timer and network delays.
func (p *pacer) sent(chat int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.chats[chat]
	if c == nil {
		// Swept while the send was in flight: it still took a token.
		c = &chatPace{}
		p.chats[chat] = c
	}
	if now := p.now(); now.After(c.last) {
		c.last = now
	}
}

// pause holds every send for d (Telegram said retry_after).
func (p *pacer) pause(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := p.now().Add(d); until.After(p.paused) {
		p.paused = until
	}
}
