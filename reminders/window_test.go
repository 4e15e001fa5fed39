package reminders_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/salesbot/salesbot/reminders"
	"github.com/salesbot/salesbot/storage"
)

func TestQuiet(t *testing.T) {
	def := storage.DefaultSettings() // 21-07
	day := storage.Settings{QuietFrom: 12, QuietUntil: 14}
	none := storage.Settings{QuietFrom: 22, QuietUntil: 22}
	for _, tc := range []struct {
		set   storage.Settings
		hour  int
		quiet bool
	}{
		{def, 6, true}, {def, 7, false}, {def, 8, false}, {def, 9, false}, {def, 20, false},
		{def, 21, true}, {def, 23, true}, {def, 0, true},
		{day, 11, false}, {day, 12, true}, {day, 13, true}, {day, 14, false},
		{none, 22, false}, {none, 3, false},
	} {
		if got := reminders.Quiet(tc.hour, tc.set); got != tc.quiet {
			t.Errorf("Quiet(%d, %d-%d) = %v, want %v", tc.hour, tc.set.QuietFrom, tc.set.QuietUntil, got, tc.quiet)
		}
	}
}

func TestLocation(t *testing.T) {
	for _, tc := range []struct {
		tz   string
		want string
	}{
		{"", "Asia/Jakarta"}, {"Asia/Makassar", "Asia/Makassar"}, {"Asia/Jayapura", "Asia/Jayapura"},
		{"Mars/Olympus", "Asia/Jakarta"},
	} {
		// Twice: the second answer may come from a cache.
		for i := 0; i < 2; i++ {
			if got := reminders.Location(storage.Seller{Timezone: tc.tz}, wibLoc); got.String() != tc.want {
				t.Errorf("Location(%q) = %s, want %s", tc.tz, got, tc.want)
			}
		}
	}
}

// zoneSeller is a seller in the named zone with default settings.
func zoneSeller(tz string) storage.Seller {
	return storage.Seller{ID: 1, Active: true, Timezone: tz, Settings: storage.DefaultSettings()}
}

func TestDigestDueLocalHours(t *testing.T) {
	for _, zone := range []struct {
		tz  string
		loc *time.Location
	}{{"Asia/Jakarta", wibLoc}, {"Asia/Makassar", witaLoc}, {"Asia/Jayapura", witLoc}, {"", wibLoc}} {
		for _, tc := range []struct {
			hh, mm int
			ok     bool
		}{
			{0, 0, false}, {6, 59, false}, {7, 0, false}, {8, 59, false}, {9, 0, true}, {9, 1, true},
			{15, 0, true}, {20, 59, true}, {21, 0, false}, {22, 0, false}, {23, 59, false},
		} {
			now := time.Date(2026, 3, 10, tc.hh, tc.mm, 0, 0, zone.loc)
			s := zoneSeller(zone.tz)
			day, ok := reminders.DigestDue(s, reminders.Location(s, wibLoc), now)
			if ok != tc.ok {
				t.Errorf("%q at %02d:%02d local: due = %v, want %v", zone.tz, tc.hh, tc.mm, ok, tc.ok)
			}
			if ok && day != "2026-03-10" {
				t.Errorf("%q at %02d:%02d local: day %s", zone.tz, tc.hh, tc.mm, day)
			}
		}
	}
}

