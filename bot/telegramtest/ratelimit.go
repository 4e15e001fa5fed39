package telegramtest

import (
	"math"
	"time"
)

// bucket is a token bucket of the given rate and burst, implemented as a
// GCRA (theoretical arrival time) in integer nanoseconds so that refills
// are exact: with 1 msg/s, a send exactly 1s after the last one passes.
type bucket struct {
	interval  time.Duration // time to earn one token
	tolerance time.Duration // (burst-1) * interval
	tat       time.Time     // when the bucket will be full again
}

func newBucket(rate, burst float64) *bucket {
	interval := time.Duration(float64(time.Second) / rate)
	return &bucket{interval: interval, tolerance: time.Duration((burst - 1) * float64(interval))}
}

// wait is how long until a token is available at now (0 = available).
func (b *bucket) wait(now time.Time) time.Duration {
	tat := b.tat
	if tat.Before(now) {
		tat = now
	}
	return max(0, tat.Sub(now)-b.tolerance)
}

func (b *bucket) take(now time.Time) {
	if b.tat.Before(now) {
		b.tat = now
	}
	b.tat = b.tat.Add(b.interval)
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
		l.global = newBucket(global, math.Max(1, global))
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
			b = newBucket(l.perChat, 1)
			l.chats[chatID] = b
		}
		bs = append(bs, b)
	}
	var wait time.Duration
	for _, b := range bs {
		wait = max(wait, b.wait(now))
	}
	if wait > 0 {
		return tooManyRequests(int((wait + time.Second - 1) / time.Second))
	}
	for _, b := range bs {
		b.take(now)
	}
	return nil
}
