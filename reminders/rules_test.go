package reminders_test

import (
	"testing"
	"time"

	"github.com/salesbot/salesbot/reminders"
	"github.com/salesbot/salesbot/storage"
)

// r0 is the reference time of the rule tests.
var r0 = time.Date(2026, 3, 2, 10, 0, 0, 0, wibLoc)

func day(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// ruleSeller has the default settings; contact #99 is the first customer.
func ruleSeller() storage.Seller {
	return storage.Seller{ID: 1, ChatID: 1, Active: true, Settings: storage.DefaultSettings(), FirstCustomerID: 99}
}

// prospect was added (and so last contacted) at added.
func prospect(id uint64, added time.Time) storage.Contact {
	return storage.Contact{ID: id, Name: "Prospek", Stage: storage.StageProspect, CreatedAt: added, LastContactAt: added}
}

// buyer bought n times, first at first and last at last, and was last
// contacted at contacted.
func buyer(id uint64, n int, first, last, contacted time.Time) storage.Contact {
	c := storage.Contact{ID: id, Name: "Pembeli", Stage: storage.StageFor(n), Purchases: n,
		FirstSaleAt: first, LastSaleAt: last, LastContactAt: contacted, CreatedAt: first}
	if n >= 2 {
		c.SecondSaleAt = last
	}
	return c
}

// TestEachRuleFallsDueAtItsTime checks every rule one minute before, at, and
// one minute after its due time, and that NextDue (what the due index
// stores) is exactly the earliest open rule.
func TestEachRuleFallsDueAtItsTime(t *testing.T) {
	quietWithReason := buyer(5, 2, r0.Add(-12*time.Hour), r0, r0.Add(day(70)))
	quietWithReason.StopReason = "pindah kota"
	for _, tc := range []struct {
		name string
		c    storage.Contact
		kind storage.NudgeKind
		due  time.Time
	}{
		{"prospect after 3 days", prospect(1, r0), reminders.KindProspect, r0.Add(day(3))},
		{"konsumen 7 days after the purchase", buyer(2, 1, r0, r0, r0), reminders.KindSatisfaction, r0.Add(day(7))},
		{"konsumen asked already: keep in touch 30 days after",
			buyer(2, 1, r0, r0, r0.Add(day(8))), reminders.KindKeepInTouch, r0.Add(day(38))},
		{"pelanggan not contacted 30 days",
			buyer(3, 2, r0.Add(-12*time.Hour), r0, r0.Add(day(5))), reminders.KindKeepInTouch, r0.Add(day(35))},
		{"first customer monthly instead of keep in touch",
			buyer(99, 1, r0, r0, r0.Add(day(8))), reminders.KindFirstCustomer, r0.Add(day(38))},
		{"repeat order: usual gap of 10 days passed by half again",
			buyer(4, 3, r0.Add(-day(20)), r0, r0), reminders.KindRepeatOrder, r0.Add(day(15))},
		{"repeat order ignores gaps under a day: keep in touch first",
			buyer(4, 2, r0.Add(-12*time.Hour), r0, r0), reminders.KindKeepInTouch, r0.Add(day(30))},
		{"quiet buyer 90 days after the last sale",
			buyer(5, 2, r0.Add(-12*time.Hour), r0, r0.Add(day(70))), reminders.KindQuietBuyer, r0.Add(day(90))},
		{"quiet buyer who told why: keep in touch only", quietWithReason, reminders.KindKeepInTouch, r0.Add(day(100))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ruleSeller()
			if got := reminders.NextDue(tc.c, s); !got.Equal(tc.due) {
				t.Fatalf("NextDue = %s, want %s", got, tc.due)
			}
			if n, ok := reminders.DueNow(tc.c, s, tc.due.Add(-time.Minute)); ok {
				t.Errorf("due a minute early: %+v", n)
			}
			for _, now := range []time.Time{tc.due, tc.due.Add(time.Minute)} {
				n, ok := reminders.DueNow(tc.c, s, now)
				if !ok || n.Kind != tc.kind || !n.DueAt.Equal(tc.due) || n.Contact.ID != tc.c.ID {
					t.Errorf("at %s: DueNow = %+v, %v; want %s due %s", now, n, ok, tc.kind, tc.due)
				}
			}
		})
	}
}