// TestDigestDueSameInstantThreeZones: one UTC instant is before the digest
// hour in one zone, digest time in another, quiet hours in a third.
func TestDigestDueSameInstantThreeZones(t *testing.T) {
	for _, tc := range []struct {
		utc            string
		wib, wita, wit bool
	}{
		{"2026-03-10 00:00", false, false, true},  // 07:00 WIB, 08:00 WITA, 09:00 WIT
		{"2026-03-09 23:59", false, false, false}, // 08:59 WIT on the 10th
		{"2026-03-10 01:00", false, true, true},   // 08:00, 09:00, 10:00
		{"2026-03-10 02:00", true, true, true},    // 09:00, 10:00, 11:00
		{"2026-03-10 11:59", true, true, true},    // 18:59, 19:59, 20:59
		{"2026-03-10 12:00", true, true, false},   // 19:00, 20:00, 21:00 WIT quiet
		{"2026-03-10 13:00", true, false, false},  // 20:00, 21:00, 22:00
		{"2026-03-10 14:00", false, false, false}, // 21:00, 22:00, 23:00
	} {
		now, err := time.ParseInLocation("2006-01-02 15:04", tc.utc, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for _, z := range []struct {
			tz   string
			want bool
		}{{"Asia/Jakarta", tc.wib}, {"Asia/Makassar", tc.wita}, {"Asia/Jayapura", tc.wit}} {
			s := zoneSeller(z.tz)
			day, ok := reminders.DigestDue(s, reminders.Location(s, time.UTC), now)
			if ok != z.want {
				t.Errorf("%s UTC in %s: due = %v, want %v", tc.utc, z.tz, ok, z.want)
			}
			if ok && day != "2026-03-10" {
				t.Errorf("%s UTC in %s: day %s, want the local date 2026-03-10", tc.utc, z.tz, day)
			}
		}
	}
}

func TestDigestDueOncePerLocalDay(t *testing.T) {
	s := zoneSeller("Asia/Jayapura")
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, witLoc)
	s.LastDigestDay = "2026-03-10"
	if _, ok := reminders.DigestDue(s, witLoc, now); ok {
		t.Error("due again the same day")
	}
	s.LastDigestDay = "2026-03-09"
	if day, ok := reminders.DigestDue(s, witLoc, now); !ok || day != "2026-03-10" {
		t.Errorf("next day: %s, %v", day, ok)
	}
	// The digest day is the seller's local date, not UTC's: 09:30 WIT on
	// the 10th is 00:30 UTC, and 20:30 WIB is 13:30 UTC of the same date.
	s = zoneSeller("Asia/Jakarta")
	s.LastDigestDay = "2026-03-10"
	if _, ok := reminders.DigestDue(s, wibLoc, time.Date(2026, 3, 10, 13, 30, 0, 0, time.UTC)); ok {
		t.Error("WIB seller due twice on the 10th")
	}
}

func TestDigestDueCustomHour(t *testing.T) {
	s := zoneSeller("Asia/Makassar")
	s.Settings.DigestHour = 7
	at := func(h, m int) time.Time { return time.Date(2026, 3, 10, h, m, 0, 0, witaLoc) }
	if _, ok := reminders.DigestDue(s, witaLoc, at(6, 59)); ok {
		t.Error("due at 06:59 (quiet)")
	}
	if _, ok := reminders.DigestDue(s, witaLoc, at(7, 0)); !ok {
		t.Error("not due at 07:00")
	}
	// A digest hour inside quiet hours never comes.
	s.Settings.DigestHour = 22
	for h := 0; h < 24; h++ {
		if _, ok := reminders.DigestDue(s, witaLoc, at(h, 0)); ok {
			t.Errorf("due at %02d:00 with digest hour 22 and quiet 21-07", h)
		}
	}
}

