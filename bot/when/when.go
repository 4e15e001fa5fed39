// Package when reads the date/time expressions that sellers type when they
// set their own reminders ("/ingatkan NAMA KAPAN [pesan]"), in Indonesian
// and English.
//
// It exists because the general-purpose parsers we measured do not know the
// everyday Indonesian forms (lusa, "3 hari lagi", "senin depan") and some
// silently drop the hour in "besok jam 9". A reminder at the wrong time is
// worse than no reminder, so this reader is deliberately strict: it accepts
// a closed set of forms, listed in the tests, and answers ErrUnreadable for
// anything that looks like a time but is not a valid one ("jam 25", "31/2")
// instead of guessing.
//
// The package is pure: no I/O, no clock reading. The caller passes "now",
// whose location is the seller's time zone (Asia/Jakarta, Asia/Makassar,
// Asia/Jayapura, ...); all calendar arithmetic happens in that location.
package when

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

var (
	// ErrUnreadable means no date/time expression could be read at the
	// start of the text, or one was written but names an impossible
	// moment (hour 25, February 31st).
	ErrUnreadable = errors.New("when: unreadable date/time")
	// ErrPast means the expression was read but names a moment that is
	// not after now, so a reminder for it would never fire.
	ErrPast = errors.New("when: moment is not in the future")
)

// DefaultHour is used when a day is given without a time. Nine in the
// morning is when small shops open and sellers look at their phones.
const DefaultHour = 9

// Parse reads a date/time expression at the START of text (tokens separated
// by spaces) and returns the moment it names, in now's location, truncated
// to the minute, and the rest of the text (the reminder message, trimmed).
//
// lang is "id" or "en". English forms are accepted only for "en" (any value
// starting with "en"); Indonesian forms are accepted for both, since sellers
// mix. Matching is case-insensitive. The longest prefix that forms a valid
// expression is read, so "besok jam 9 telepon" gives tomorrow 09:00 and the
// message "telepon", while "besok jam tangan" gives tomorrow 09:00 and the
// message "jam tangan" (jam is also the word for watch).
//
// Half of the day. Sellers write a 12-hour clock and usually leave the
// part of day out when it is obvious. An hour 1-11 written with no part of
// day, no am/pm, no leading zero and no day ("jam 7", "jam 7.30",
// "pukul 5", "7.30", "nanti jam 3", "at 7") is therefore read as the
// morning while that is still ahead today, else as the same clock time in
// the afternoon or evening (+12 hours) if that is still ahead today, else
// as the morning (which is then ErrPast). At 06:00 "jam 7" is 07:00, at
// 10:00 it is 19:00, at 20:00 it is 07:00 today and ErrPast. With a day
// ("besok jam 7", "senin jam 7", "25/12 jam 7", also "hari ini jam 7") the
// hour is kept as written. 24-hour forms are never moved: hours 0 and
// 12-23 ("jam 14", "19.00") and hours with a leading zero ("jam 07.00").
//
// A part of day fixes the half: "jam 3 sore" is 15:00. On its own it
// means a default hour (pagi 09:00, siang 12:00, sore 15:00, malam 19:00):
// after a day ("besok sore", "lusa malam"), or pinned to today ("nanti
// sore", "sore nanti", "sore ini", "malam ini", "tonight", "this evening").
// A bare "sore" or "malam" at the start is not a time; it is too likely
// the message itself.
//
// Errors: a moment that is not after now returns an error that is
// ErrPast; at and rest are still returned so the caller can tell the seller
// which moment was understood. Nothing readable at the start, or a
// malformed time/date where one is expected, returns an error that is
// ErrUnreadable with a zero at and an empty rest.
func Parse(text string, now time.Time, lang string) (at time.Time, rest string, err error) {
	p := newParser(text, now, lang)
	e, n, err := p.expr()
	if err != nil {
		return time.Time{}, "", err
	}
	if n == 0 {
		return time.Time{}, "", fmt.Errorf("%w: %q", ErrUnreadable, firstWord(p.toks))
	}
	at = p.resolve(e)
	rest = p.restAfter(text, n)
	if !at.After(now) {
		return at, rest, fmt.Errorf("%w: %s", ErrPast, at.Format("2006-01-02 15:04 MST"))
	}
	return at, rest, nil
}

func firstWord(toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	return toks[0].raw
}

// civil is a calendar date with no time zone. Date arithmetic is done on
// civil dates (normalised through UTC, which has no gaps) and only turned
// into an instant at the very end with time.Date in the seller's location.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

