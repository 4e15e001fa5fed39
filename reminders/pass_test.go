package reminders_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/reminders"
	"github.com/salesbot/salesbot/storage"
)

// recorder is a Renderer that remembers what it was asked to render and
// renders it as one line a test can read: "digest 2026-03-10 #3 #1 +2",
// "reminder <text> #7", "summary 2026-03-02..2026-03-09 sales=2 prev=0".
type recorder struct {
	mu        sync.Mutex
	digests   []digestCall
	reminders []storage.Reminder
	summaries []summaryCall
}

type digestCall struct {
	seller storage.Seller
	nudges []storage.Nudge
	more   int
	now    time.Time
}

type summaryCall struct {
	seller     storage.Seller
	week, prev storage.Figures
}

func (r *recorder) Digest(s storage.Seller, nudges []storage.Nudge, more int, now time.Time) storage.OutMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.digests = append(r.digests, digestCall{s, append([]storage.Nudge(nil), nudges...), more, now})
	text := "digest " + digestLine(nudges, more)
	return storage.OutMessage{Text: text, Buttons: [][]storage.Button{{{Text: "ok", Data: "n:1:d"}}}}
}

func digestLine(nudges []storage.Nudge, more int) string {
	var b strings.Builder
	for i, n := range nudges {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "#%d", n.Contact.ID)
	}
	if more > 0 {
		fmt.Fprintf(&b, " +%d", more)
	}
	return b.String()
}

func (r *recorder) Reminder(s storage.Seller, rem storage.Reminder, c *storage.Contact) storage.OutMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reminders = append(r.reminders, rem)
	text := "reminder " + rem.Text
	if c != nil {
		text += fmt.Sprintf(" #%d", c.ID)
	}
	return storage.OutMessage{Text: text}
}

func (r *recorder) Summary(s storage.Seller, week, prev storage.Figures, final bool) storage.OutMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.summaries = append(r.summaries, summaryCall{s, week, prev})
	loc := week.From.Location()
	return storage.OutMessage{Text: fmt.Sprintf("summary %s..%s sales=%d revenue=%d prev=%d",
		week.From.In(loc).Format(time.DateOnly), week.To.In(loc).Format(time.DateOnly), week.Sales, week.Revenue, prev.Revenue)}
}

// rig is a real store in a temporary directory with a scheduler whose
// default timezone is WIB.
type rig struct {
	t      *testing.T
	path   string
	db     *storage.DB
	sched  *reminders.Scheduler
	render *recorder
	update int64
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "salesbot.db"), render: &recorder{}}
	r.open()
	t.Cleanup(func() { _ = r.db.Close() })
	return r
}

func (r *rig) open() {
	r.t.Helper()
	db, err := storage.Open(r.path, storage.Options{})
	if err != nil {
		r.t.Fatal(err)
	}
	sched, err := reminders.New(context.Background(), db, r.render, wibLoc, zerolog.Nop())
	if err != nil {
		r.t.Fatal(err)
	}
	r.db, r.sched = db, sched
}

// restart closes the store and opens it again with a new scheduler, as
// after a crash or a deploy.
func (r *rig) restart() {
	r.t.Helper()
	if err := r.db.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.open()
}

// apply runs fn as the seller's Telegram update dated at.
func (r *rig) apply(seller int64, at time.Time, fn func(tx *storage.Tx) error) {
	r.t.Helper()
	r.update++
	err := r.db.Apply(context.Background(), storage.Update{ID: r.update, SellerID: seller, ChatID: seller * 10, Name: "Seller", At: at}, fn)
	if err != nil {
		r.t.Fatal(err)
	}
}

// seller makes a seller who joined at joined, in the named timezone ("" for
// the default).
func (r *rig) seller(id int64, tz string, joined time.Time) {
	r.t.Helper()
	r.apply(id, joined, func(tx *storage.Tx) error {
		s := tx.Seller()
		s.Timezone = tz
		return tx.SaveSeller(s)
	})
}

// prospect adds a prospect at the given time and returns its short number.
func (r *rig) prospect(seller int64, name string, at time.Time) uint64 {
	r.t.Helper()
	var id uint64
	r.apply(seller, at, func(tx *storage.Tx) error {
		c, err := tx.AddContact(storage.Contact{Name: name})
		id = c.ID
		return err
	})
	return id
}

// sale records a sale of amount to the contact at the given time.
func (r *rig) sale(seller int64, contact uint64, amount int64, at time.Time) {
	r.t.Helper()
	r.apply(seller, at, func(tx *storage.Tx) error {
		_, _, err := tx.RecordSale(contact, amount, "kerudung")
		return err
	})
}