func TestOrder(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, wibLoc)
	nudge := func(id uint64, purchases int, overdue time.Duration) storage.Nudge {
		return storage.Nudge{Kind: reminders.KindKeepInTouch, DueAt: now.Add(-overdue),
			Contact: storage.Contact{ID: id, Purchases: purchases}}
	}
	nudges := []storage.Nudge{
		nudge(1, 0, day(10)), // prospect, long overdue
		nudge(2, 1, day(1)),  // buyer, a day
		nudge(3, 4, day(5)),  // buyer, five days
		nudge(4, 0, day(10)), // prospect, as overdue as #1
		nudge(5, 0, day(2)),  // prospect
		nudge(6, 2, day(5)),  // buyer, as overdue as #3
		nudge(7, 1, 0),       // buyer, due right now
	}
	reminders.Order(nudges, now)
	var got []uint64
	for _, n := range nudges {
		got = append(got, n.Contact.ID)
	}
	if want := []uint64{3, 6, 2, 7, 1, 4, 5}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestNextSummary(t *testing.T) {
	def := storage.DefaultSettings() // Monday 08:00
	friday := storage.Settings{SummaryWeekday: time.Friday, SummaryHour: 17}
	sunday := storage.Settings{SummaryWeekday: time.Sunday, SummaryHour: 0}
	for _, tc := range []struct {
		name string
		t    time.Time
		loc  *time.Location
		set  storage.Settings
		want time.Time
	}{
		{"Monday before the hour", time.Date(2026, 3, 2, 7, 59, 0, 0, wibLoc), wibLoc, def, time.Date(2026, 3, 2, 8, 0, 0, 0, wibLoc)},
		{"Monday at the hour: strictly after", time.Date(2026, 3, 2, 8, 0, 0, 0, wibLoc), wibLoc, def, time.Date(2026, 3, 9, 8, 0, 0, 0, wibLoc)},
		{"Monday a second after", time.Date(2026, 3, 2, 8, 0, 1, 0, wibLoc), wibLoc, def, time.Date(2026, 3, 9, 8, 0, 0, 0, wibLoc)},
		{"Sunday night", time.Date(2026, 3, 1, 23, 30, 0, 0, wibLoc), wibLoc, def, time.Date(2026, 3, 2, 8, 0, 0, 0, wibLoc)},
		{"Tuesday", time.Date(2026, 3, 3, 12, 0, 0, 0, wibLoc), wibLoc, def, time.Date(2026, 3, 9, 8, 0, 0, 0, wibLoc)},
		{"month end", time.Date(2026, 1, 30, 12, 0, 0, 0, wibLoc), wibLoc, def, time.Date(2026, 2, 2, 8, 0, 0, 0, wibLoc)},
		{"year end", time.Date(2026, 12, 31, 23, 0, 0, 0, witaLoc), witaLoc, def, time.Date(2027, 1, 4, 8, 0, 0, 0, witaLoc)},
		{"year end on the slot day", time.Date(2026, 12, 28, 9, 0, 0, 0, witLoc), witLoc, def, time.Date(2027, 1, 4, 8, 0, 0, 0, witLoc)},
		{"leap day", time.Date(2028, 2, 29, 8, 0, 0, 0, wibLoc), wibLoc, def, time.Date(2028, 3, 6, 8, 0, 0, 0, wibLoc)},
		// 2026-03-01 23:30 UTC is Monday 06:30 WIB, 07:30 WITA, 08:30 WIT.
		{"UTC Sunday is Monday morning in WIB", time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC), wibLoc, def, time.Date(2026, 3, 2, 8, 0, 0, 0, wibLoc)},
		{"same instant in WITA", time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC), witaLoc, def, time.Date(2026, 3, 2, 8, 0, 0, 0, witaLoc)},
		{"same instant in WIT: slot passed", time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC), witLoc, def, time.Date(2026, 3, 9, 8, 0, 0, 0, witLoc)},
		{"custom Friday 17:00", time.Date(2026, 3, 6, 16, 0, 0, 0, witLoc), witLoc, friday, time.Date(2026, 3, 6, 17, 0, 0, 0, witLoc)},
		{"custom Friday 17:00 passed", time.Date(2026, 3, 6, 17, 30, 0, 0, witLoc), witLoc, friday, time.Date(2026, 3, 13, 17, 0, 0, 0, witLoc)},
		{"Sunday midnight over a month end", time.Date(2026, 3, 29, 0, 0, 0, 0, wibLoc), wibLoc, sunday, time.Date(2026, 4, 5, 0, 0, 0, 0, wibLoc)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reminders.NextSummary(tc.t, tc.loc, tc.set)
			if !got.Equal(tc.want) {
				t.Errorf("NextSummary(%s) = %s, want %s", tc.t, got.In(tc.loc), tc.want)
			}
			if got.In(tc.loc).Weekday() != tc.set.SummaryWeekday {
				t.Errorf("slot on %s", got.In(tc.loc).Weekday())
			}
		})
	}
}

// TestLastWeekIsMondayToSunday: the week a Monday summary reports is the
// seven local days before the slot's day.
func TestLastWeekIsMondayToSunday(t *testing.T) {
	for _, loc := range []*time.Location{wibLoc, witaLoc, witLoc} {
		slot := time.Date(2026, 3, 2, 8, 0, 0, 0, loc)
		from, to := storage.LastWeek(slot, loc)
		if want := time.Date(2026, 2, 23, 0, 0, 0, 0, loc); !from.Equal(want) || from.Weekday() != time.Monday {
			t.Errorf("%s: from = %s, want %s", loc, from, want)
		}
		if want := time.Date(2026, 3, 2, 0, 0, 0, 0, loc); !to.Equal(want) {
			t.Errorf("%s: to = %s, want %s", loc, to, want)
		}
	}
}