func (c civil) addDays(n int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC))
}

// addMonths moves by whole months and clamps the day to the month's end,
// because "1 bulan lagi" on 31 January means the end of February, not
// 3 March as time.AddDate would have it.
func (c civil) addMonths(n int) civil {
	total := int(c.m) - 1 + n
	y := c.y + total/12
	mi := total % 12
	if mi < 0 {
		mi += 12
		y--
	}
	m := time.Month(mi + 1)
	return civil{y, m, min(c.d, daysIn(y, m))}
}

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func (c civil) before(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

func validDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, time.Month(m))
}

// parser holds the tokens and the reference moment for one Parse call.
type parser struct {
	toks  []token
	now   time.Time
	loc   *time.Location
	today civil
	en    bool
}

func newParser(text string, now time.Time, lang string) *parser {
	return &parser{
		toks:  tokenize(text),
		now:   now,
		loc:   now.Location(),
		today: civilOf(now),
		en:    strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en"),
	}
}

// word returns the normalised token at i, or "" past the end, so that
// look-ahead never needs a bounds check.
func (p *parser) word(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	return p.toks[i].w
}

// lookup finds w in a table, honouring the English-only flag.
func (p *parser) lookup(tbl map[string]entry, w string) (int, bool) {
	e, ok := tbl[w]
	if !ok || (e.en && !p.en) {
		return 0, false
	}
	return e.v, true
}

// expression is what was read: a day, a time of day, or both; or an exact
// instant for "2 jam lagi". A time of day without a day is today.
type expression struct {
	day      *dateResult
	clock    *clockResult
	instant  time.Time
	relative bool
}

// expr reads the longest expression at the start. Both orders are tried,
// "besok jam 9" and "jam 9 besok", because sellers write both; the longer
// reading wins and a malformed time or date anywhere in a reading makes the
// whole text unreadable rather than half-read. A time that already says
// today ("nanti sore", "jam 8 malam ini") takes no day after it.
func (p *parser) expr() (expression, int, error) {
	var best expression
	bestN := 0

	d, dn, err := p.date(0)
	if err != nil {
		return best, 0, err
	}
	if dn > 0 {
		if d.relative {
			best, bestN = expression{instant: d.instant, relative: true}, dn
		} else {
			c, cn, err := p.clock(dn, true)
			if err != nil {
				return best, 0, err
			}
			best, bestN = expression{day: &d}, dn
			if cn > 0 {
				best.clock, bestN = &c, dn+cn
			}
		}
	}

	c, cn, err := p.clock(0, false)
	if err != nil {
		return best, 0, err
	}
	if cn > 0 {
		e, n := expression{clock: &c}, cn
		if !c.today {
			d2, dn2, err := p.date(cn)
			if err != nil {
				return best, 0, err
			}
			if dn2 > 0 && !d2.relative {
				e.day, n = &d2, cn+dn2
			}
		}
		if n > bestN {
			best, bestN = e, n
		}
	}
	return best, bestN, nil
}

// resolve turns an expression into an instant in the seller's location.
func (p *parser) resolve(e expression) time.Time {
	if e.relative {
		return e.instant
	}
	day := p.today
	if e.day != nil {
		day = e.day.day
	}
	h, m, zone, d := DefaultHour, 0, p.loc, day.d
	if e.clock != nil {
		h, m = e.clock.hour, e.clock.minute
		if e.clock.nextDay {
			d++
		}
		if e.clock.zone != nil {
			zone = e.clock.zone
		}
	}
	t := time.Date(day.y, day.m, d, h, m, 0, 0, zone).In(p.loc)
	if e.day == nil && e.clock != nil && e.clock.halfOpen && !t.After(p.now) {
		// "jam 7" at 10:00: the morning is gone, so the seller means the
		// evening, if that is still ahead today.
		pm := time.Date(day.y, day.m, d, h+12, m, 0, 0, zone).In(p.loc)
		if pm.After(p.now) && civilOf(pm) == p.today {
			return pm
		}
	}
	return t
}

// restAfter returns the message after the first n tokens, skipping a lone
// separator such as "-" or ":" that only divides time from message.
func (p *parser) restAfter(text string, n int) string {
	for n < len(p.toks) && isSeparator(p.toks[n].w) {
		n++
	}
	if n < len(p.toks) {
		return strings.TrimSpace(text[p.toks[n].start:])
	}
	// Only maxTokens tokens were split off; the message may go on.
	return strings.TrimSpace(text[p.toks[len(p.toks)-1].end:])
}