func TestCustomSettingsMoveTheRules(t *testing.T) {
	s := ruleSeller()
	s.Settings.ProspectDays, s.Settings.FollowUpDays, s.Settings.KeepInTouchDays, s.Settings.QuietBuyerDays = 1, 2, 10, 20
	for _, tc := range []struct {
		c   storage.Contact
		due time.Time
	}{
		{prospect(1, r0), r0.Add(day(1))},
		{buyer(2, 1, r0, r0, r0), r0.Add(day(2))},
		{buyer(3, 2, r0.Add(-time.Hour), r0, r0), r0.Add(day(10))},
		{buyer(5, 2, r0.Add(-time.Hour), r0, r0.Add(day(15))), r0.Add(day(20))},
	} {
		if got := reminders.NextDue(tc.c, s); !got.Equal(tc.due) {
			t.Errorf("contact %d: NextDue = %s, want %s", tc.c.ID, got, tc.due)
		}
	}
}

// TestPriorityBetweenRules: when several rules are due, the most important
// one names the line; a buyer's reasons outrank keeping in touch.
func TestPriorityBetweenRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    storage.Contact
		now  time.Time
		kind storage.NudgeKind
	}{
		{"satisfaction before keep in touch", buyer(2, 1, r0, r0, r0), r0.Add(day(40)), reminders.KindSatisfaction},
		{"quiet buyer before satisfaction and keep in touch", buyer(2, 1, r0, r0, r0), r0.Add(day(100)), reminders.KindQuietBuyer},
		{"first customer before everything", buyer(99, 1, r0, r0, r0), r0.Add(day(100)), reminders.KindFirstCustomer},
		{"repeat order before keep in touch", buyer(4, 3, r0.Add(-day(40)), r0, r0), r0.Add(day(31)), reminders.KindRepeatOrder},
		{"quiet buyer before repeat order", buyer(4, 3, r0.Add(-day(40)), r0, r0), r0.Add(day(91)), reminders.KindQuietBuyer},
		{"only satisfaction due yet", buyer(2, 1, r0, r0, r0), r0.Add(day(10)), reminders.KindSatisfaction},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, ok := reminders.DueNow(tc.c, ruleSeller(), tc.now)
			if !ok || n.Kind != tc.kind {
				t.Errorf("DueNow = %s, %v; want %s", n.Kind, ok, tc.kind)
			}
		})
	}
}

// TestContactingAfterDueClosesTheRule: a rule is satisfied only by a contact
// at or after its due time; contacting earlier does not count.
func TestContactingAfterDueClosesTheRule(t *testing.T) {
	s := ruleSeller()
	due := r0.Add(day(7)) // satisfaction
	for _, tc := range []struct {
		contacted time.Time
		open      bool
	}{
		{r0.Add(day(3)), true},                  // before it fell due
		{due.Add(-time.Nanosecond), true},       // just before
		{due, false},                            // at
		{due.Add(time.Hour), false},             // after
		{r0.Add(day(40)), false},                // long after: keep in touch is next
		{r0.Add(day(3)).Add(time.Second), true}, // still before
	} {
		c := buyer(2, 1, r0, r0, tc.contacted)
		n, ok := reminders.DueNow(c, s, due.Add(day(1)))
		if got := ok && n.Kind == reminders.KindSatisfaction; got != tc.open {
			t.Errorf("contacted %s: satisfaction open = %v, want %v", tc.contacted, got, tc.open)
		}
	}
	// A contact after the prospect fell due restarts its clock.
	p := prospect(1, r0)
	p.LastContactAt = r0.Add(day(5))
	if next := reminders.NextDue(p, s); !next.Equal(r0.Add(day(8))) {
		t.Errorf("prospect contacted on day 5: NextDue = %s, want day 8", next)
	}
}

func TestSnooze(t *testing.T) {
	s := ruleSeller()
	due := r0.Add(day(3))
	for _, tc := range []struct {
		name   string
		snooze time.Time
		next   time.Time
		dueAt  []time.Time // DueNow is true at these times
		notAt  []time.Time // and false at these
	}{
		{"snoozed past the due time", r0.Add(day(10)), r0.Add(day(10)),
			[]time.Time{r0.Add(day(10)), r0.Add(day(11))}, []time.Time{due, r0.Add(day(10)).Add(-time.Minute)}},
		{"snooze ended before the due time", r0.Add(day(1)), due,
			[]time.Time{due}, []time.Time{due.Add(-time.Minute)}},
		{"snooze ending exactly at the due time", due, due,
			[]time.Time{due}, []time.Time{due.Add(-time.Minute)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := prospect(1, r0)
			c.SnoozeUntil = tc.snooze
			if got := reminders.NextDue(c, s); !got.Equal(tc.next) {
				t.Errorf("NextDue = %s, want %s", got, tc.next)
			}
			for _, at := range tc.dueAt {
				if _, ok := reminders.DueNow(c, s, at); !ok {
					t.Errorf("not due at %s", at)
				}
			}
			for _, at := range tc.notAt {
				if _, ok := reminders.DueNow(c, s, at); ok {
					t.Errorf("due at %s", at)
				}
			}
		})
	}
}

