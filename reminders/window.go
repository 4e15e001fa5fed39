package reminders

import (
	"sort"
	"sync"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// zones caches loaded timezones by name: time.LoadLocation reads and parses
// the zoneinfo file on every call, and a pass asks once per seller.
var zones sync.Map // string -> *time.Location

// Location is the seller's timezone, or def when they have not set one (or
// set one this machine does not know).
func Location(s storage.Seller, def *time.Location) *time.Location {
	if s.Timezone == "" {
		return def
	}
	if loc, ok := zones.Load(s.Timezone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return def
	}
	zones.Store(s.Timezone, loc)
	return loc
}

// Quiet reports whether a local hour is in the seller's quiet hours, when
// no nudge is sent.
func Quiet(hour int, set storage.Settings) bool {
	from, until := set.QuietFrom, set.QuietUntil
	switch {
	case from == until:
		return false
	case from > until: // over midnight, e.g. 21-07
		return hour >= from || hour < until
	default:
		return hour >= from && hour < until
	}
}

// DigestDue reports whether the seller's daily digest may go now: at or after
// the digest hour, outside quiet hours, and not sent yet that local day. day
// is the local date the digest is for. A digest missed while the bot was
// down goes out at the next pass of the same day. Days only move forward: a
// pass dated before the last digest (a clock set back, a tick --at in the
// past) sends nothing.
func DigestDue(s storage.Seller, loc *time.Location, now time.Time) (day string, ok bool) {
	local := now.In(loc)
	h := local.Hour()
	if h < s.Settings.DigestHour || Quiet(h, s.Settings) {
		return "", false
	}
	day = local.Format(time.DateOnly)
	return day, day > s.LastDigestDay // ISO dates compare as strings
}

// Order sorts a digest: buyers before prospects, then the longest overdue
// first, then by short number so the order is stable.
func Order(nudges []Nudge, now time.Time) {
	sort.SliceStable(nudges, func(i, j int) bool {
		a, b := nudges[i], nudges[j]
		if a.IsBuyer() != b.IsBuyer() {
			return a.IsBuyer()
		}
		if oa, ob := a.Overdue(now), b.Overdue(now); oa != ob {
			return oa > ob
		}
		return a.Contact.ID < b.Contact.ID
	})
}

// NextSummary is the first summary slot (weekday and hour, local) strictly
// after t.
func NextSummary(t time.Time, loc *time.Location, set storage.Settings) time.Time {
	local := t.In(loc)
	ahead := (int(set.SummaryWeekday) - int(local.Weekday()) + 7) % 7
	d := local.AddDate(0, 0, ahead)
	slot := time.Date(d.Year(), d.Month(), d.Day(), set.SummaryHour, 0, 0, 0, loc)
	if !slot.After(t) {
		slot = slot.AddDate(0, 0, 7)
	}
	return slot
}
