package reminders

import (
	"time"

	"github.com/salesbot/salesbot/storage"
)

// The follow-up rules, most important first: a buyer asking for attention
// outranks a prospect. The kinds are storage values so the bot can render
// them without importing this package.
const (
	KindFirstCustomer = storage.NudgeFirstCustomer // the seller's first buyer, once a month
	KindQuietBuyer    = storage.NudgeQuietBuyer    // a buyer quiet for QuietBuyerDays: ask why
	KindRepeatOrder   = storage.NudgeRepeatOrder   // the usual gap between purchases has passed by half again
	KindSatisfaction  = storage.NudgeSatisfaction  // a konsumen FollowUpDays after the purchase
	KindKeepInTouch   = storage.NudgeKeepInTouch   // a buyer not contacted for KeepInTouchDays
	KindProspect      = storage.NudgeProspect      // a prospect not contacted for ProspectDays
)

// Nudge is one contact due for attention, for one reason.
type Nudge = storage.Nudge

var priority = map[storage.NudgeKind]int{
	KindFirstCustomer: 0, KindQuietBuyer: 1, KindRepeatOrder: 2,
	KindSatisfaction: 3, KindKeepInTouch: 4, KindProspect: 5,
}

// firstCustomerEvery is how often the first customer comes back to mind.
const firstCustomerEvery = 30 * 24 * time.Hour

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// open lists the rules that apply to the contact and are not yet satisfied,
// each with the time it falls due. A rule is satisfied by contacting the
// buyer after it fell due (the seller pressing "Sudah dihubungi", a sale, or
// /hubungi); until then it stays in the daily digest, unless snoozed.
func open(c storage.Contact, s storage.Seller) []Nudge {
	set := s.Settings
	if set.NudgesOff || c.Lost {
		return nil
	}
	var out []Nudge
	add := func(k storage.NudgeKind, due time.Time) {
		if c.LastContactAt.Before(due) {
			out = append(out, Nudge{Kind: k, Contact: c, DueAt: due})
		}
	}
	if c.Purchases == 0 {
		add(KindProspect, c.LastContactAt.Add(days(set.ProspectDays)))
		return out
	}
	if c.ID == s.FirstCustomerID {
		add(KindFirstCustomer, c.LastContactAt.Add(firstCustomerEvery))
	} else {
		add(KindKeepInTouch, c.LastContactAt.Add(days(set.KeepInTouchDays)))
	}
	if c.Purchases == 1 {
		add(KindSatisfaction, c.FirstSaleAt.Add(days(set.FollowUpDays)))
	}
	if c.Purchases >= 2 {
		gap := c.LastSaleAt.Sub(c.FirstSaleAt) / time.Duration(c.Purchases-1)
		if gap >= 24*time.Hour {
			add(KindRepeatOrder, c.LastSaleAt.Add(gap*3/2))
		}
	}
	if c.StopReason == "" {
		add(KindQuietBuyer, c.LastSaleAt.Add(days(set.QuietBuyerDays)))
	}
	return out
}

// NextDue is when the contact next needs attention (zero: never): the
// earliest open rule, or the end of a snooze.
func NextDue(c storage.Contact, s storage.Seller) time.Time {
	var next time.Time
	for _, n := range open(c, s) {
		if next.IsZero() || n.DueAt.Before(next) {
			next = n.DueAt
		}
	}
	if !next.IsZero() && c.SnoozeUntil.After(next) {
		next = c.SnoozeUntil
	}
	return next
}

// DueNow is the most important rule due for the contact at now, if any.
func DueNow(c storage.Contact, s storage.Seller, now time.Time) (Nudge, bool) {
	if c.SnoozeUntil.After(now) {
		return Nudge{}, false
	}
	var best Nudge
	found := false
	for _, n := range open(c, s) {
		if n.DueAt.After(now) {
			continue
		}
		if !found || priority[n.Kind] < priority[best.Kind] {
			best, found = n, true
		}
	}
	return best, found
}
