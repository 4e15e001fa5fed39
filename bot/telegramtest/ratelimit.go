package telegramtest

import (
	"math"
	"net/http"
	"time"
)

// DefaultChatBurst is how many messages one chat takes at once before its
// rate applies: Telegram lets a private chat have a short burst and asks for
// about one message a second sustained.
const DefaultChatBurst = 3

// WithRateLimit enables Telegram-like flood control on the send* and edit*
// methods that create or change messages: a global token bucket of `global`
// messages per second (burst max(1, global)) and one bucket per chat of
// `perChat` messages per second with a burst of DefaultChatBurst (see
// WithChatBurst). A request that finds a bucket empty gets 429 "Too Many
// Requests: retry after N" with parameters.retry_after = N (whole seconds
// until a token is available) and is counted by TooManyRequests. 0 disables
// a bucket; the default is no limit. Buckets refill according to the server
// clock (see WithClock), so a frozen fake clock never refills them.
// Requests that arrive before a retry_after has passed are counted by
// EarlyRequests but served; WithStrictRateLimit refuses them.
func WithRateLimit(global, perChat float64) Option {
	return func(s *Server) { s.floodLocked().configure(global, perChat, false) }
}

// WithStrictRateLimit is WithRateLimit as strict as Telegram can be:
//
//   - The global limit is a sliding one-second window, not a token bucket: a
//     message is refused when floor(global) (at least 1) messages were
//     accepted in the second before it, counted by arrival time, so no burst
//     credit carries over from a quiet second. retry_after is the whole
//     seconds until the oldest of them leaves the window.
//   - After any 429 (flood control or FailNext) the rate-limited methods are
//     refused with 429 until retry_after has passed, with the seconds left;
//     they are counted by EarlyRequests too.
//
// The per-chat limit is the same token bucket as in WithRateLimit.
func WithStrictRateLimit(global, perChat float64) Option {
	return func(s *Server) { s.floodLocked().configure(global, perChat, true) }
}

// WithChatBurst sets how many messages a chat takes at once under the
// per-chat limit of WithRateLimit or WithStrictRateLimit (default
// DefaultChatBurst); 1 spaces every message by 1/perChat. It may come before
// or after the rate-limit option.
func WithChatBurst(n int) Option {
	return func(s *Server) { s.floodLocked().chatBurst = max(1, n) }
}

// TooManyRequests is the number of 429 answers so far (rate limiting and
// FailNext), so tests can check the bot met flood control and still
// delivered.
func (s *Server) TooManyRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMany
}

// EarlyRequests is the number of requests that arrived while a retry_after
// of an earlier 429 had not yet passed: the bot should have waited. Every
// method counts except getUpdates (long polling is not flood-limited) and
// file downloads; such calls are marked Call.Early. A request that was
// already on its way when the 429 was answered is counted too: the fake
// cannot tell, so a test that allows those must look at what the bot had
// started (see Call.At).
func (s *Server) EarlyRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.floodLocked().early
}

// PeakWindow is the largest number of rate-limited messages (the send* and
// edit* methods) the server accepted within any one second so far, counted
// by arrival time over a sliding window, whether or not a limit is set.
func (s *Server) PeakWindow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.floodLocked().peak
}

// RetryDeadline is when the latest retry_after the server gave ends (zero
// if it never answered 429).
func (s *Server) RetryDeadline() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.floodLocked().deadline
}

// floodLocked returns the server's flood-control state, creating an
// unlimited one on first use. s.mu must be held (or s not yet shared).
func (s *Server) floodLocked() *rateLimiter {
	if s.limiter == nil {
		s.limiter = &rateLimiter{chatBurst: DefaultChatBurst, chats: map[int64]*bucket{}}
	}
	return s.limiter
}

// noteCallLocked counts an early request and starts the retry_after of a
// 429, for every recorded call. s.mu must be held.
func (s *Server) noteCallLocked(c *Call, e *apiError) {
	l := s.floodLocked()
	if c.Method == "getUpdates" || c.Method == DownloadMethod {
		return
	}
	if c.At.Before(l.deadline) {
		c.Early = true
		l.early++
	}
	if e != nil && e.code == http.StatusTooManyRequests {
		if until := s.now().Add(time.Duration(max(1, e.retryAfter)) * time.Second); until.After(l.deadline) {
			l.deadline = until
		}
	}
}

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
// message rate (token bucket, or sliding window when strict), a per-chat
// message rate, and the retry_after deadline of the last 429. It also keeps
// the counters behind EarlyRequests and PeakWindow. A nil limiter allows
// all and counts nothing (the Server creates one on first use).
type rateLimiter struct {
	strict    bool
	global    *bucket // token bucket (not strict)
	window    int     // at most this many messages in any second (strict); 0 = none
	perChat   float64
	chatBurst int
	chats     map[int64]*bucket

	recent   []time.Time // arrival times of accepted messages within the last second, ascending
	peak     int         // most messages accepted within one second
	deadline time.Time   // end of the latest retry_after
	early    int         // requests that arrived before deadline
}

func (l *rateLimiter) configure(global, perChat float64, strict bool) {
	l.strict, l.perChat, l.global, l.window = strict, perChat, nil, 0
	clear(l.chats)
	switch {
	case global <= 0:
	case strict:
		l.window = max(1, int(math.Floor(global)))
	default:
		l.global = newBucket(global, math.Max(1, global))
	}
}

// take admits one message to chatID arriving at now, or returns a 429
// (nothing is consumed): in strict mode while a retry_after runs, then with
// the whole seconds until the global window and the chat bucket both have
// room.
func (l *rateLimiter) take(now time.Time, chatID int64) *apiError {
	if l == nil {
		return nil
	}
	// Forget arrivals that left the window (t-1s, t].
	drop := 0
	for drop < len(l.recent) && !l.recent[drop].After(now.Add(-time.Second)) {
		drop++
	}
	l.recent = l.recent[drop:]

	if l.strict && now.Before(l.deadline) {
		return tooManyRequests(ceilSeconds(l.deadline.Sub(now)))
	}
	var wait time.Duration
	if l.window > 0 && len(l.recent) >= l.window {
		// Room when the oldest arrival beyond window-1 has left.
		wait = l.recent[len(l.recent)-l.window].Add(time.Second).Sub(now)
	}
	if l.global != nil {
		wait = max(wait, l.global.wait(now))
	}
	var chat *bucket
	if l.perChat > 0 {
		chat = l.chats[chatID]
		if chat == nil {
			chat = newBucket(l.perChat, float64(max(1, l.chatBurst)))
			l.chats[chatID] = chat
		}
		wait = max(wait, chat.wait(now))
	}
	if wait > 0 {
		return tooManyRequests(ceilSeconds(wait))
	}
	if l.global != nil {
		l.global.take(now)
	}
	if chat != nil {
		chat.take(now)
	}
	l.recent = append(l.recent, now)
	l.peak = max(l.peak, len(l.recent))
	return nil
}

// ceilSeconds is d in whole seconds, rounded up, at least 1.
func ceilSeconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}
