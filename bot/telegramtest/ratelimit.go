package telegramtest

import (
	"math"
	"time"
)

// bucket is a token bucket refilled continuously at rate tokens/second.
type bucket struct {
	rate, burst float64
	tokens      float64
	last        time.Time
}

func (b *bucket) refill(now time.Time) {
	if b.last.IsZero() {
		b.tokens, b.last = b.burst, now
		return
	}
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = math.Min(b.burst, b.tokens+dt*b.rate)
		b.last = now
	}
}

// wait is how long until the bucket holds a whole token.
func (b *bucket) wait() float64 {
	if b.tokens >= 1 {
		return 0
	}
	return (1 - b.tokens) / b.rate
}

// rateLimiter is Telegram's flood control as the bot sees it: a global
// message rate and a per-chat message rate. A nil limiter allows all.
type rateLimiter struct {
	perChat float64
	global  *bucket
	chats   map[int64]*bucket
}

func newRateLimiter(global, perChat float64) *rateLimiter {
	if global <= 0 && perChat <= 0 {
		return nil
	}
	l := &rateLimiter{perChat: perChat, chats: map[int64]*bucket{}}
	if global > 0 {
		l.global = &bucket{rate: global, burst: math.Max(1, global)}
	}
	return l
}

// take consumes one token from the global and the chat bucket, or returns
// a 429 with the whole seconds until both have one (nothing is consumed).
func (l *rateLimiter) take(now time.Time, chatID int64) *apiError {
	if l == nil {
		return nil
	}
	var bs []*bucket
	if l.global != nil {
		bs = append(bs, l.global)
	}
	if l.perChat > 0 {
		b := l.chats[chatID]
		if b == nil {
			b = &bucket{rate: l.perChat, burst: 1}
			l.chats[chatID] = b
		}
		bs = append(bs, b)
	}
	wait := 0.0
	for _, b := range bs {
		b.refill(now)
		wait = math.Max(wait, b.wait())
	}
	if wait > 0 {
		return tooManyRequests(max(1, int(math.Ceil(wait-1e-9))))
	}
	for _, b := range bs {
		b.tokens--
	}
	return nil
}