func (r *rig) contacted(seller int64, contact uint64, at time.Time) {
	r.t.Helper()
	r.apply(seller, at, func(tx *storage.Tx) error {
		_, _, err := tx.LogContacted(contact, "")
		return err
	})
}

func (r *rig) pass(now time.Time) reminders.Report {
	r.t.Helper()
	rep, err := r.sched.Pass(context.Background(), now, false)
	if err != nil {
		r.t.Fatalf("pass at %s: %v", now, err)
	}
	return rep
}

// outbox returns the texts queued for the seller's chat, oldest first.
func (r *rig) outbox(seller int64) []string {
	r.t.Helper()
	msgs, err := r.db.Outbox(0)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		if m.SellerID == seller {
			if m.ChatID != seller*10 {
				r.t.Errorf("message %q to chat %d, want the seller's chat %d", m.Text, m.ChatID, seller*10)
			}
			out = append(out, m.Text)
		}
	}
	return out
}

// kind keeps the texts that start with prefix ("digest", "reminder", "summary").
func kind(texts []string, prefix string) []string {
	var out []string
	for _, s := range texts {
		if strings.HasPrefix(s, prefix+" ") {
			out = append(out, s)
		}
	}
	return out
}

func (r *rig) wantOutbox(seller int64, prefix string, want ...string) {
	r.t.Helper()
	got := kind(r.outbox(seller), prefix)
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		r.t.Errorf("seller %d %s messages:\n got %q\nwant %q", seller, prefix, got, want)
	}
}