func TestNeverDue(t *testing.T) {
	lost := prospect(1, r0)
	lost.Lost, lost.LostAt = true, r0
	off := ruleSeller()
	off.Settings.NudgesOff = true
	far := r0.AddDate(2, 0, 0)
	for _, tc := range []struct {
		name string
		c    storage.Contact
		s    storage.Seller
	}{
		{"lost prospect", lost, ruleSeller()},
		{"prospect of a seller with nudges off", prospect(1, r0), off},
		{"buyer of a seller with nudges off", buyer(2, 1, r0, r0, r0), off},
		{"first customer of a seller with nudges off", buyer(99, 3, r0.Add(-day(30)), r0, r0), off},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if next := reminders.NextDue(tc.c, tc.s); !next.IsZero() {
				t.Errorf("NextDue = %s, want never", next)
			}
			if n, ok := reminders.DueNow(tc.c, tc.s, far); ok {
				t.Errorf("due: %+v", n)
			}
		})
	}
}

// TestNextDueIsTheEarliestOpenRule walks a few contacts through time: at
// NextDue some rule is due, one minute before none is; that is what lets the
// due index stand for the rules.
func TestNextDueIsTheEarliestOpenRule(t *testing.T) {
	s := ruleSeller()
	snoozed := buyer(2, 1, r0, r0, r0)
	snoozed.SnoozeUntil = r0.Add(day(9))
	for _, c := range []storage.Contact{
		prospect(1, r0), buyer(2, 1, r0, r0, r0), buyer(2, 1, r0, r0, r0.Add(day(8))),
		buyer(99, 1, r0, r0, r0.Add(day(8))), buyer(4, 3, r0.Add(-day(20)), r0, r0),
		buyer(4, 5, r0.Add(-day(200)), r0, r0.Add(day(60))), snoozed,
	} {
		next := reminders.NextDue(c, s)
		if next.IsZero() {
			t.Errorf("contact %+v: never due", c)
			continue
		}
		if _, ok := reminders.DueNow(c, s, next.Add(-time.Minute)); ok {
			t.Errorf("contact %d: due before NextDue %s", c.ID, next)
		}
		if _, ok := reminders.DueNow(c, s, next); !ok {
			t.Errorf("contact %d: not due at NextDue %s", c.ID, next)
		}
	}
}

func TestRulesImplementStorageRules(t *testing.T) {
	var r storage.Rules = reminders.Rules{Default: wibLoc}
	s := ruleSeller()
	s.CreatedAt = time.Date(2026, 3, 3, 15, 0, 0, 0, wibLoc) // Tuesday
	if got, want := r.SummaryDue(s), time.Date(2026, 3, 9, 8, 0, 0, 0, wibLoc); !got.Equal(want) {
		t.Errorf("first summary = %s, want %s", got, want)
	}
	s.LastSummaryAt = time.Date(2026, 3, 16, 8, 0, 0, 0, wibLoc)
	if got, want := r.SummaryDue(s), time.Date(2026, 3, 23, 8, 0, 0, 0, wibLoc); !got.Equal(want) {
		t.Errorf("summary after one sent = %s, want %s", got, want)
	}
	s.Timezone = "Asia/Jayapura"
	if got, want := r.SummaryDue(s), time.Date(2026, 3, 23, 8, 0, 0, 0, witLoc); !got.Equal(want) {
		t.Errorf("summary in WIT = %s, want %s", got, want)
	}
	if got := r.SummaryDue(storage.Seller{Settings: storage.DefaultSettings()}); !got.IsZero() {
		t.Errorf("summary of a seller without a start = %s, want never", got)
	}
	c := prospect(1, r0)
	if got := r.ContactDue(c, s); !got.Equal(reminders.NextDue(c, s)) {
		t.Errorf("ContactDue = %s, want NextDue", got)
	}
	if (reminders.Rules{Default: wibLoc}).Version() == (reminders.Rules{Default: witLoc}).Version() {
		t.Error("the version does not name the default timezone")
	}
}