func at(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// The test calendar: 2026-03-02 and 2026-03-09 are Mondays.

func TestDigestAtDigestHourNotBefore(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	joko := r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00")) // due 03-08 10:00
	r.pass(at(wibLoc, "2026-03-10 08:59"))
	r.wantOutbox(1, "digest")
	if len(r.render.digests) != 0 {
		t.Fatalf("rendered %d digests before 09:00", len(r.render.digests))
	}
	rep := r.pass(at(wibLoc, "2026-03-10 09:00"))
	r.wantOutbox(1, "digest", fmt.Sprintf("digest #%d", joko))
	if rep.Digests != 1 || rep.Nudges != 1 {
		t.Errorf("report = %+v, want 1 digest with 1 nudge", rep)
	}
	d := r.render.digests[0]
	if len(d.nudges) != 1 || d.nudges[0].Kind != reminders.KindProspect || d.nudges[0].Contact.Name != "Pak Joko" ||
		!d.nudges[0].DueAt.Equal(at(wibLoc, "2026-03-08 10:00")) || d.more != 0 || d.seller.ID != 1 {
		t.Errorf("digest rendered with %+v", d)
	}
}

// TestDigestQuietHoursEachZone: the digest waits for 09:00 local and never
// goes out in quiet hours, whatever the seller's zone.
func TestDigestQuietHoursEachZone(t *testing.T) {
	for _, z := range []struct {
		tz  string
		loc *time.Location
	}{{"Asia/Jakarta", wibLoc}, {"Asia/Makassar", witaLoc}, {"Asia/Jayapura", witLoc}} {
		t.Run(z.tz, func(t *testing.T) {
			r := newRig(t)
			r.seller(1, z.tz, at(z.loc, "2026-03-02 10:00"))
			r.prospect(1, "Pak Joko", at(z.loc, "2026-03-05 10:00")) // due 03-08 10:00 local
			for _, quiet := range []string{"2026-03-08 21:00", "2026-03-08 22:00", "2026-03-09 03:00", "2026-03-09 06:59", "2026-03-09 07:00", "2026-03-09 08:59"} {
				if rep := r.pass(at(z.loc, quiet)); rep.Digests != 0 {
					t.Fatalf("digest sent at %s local", quiet)
				}
			}
			r.wantOutbox(1, "digest")
			r.pass(at(z.loc, "2026-03-09 09:00"))
			r.wantOutbox(1, "digest", "digest #1")
			// The same day's evening and night: nothing more.
			for _, later := range []string{"2026-03-09 20:59", "2026-03-09 21:00", "2026-03-09 23:59", "2026-03-10 06:00"} {
				r.pass(at(z.loc, later))
			}
			r.wantOutbox(1, "digest", "digest #1")
		})
	}
}

// TestDigestSameInstantThreeZones: one pass at 01:00 UTC is 08:00 WIB, 09:00
// WITA and 10:00 WIT; at 12:30 UTC it is 19:30 WIB, 20:30 WITA and 21:30 WIT.
func TestDigestSameInstantThreeZones(t *testing.T) {
	r := newRig(t)
	zones := []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
	for i, tz := range zones {
		id := int64(i + 1)
		r.seller(id, tz, at(time.UTC, "2026-03-02 03:00"))
		r.prospect(id, "Pak Joko", at(time.UTC, "2026-03-05 03:00"))
	}
	got := func() []int {
		var n []int
		for i := range zones {
			n = append(n, len(kind(r.outbox(int64(i+1)), "digest")))
		}
		return n
	}
	for _, step := range []struct {
		utc  string
		want string
	}{
		{"2026-03-09 23:59", "[0 0 0]"}, // 06:59, 07:59, 08:59
		{"2026-03-10 00:00", "[0 0 1]"}, // 07:00, 08:00, 09:00 WIT
		{"2026-03-10 01:00", "[0 1 1]"}, // 08:00, 09:00 WITA
		{"2026-03-10 02:00", "[1 1 1]"}, // 09:00 WIB
		{"2026-03-11 12:30", "[2 2 1]"}, // 21:30 WIT is quiet
		{"2026-03-11 14:00", "[2 2 1]"}, // everyone quiet
		{"2026-03-12 00:00", "[2 2 2]"}, // 09:00 WIT the next day
	} {
		r.pass(at(time.UTC, step.utc))
		if g := fmt.Sprint(got()); g != step.want {
			t.Errorf("after the pass at %s UTC: digests per seller (WIB WITA WIT) = %s, want %s", step.utc, g, step.want)
		}
	}
}

func TestOneDigestPerDayAndAgainNextDay(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	r.prospect(1, "Bu Ani", at(wibLoc, "2026-03-06 10:00"))
	// Every ten minutes through the day, as cron would (more coarsely).
	digests := 0
	for now := at(wibLoc, "2026-03-10 00:00"); now.Before(at(wibLoc, "2026-03-11 00:00")); now = now.Add(10 * time.Minute) {
		digests += r.pass(now).Digests
	}
	if digests != 1 {
		t.Errorf("%d digests in one day, want 1", digests)
	}
	r.wantOutbox(1, "digest", "digest #1 #2")
	// The seller did nothing: the same contacts the next day.
	r.pass(at(wibLoc, "2026-03-11 09:00"))
	r.pass(at(wibLoc, "2026-03-11 09:01"))
	r.wantOutbox(1, "digest", "digest #1 #2", "digest #1 #2")
}

func TestContactedLeavesTheNextDigest(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	joko := r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	ani := r.prospect(1, "Bu Ani", at(wibLoc, "2026-03-06 10:00"))
	r.pass(at(wibLoc, "2026-03-10 09:00"))
	r.contacted(1, joko, at(wibLoc, "2026-03-10 09:30"))
	r.pass(at(wibLoc, "2026-03-11 09:00"))
	r.wantOutbox(1, "digest", fmt.Sprintf("digest #%d #%d", joko, ani), fmt.Sprintf("digest #%d", ani))
	// Ani bought: she leaves the digest too, and with nothing due no
	// digest is sent.
	r.sale(1, ani, 150000, at(wibLoc, "2026-03-11 12:00"))
	if rep := r.pass(at(wibLoc, "2026-03-12 09:00")); rep.Digests != 0 {
		t.Errorf("report %+v, want no digest", rep)
	}
	r.wantOutbox(1, "digest", fmt.Sprintf("digest #%d #%d", joko, ani), fmt.Sprintf("digest #%d", ani))
	// Joko's clock restarted on the 10th: due again on the 13th at 09:30.
	r.pass(at(wibLoc, "2026-03-13 09:29"))
	r.pass(at(wibLoc, "2026-03-13 09:30"))
	r.wantOutbox(1, "digest", fmt.Sprintf("digest #%d #%d", joko, ani), fmt.Sprintf("digest #%d", ani), fmt.Sprintf("digest #%d", joko))
}

func TestSnoozedContactWaits(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	joko := r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	r.apply(1, at(wibLoc, "2026-03-09 20:00"), func(tx *storage.Tx) error {
		_, err := tx.Snooze(joko, at(wibLoc, "2026-03-12 21:30"))
		return err
	})
	// Snoozed until 21:30 on the 12th, which is in quiet hours: the digest
	// waits for 09:00 on the 13th.
	for _, d := range []string{"2026-03-10 09:00", "2026-03-11 09:00", "2026-03-12 09:00", "2026-03-12 21:30", "2026-03-13 08:59"} {
		r.pass(at(wibLoc, d))
	}
	r.wantOutbox(1, "digest")
	r.pass(at(wibLoc, "2026-03-13 09:00"))
	r.wantOutbox(1, "digest", "digest #1")
}

// TestCatchUpAfterDowntime: the bot was down from yesterday's digest until
// 15:00 today: the first pass sends today's digest, once.
func TestCatchUpAfterDowntime(t *testing.T) {
	r := newRig(t)
	r.seller(1, "Asia/Makassar", at(witaLoc, "2026-03-02 10:00"))
	r.prospect(1, "Pak Joko", at(witaLoc, "2026-03-05 10:00"))
	r.pass(at(witaLoc, "2026-03-09 09:00"))
	r.restart()
	if rep := r.pass(at(witaLoc, "2026-03-10 15:00")); rep.Digests != 1 {
		t.Errorf("catch-up pass: %+v, want one digest", rep)
	}
	r.pass(at(witaLoc, "2026-03-10 15:01"))
	r.pass(at(witaLoc, "2026-03-10 20:00"))
	r.wantOutbox(1, "digest", "digest #1", "digest #1")
	if d := r.render.digests[1]; !d.now.Equal(at(witaLoc, "2026-03-10 15:00")) {
		t.Errorf("catch-up digest rendered at %s", d.now)
	}
	// Down over several days, back at 22:00: nothing until tomorrow 09:00,
	// then a single digest (no backlog of missed days).
	r.pass(at(witaLoc, "2026-03-14 22:00"))
	r.pass(at(witaLoc, "2026-03-15 08:59"))
	r.wantOutbox(1, "digest", "digest #1", "digest #1")
	r.pass(at(witaLoc, "2026-03-15 09:00"))
	r.wantOutbox(1, "digest", "digest #1", "digest #1", "digest #1")
}

func TestOwnRemindersAtTheirMinuteOnce(t *testing.T) {
	r := newRig(t)
	r.seller(1, "Asia/Jayapura", at(witLoc, "2026-03-02 10:00"))
	sari := r.prospect(1, "Bu Sari", at(witLoc, "2026-03-09 10:00"))
	r.apply(1, at(witLoc, "2026-03-09 10:05"), func(tx *storage.Tx) error {
		// Late at night: own reminders ignore quiet hours.
		if _, err := tx.AddReminder(storage.Reminder{At: at(witLoc, "2026-03-09 22:15"), Text: "kirim katalog", ContactID: sari}); err != nil {
			return err
		}
		_, err := tx.AddReminder(storage.Reminder{At: at(witLoc, "2026-03-10 03:00"), Text: "cek stok"})
		return err
	})
	r.pass(at(witLoc, "2026-03-09 22:14"))
	r.wantOutbox(1, "reminder")
	rep := r.pass(at(witLoc, "2026-03-09 22:15"))
	r.wantOutbox(1, "reminder", fmt.Sprintf("reminder kirim katalog #%d", sari))
	if rep.Reminders != 1 {
		t.Errorf("report %+v, want 1 reminder", rep)
	}
	r.pass(at(witLoc, "2026-03-09 22:16"))
	r.restart()
	r.pass(at(witLoc, "2026-03-09 22:16"))
	r.wantOutbox(1, "reminder", fmt.Sprintf("reminder kirim katalog #%d", sari))
	// Down at 03:00: the next pass (07:40) catches up, once.
	r.pass(at(witLoc, "2026-03-10 07:40"))
	r.pass(at(witLoc, "2026-03-10 07:41"))
	r.wantOutbox(1, "reminder", fmt.Sprintf("reminder kirim katalog #%d", sari), "reminder cek stok")
	r.apply(1, at(witLoc, "2026-03-10 08:00"), func(tx *storage.Tx) error {
		left, err := tx.Reminders()
		if err == nil && len(left) != 0 {
			t.Errorf("reminders left after sending: %+v", left)
		}
		return err
	})
}

// sales records, for seller 1, sales in the week of 2026-03-02 and the next.
func (r *rig) sales(loc *time.Location) {
	sari := r.prospect(1, "Bu Sari", at(loc, "2026-03-02 10:00"))
	r.sale(1, sari, 100000, at(loc, "2026-03-04 10:00"))
	r.sale(1, sari, 50000, at(loc, "2026-03-08 23:30")) // Sunday night: still that week
	r.sale(1, sari, 70000, at(loc, "2026-03-09 07:00")) // Monday before the summary: next week
}

func TestWeeklySummaryMondayMorningOnce(t *testing.T) {
	for _, z := range []struct {
		tz  string
		loc *time.Location
	}{{"", wibLoc}, {"Asia/Jayapura", witLoc}} {
		t.Run(z.loc.String(), func(t *testing.T) {
			r := newRig(t)
			r.seller(1, z.tz, at(z.loc, "2026-03-02 10:00"))
			r.sales(z.loc)
			r.pass(at(z.loc, "2026-03-09 07:59"))
			r.wantOutbox(1, "summary")
			rep := r.pass(at(z.loc, "2026-03-09 08:00"))
			r.wantOutbox(1, "summary", "summary 2026-03-02..2026-03-09 sales=2 revenue=150000 prev=0")
			if rep.Summaries != 1 {
				t.Errorf("report %+v, want one summary", rep)
			}
			w := r.render.summaries[0].week
			if !w.From.Equal(at(z.loc, "2026-03-02 00:00")) || !w.To.Equal(at(z.loc, "2026-03-09 00:00")) {
				t.Errorf("week %s..%s", w.From, w.To)
			}
			r.pass(at(z.loc, "2026-03-09 08:01"))
			r.restart()
			r.pass(at(z.loc, "2026-03-09 12:00"))
			r.pass(at(z.loc, "2026-03-15 23:59"))
			r.wantOutbox(1, "summary", "summary 2026-03-02..2026-03-09 sales=2 revenue=150000 prev=0")
			r.pass(at(z.loc, "2026-03-16 08:00"))
			r.wantOutbox(1, "summary", "summary 2026-03-02..2026-03-09 sales=2 revenue=150000 prev=0",
				"summary 2026-03-09..2026-03-16 sales=1 revenue=70000 prev=150000")
		})
	}
}

// TestSummaryAfterLongDowntime: three Mondays missed, only the latest week
// is summarised, once.
func TestSummaryAfterLongDowntime(t *testing.T) {
	r := newRig(t)
	r.seller(1, "Asia/Makassar", at(witaLoc, "2026-03-02 10:00"))
	r.sales(witaLoc)
	r.pass(at(witaLoc, "2026-03-09 08:00"))
	sari := uint64(1)
	r.sale(1, sari, 30000, at(witaLoc, "2026-03-25 10:00")) // week of 03-23
	r.sale(1, sari, 20000, at(witaLoc, "2026-03-29 10:00"))
	r.sale(1, sari, 90000, at(witaLoc, "2026-03-30 09:00")) // after the slot of 03-30
	// Down from 03-09 until Tuesday 03-31: slots of 03-16, 03-23 and 03-30 missed.
	r.restart()
	rep := r.pass(at(witaLoc, "2026-03-31 10:00"))
	if rep.Summaries != 1 {
		t.Errorf("report %+v, want one summary", rep)
	}
	r.pass(at(witaLoc, "2026-03-31 10:01"))
	r.wantOutbox(1, "summary", "summary 2026-03-02..2026-03-09 sales=2 revenue=150000 prev=0",
		"summary 2026-03-23..2026-03-30 sales=2 revenue=50000 prev=0")
	r.pass(at(witaLoc, "2026-04-06 08:00"))
	r.wantOutbox(1, "summary", "summary 2026-03-02..2026-03-09 sales=2 revenue=150000 prev=0",
		"summary 2026-03-23..2026-03-30 sales=2 revenue=50000 prev=0",
		"summary 2026-03-30..2026-04-06 sales=1 revenue=90000 prev=50000")
}

// TestRestartRepeatsNothing closes and reopens the store between passes on
// a day when a digest, a reminder and a summary are all due.
func TestRestartRepeatsNothing(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	r.apply(1, at(wibLoc, "2026-03-05 10:00"), func(tx *storage.Tx) error {
		_, err := tx.AddReminder(storage.Reminder{At: at(wibLoc, "2026-03-09 09:00"), Text: "kirim katalog"})
		return err
	})
	first := r.pass(at(wibLoc, "2026-03-09 09:00"))
	if first.Digests != 1 || first.Reminders != 1 || first.Summaries != 1 {
		t.Fatalf("first pass: %+v", first)
	}
	want := r.outbox(1)
	if len(want) != 3 {
		t.Fatalf("outbox %q, want 3 messages", want)
	}
	for _, now := range []string{"2026-03-09 09:00", "2026-03-09 09:01", "2026-03-09 18:00"} {
		r.restart()
		rep := r.pass(at(wibLoc, now))
		if rep.Digests+rep.Reminders+rep.Summaries != 0 {
			t.Errorf("pass at %s after a restart: %+v", now, rep)
		}
	}
	if got := r.outbox(1); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outbox after restarts %q, want %q", got, want)
	}
}

// TestDryRunChangesNothing: a dry pass returns the messages and leaves the
// store as it was, so the real pass after it still sends them.
func TestDryRunChangesNothing(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	r.sales(wibLoc)
	r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	r.apply(1, at(wibLoc, "2026-03-05 10:00"), func(tx *storage.Tx) error {
		_, err := tx.AddReminder(storage.Reminder{At: at(wibLoc, "2026-03-09 09:00"), Text: "kirim katalog"})
		return err
	})
	now := at(wibLoc, "2026-03-09 09:00")
	for i := 0; i < 2; i++ {
		dry, err := r.sched.Pass(context.Background(), now, true)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, m := range dry.Messages {
			texts = append(texts, m.Text)
			if m.SellerID != 1 || m.ChatID != 10 {
				t.Errorf("dry run message %q to seller %d chat %d, want seller 1 chat 10", m.Text, m.SellerID, m.ChatID)
			}
		}
		if len(texts) != 3 || len(kind(texts, "digest")) != 1 || len(kind(texts, "reminder")) != 1 || len(kind(texts, "summary")) != 1 {
			t.Errorf("dry run %d: messages %q, want a digest, a reminder and a summary", i, texts)
		}
		if dry.Digests != 1 || dry.Reminders != 1 || dry.Summaries != 1 {
			t.Errorf("dry run %d: report %+v", i, dry)
		}
		if n, _ := r.db.OutboxLen(); n != 0 {
			t.Fatalf("dry run queued %d messages", n)
		}
	}
	rep := r.pass(now)
	if rep.Digests != 1 || rep.Reminders != 1 || rep.Summaries != 1 || len(rep.Messages) != 0 {
		t.Errorf("real pass after dry runs: %+v", rep)
	}
	if n := len(r.outbox(1)); n != 3 {
		t.Errorf("real pass queued %d messages, want 3", n)
	}
	dry, err := r.sched.Pass(context.Background(), now.Add(time.Minute), true)
	if err != nil || len(dry.Messages) != 0 {
		t.Errorf("dry run after the real pass: %+v, %v", dry, err)
	}
}

// TestBlockedSellerGetsNothing: a seller who blocked the bot gets no digest,
// no own reminder and no summary; writing again brings the digest back.
func TestBlockedSellerGetsNothing(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	r.seller(2, "", at(wibLoc, "2026-03-02 10:00"))
	for _, s := range []int64{1, 2} {
		r.prospect(s, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
		r.apply(s, at(wibLoc, "2026-03-05 10:00"), func(tx *storage.Tx) error {
			_, err := tx.AddReminder(storage.Reminder{At: at(wibLoc, "2026-03-09 09:00"), Text: "kirim katalog"})
			return err
		})
	}
	if err := r.db.SetActive(context.Background(), 1, false); err != nil {
		t.Fatal(err)
	}
	rep := r.pass(at(wibLoc, "2026-03-09 09:00"))
	if got := r.outbox(1); len(got) != 0 {
		t.Errorf("blocked seller got %q", got)
	}
	if got := r.outbox(2); len(got) != 3 {
		t.Errorf("active seller got %q, want a digest, a reminder and a summary", got)
	}
	if rep.Digests != 1 || rep.Reminders != 1 || rep.Summaries != 1 {
		t.Errorf("report %+v counts the blocked seller", rep)
	}
	r.pass(at(wibLoc, "2026-03-10 09:00"))
	if got := r.outbox(1); len(got) != 0 {
		t.Errorf("blocked seller got %q the next day", got)
	}
	// Back: a message to the bot makes the seller active again.
	r.apply(1, at(wibLoc, "2026-03-10 12:00"), func(tx *storage.Tx) error { return nil })
	r.pass(at(wibLoc, "2026-03-11 09:00"))
	r.wantOutbox(1, "digest", "digest #1")
	r.wantOutbox(1, "reminder") // its minute passed while blocked
}

// TestDigestCapped: at most DigestLines lines, the most overdue first, the
// count of the rest; what the seller handles leaves room for the rest.
func TestDigestCapped(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	total := reminders.DigestLines + 5
	var ids []uint64
	for i := 0; i < total; i++ {
		// Older first: #1 is the most overdue.
		ids = append(ids, r.prospect(1, fmt.Sprintf("Prospek %02d", i), at(wibLoc, "2026-03-02 12:00").Add(time.Duration(i)*time.Hour)))
	}
	r.pass(at(wibLoc, "2026-03-10 09:00"))
	d := r.render.digests[0]
	if len(d.nudges) != reminders.DigestLines || d.more != 5 {
		t.Fatalf("digest of %d lines and %d more, want %d and 5", len(d.nudges), d.more, reminders.DigestLines)
	}
	for i, n := range d.nudges {
		if n.Contact.ID != ids[i] {
			t.Errorf("line %d is #%d, want #%d (most overdue first)", i+1, n.Contact.ID, ids[i])
		}
	}
	for _, id := range ids[:reminders.DigestLines] {
		r.contacted(1, id, at(wibLoc, "2026-03-10 10:00"))
	}
	r.pass(at(wibLoc, "2026-03-11 09:00"))
	d = r.render.digests[1]
	if len(d.nudges) != 5 || d.more != 0 || d.nudges[0].Contact.ID != ids[reminders.DigestLines] {
		t.Errorf("next day: %s, want the remaining five", digestLine(d.nudges, d.more))
	}
}

// TestDigestBuyersFirst: buyers before prospects, then by how overdue, and
// every rule's reason reaches the renderer.
func TestDigestBuyersFirst(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-01-05 10:00"))
	old := r.prospect(1, "Prospek Lama", at(wibLoc, "2026-02-01 10:00")) // very overdue prospect
	first := r.prospect(1, "Pelanggan Pertama", at(wibLoc, "2026-01-05 10:00"))
	r.sale(1, first, 100000, at(wibLoc, "2026-01-06 10:00")) // first customer: monthly
	konsumen := r.prospect(1, "Bu Konsumen", at(wibLoc, "2026-03-01 10:00"))
	r.sale(1, konsumen, 100000, at(wibLoc, "2026-03-02 10:00")) // satisfaction on 03-09
	fresh := r.prospect(1, "Prospek Baru", at(wibLoc, "2026-03-06 10:00"))
	r.pass(at(wibLoc, "2026-03-10 09:00"))
	d := r.render.digests[0]
	var got []string
	for _, n := range d.nudges {
		got = append(got, fmt.Sprintf("#%d:%s", n.Contact.ID, n.Kind))
	}
	want := []string{
		fmt.Sprintf("#%d:%s", first, reminders.KindFirstCustomer), // due 02-05
		fmt.Sprintf("#%d:%s", konsumen, reminders.KindSatisfaction),
		fmt.Sprintf("#%d:%s", old, reminders.KindProspect),
		fmt.Sprintf("#%d:%s", fresh, reminders.KindProspect),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("digest %v, want %v", got, want)
	}
}

// TestManySellersOnePass: sellers are handled concurrently; each gets
// exactly its own digest.
func TestManySellersOnePass(t *testing.T) {
	r := newRig(t)
	const sellers = 40
	for s := int64(1); s <= sellers; s++ {
		r.seller(s, "", at(wibLoc, "2026-03-02 10:00"))
		for i := int64(0); i < s%4+1; i++ {
			r.prospect(s, fmt.Sprintf("Kontak %d", i), at(wibLoc, "2026-03-05 10:00"))
		}
	}
	now := at(wibLoc, "2026-03-10 09:00")
	var wg sync.WaitGroup
	reps := make([]reminders.Report, 3)
	errs := make([]error, 3)
	for i := range reps {
		wg.Add(1)
		go func() { // concurrent passes (a tick while cron runs) must not double anything
			defer wg.Done()
			reps[i], errs[i] = r.sched.Pass(context.Background(), now, false)
		}()
	}
	wg.Wait()
	digests := 0
	for i := range reps {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		digests += reps[i].Digests
	}
	if digests != sellers {
		t.Errorf("%d digests reported, want %d", digests, sellers)
	}
	for s := int64(1); s <= sellers; s++ {
		got := kind(r.outbox(s), "digest")
		if len(got) != 1 || strings.Count(got[0], "#") != int(s%4+1) {
			t.Errorf("seller %d: %q", s, got)
		}
	}
}

// panicky renders like recorder but panics on one seller's digest.
type panicky struct {
	*recorder
	mu     sync.Mutex
	seller int64 // 0: no panic
}

func (p *panicky) Digest(s storage.Seller, nudges []storage.Nudge, more int, now time.Time) storage.OutMessage {
	p.mu.Lock()
	bad := p.seller == s.ID
	p.mu.Unlock()
	if bad {
		panic("renderer bug")
	}
	return p.recorder.Digest(s, nudges, more, now)
}

// TestRendererPanicHurtsOneSeller: a renderer that panics for one seller
// fails that seller's digest only; the others are sent and counted once,
// and the failed one goes out at the next pass.
func TestRendererPanicHurtsOneSeller(t *testing.T) {
	r := newRig(t)
	for s := int64(1); s <= 3; s++ {
		r.seller(s, "", at(wibLoc, "2026-03-02 10:00"))
		r.prospect(s, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	}
	bad := &panicky{recorder: r.render, seller: 2}
	sched, err := reminders.New(context.Background(), r.db, bad, wibLoc, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sched.Pass(context.Background(), at(wibLoc, "2026-03-10 09:00"), false)
	if err == nil || !strings.Contains(err.Error(), "seller 2") {
		t.Errorf("pass error = %v, want seller 2's panic", err)
	}
	if rep.Digests != 2 {
		t.Errorf("report %+v, want 2 digests", rep)
	}
	for s, n := range map[int64]int{1: 1, 2: 0, 3: 1} {
		if got := kind(r.outbox(s), "digest"); len(got) != n {
			t.Errorf("seller %d: %q", s, got)
		}
	}
	bad.mu.Lock()
	bad.seller = 0
	bad.mu.Unlock()
	rep, err = sched.Pass(context.Background(), at(wibLoc, "2026-03-10 09:01"), false)
	if err != nil || rep.Digests != 1 {
		t.Errorf("next pass: %+v, %v; want seller 2's digest", rep, err)
	}
	for s := int64(1); s <= 3; s++ {
		if got := kind(r.outbox(s), "digest"); len(got) != 1 {
			t.Errorf("seller %d: %q", s, got)
		}
	}
}

// TestPassDatedInThePast: a pass dated before the last digest (a clock set
// back, `salesbot tick --at` yesterday) does not send that day's digest
// again.
func TestPassDatedInThePast(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	r.pass(at(wibLoc, "2026-03-10 09:00"))
	r.pass(at(wibLoc, "2026-03-09 10:00"))
	r.pass(at(wibLoc, "2026-03-10 10:00"))
	r.wantOutbox(1, "digest", "digest #1")
}

// TestSummaryKeepsLocalHourAcrossDST: in a zone with summer time, the slot
// after downtime is 08:00 local of the latest Monday, not 08:00 of the old
// offset (which would send the week before last at 08:30 and the right one
// at 09:00).
func TestSummaryKeepsLocalHourAcrossDST(t *testing.T) {
	berlin := mustZone("Europe/Berlin") // CET to CEST on 2026-03-29
	r := newRig(t)
	r.seller(1, "Europe/Berlin", at(berlin, "2026-03-09 10:00"))
	r.pass(at(berlin, "2026-03-16 08:00"))
	r.restart()
	r.pass(at(berlin, "2026-03-30 08:30"))
	r.pass(at(berlin, "2026-03-30 09:30"))
	r.wantOutbox(1, "summary", "summary 2026-03-09..2026-03-16 sales=0 revenue=0 prev=0",
		"summary 2026-03-23..2026-03-30 sales=0 revenue=0 prev=0")
	r.pass(at(berlin, "2026-04-06 07:59"))
	r.pass(at(berlin, "2026-04-06 08:00"))
	r.wantOutbox(1, "summary", "summary 2026-03-09..2026-03-16 sales=0 revenue=0 prev=0",
		"summary 2026-03-23..2026-03-30 sales=0 revenue=0 prev=0",
		"summary 2026-03-30..2026-04-06 sales=0 revenue=0 prev=0")
}

// TestDryRunListsSellersInOrder: the sellers are handled concurrently, but
// a dry run lists its messages by phase, then by seller.
func TestDryRunListsSellersInOrder(t *testing.T) {
	r := newRig(t)
	for s := int64(1); s <= 12; s++ {
		r.seller(s, "", at(wibLoc, "2026-03-02 10:00"))
		r.prospect(s, "Pak Joko", at(wibLoc, "2026-03-05 10:00"))
	}
	dry, err := r.sched.Pass(context.Background(), at(wibLoc, "2026-03-09 09:00"), true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range dry.Messages {
		got = append(got, fmt.Sprintf("%s:%d", strings.Fields(m.Text)[0], m.SellerID))
	}
	var want []string
	for _, k := range []string{"digest", "summary"} {
		for s := 1; s <= 12; s++ {
			want = append(want, fmt.Sprintf("%s:%d", k, s))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("dry run order %v, want %v", got, want)
	}
}

// TestSummaryComparesOverdueWithTheLastSummary: overdue follow-ups cannot be
// recounted for a past week, so the next summary compares with the count
// the last one recorded.
func TestSummaryComparesOverdueWithTheLastSummary(t *testing.T) {
	r := newRig(t)
	r.seller(1, "", at(wibLoc, "2026-03-02 10:00"))
	r.prospect(1, "Pak Joko", at(wibLoc, "2026-03-02 10:00")) // due 03-05
	r.prospect(1, "Bu Ani", at(wibLoc, "2026-03-03 10:00"))   // due 03-06
	r.pass(at(wibLoc, "2026-03-09 08:00"))
	r.pass(at(wibLoc, "2026-03-16 08:00"))
	if len(r.render.summaries) != 2 {
		t.Fatalf("%d summaries, want 2", len(r.render.summaries))
	}
	first, second := r.render.summaries[0], r.render.summaries[1]
	if first.week.Overdue != 2 || first.prev.Overdue != 0 {
		t.Errorf("first summary overdue %d (prev %d), want 2 (0)", first.week.Overdue, first.prev.Overdue)
	}
	if second.prev.Overdue != first.week.Overdue {
		t.Errorf("second summary compares with %d overdue, want the first summary's %d", second.prev.Overdue, first.week.Overdue)
	}
}
