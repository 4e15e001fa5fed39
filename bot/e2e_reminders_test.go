package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/reminders"
)

// scheduler drives the reminders pass directly with a chosen now (never
// cron); what it queues goes out through the running bot's sender.
func (h *harness) scheduler() *reminders.Scheduler {
	h.t.Helper()
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	s, err := reminders.New(context.Background(), h.db, h.srv, jakarta, zerolog.Nop())
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

func (h *harness) pass(s *reminders.Scheduler, now time.Time) reminders.Report {
	h.t.Helper()
	rep, err := s.Pass(context.Background(), now, false)
	if err != nil {
		h.t.Fatal(err)
	}
	return rep
}

// sayAt sends a message dated at (a backlog) and waits for the reply.
func (h *harness) sayAt(u telegramtest.User, text string, at time.Time) telegramtest.Message {
	h.t.Helper()
	before := len(h.fake.Messages(u.ID))
	h.fake.PushTextAt(u, text, at)
	return h.fake.WaitMessages(h.t, u.ID, before+1)[before]
}

func wib(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Jakarta")
	at, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestDigestButtonsActOnTheRightContact(t *testing.T) {
	h := newHarness(t)
	sched := h.scheduler()
	now := time.Now()
	h.sayAt(sari, "/prospek Pak Joko 0812-1111-2222", now.AddDate(0, 0, -5))
	h.sayAt(sari, "/jual Bu Sari 350rb kerudung", now.AddDate(0, 0, -8))
	h.sayAt(budi, "/prospek Orang Budi", now.AddDate(0, 0, -5))

	// 10:00 WIB today, or tomorrow if that is already past the quiet hour.
	loc, _ := time.LoadLocation("Asia/Jakarta")
	local := now.In(loc)
	at := time.Date(local.Year(), local.Month(), local.Day(), 10, 0, 0, 0, loc)
	if at.Before(now) {
		at = at.AddDate(0, 0, 1)
	}
	before := len(h.fake.Messages(sari.ID))
	rep := h.pass(sched, at)
	if rep.Digests != 2 {
		t.Fatalf("digests = %d, want 2 (Sari and Budi)", rep.Digests)
	}
	digest := h.waitText(sari, before, "Perlu ditindaklanjuti")
	wantContains(t, digest, "Perlu ditindaklanjuti (2)", "Bu Sari", "Pak Joko", "Chat WhatsApp")
	if strings.Index(digest.PlainText, "Bu Sari") > strings.Index(digest.PlainText, "Pak Joko") {
		t.Errorf("the buyer must come before the prospect:\n%s", digest.PlainText)
	}
	if !strings.Contains(digest.Text, "https://wa.me/6281211112222?text=") {
		t.Errorf("no WhatsApp link with a greeting: %s", digest.Text)
	}
	// A second pass the same day sends nothing.
	if rep := h.pass(sched, at.Add(time.Hour)); rep.Digests != 0 {
		t.Errorf("second pass sent %d digests", rep.Digests)
	}

	// Budi presses Sari's button: it names contact #2 in Budi's own book,
	// which does not exist; Sari's contact is untouched.
	data := buttonData(t, digest, "2 Sudah")
	id := h.fake.PushCallback(budi, digest.MessageID, data)
	h.fake.WaitFor(t, 10*time.Second, "answered", func(s *telegramtest.Server) bool { _, _, ok := s.CallbackAnswer(id); return ok })
	if text, _, _ := h.fake.CallbackAnswer(id); !strings.Contains(text, "tidak berlaku") {
		t.Errorf("Budi's press answered %q", text)
	}
	if c := h.book(budi.ID); !c[0].LastContactAt.Before(time.Now().Add(-time.Hour)) {
		t.Errorf("Budi's own #1 was changed by Sari's button: %+v", c[0])
	}
	// Sari presses "Sudah dihubungi" for Pak Joko (line 2).
	id = h.press(sari, digest, "2 Sudah")
	if text, _, _ := h.fake.CallbackAnswer(id); !strings.Contains(text, "Pak Joko") {
		t.Errorf("answer = %q", text)
	}
	// Tomorrow only Bu Sari is due again.
	before = len(h.fake.Messages(sari.ID))
	h.pass(sched, at.AddDate(0, 0, 1))
	next := h.waitText(sari, before, "Perlu ditindaklanjuti")
	wantContains(t, next, "Bu Sari")
	wantNot(t, next, "Pak Joko")

	// Snooze Bu Sari: not in the next two digests.
	h.press(sari, next, "Tunda")
	// Only Budi, who acted on nothing, still gets his digest.
	if rep := h.pass(sched, at.AddDate(0, 0, 2)); rep.Digests != 1 || rep.Nudges != 1 {
		t.Errorf("snoozed contact nudged: %+v\n%+v", rep, h.book(sari.ID))
	}
}

func TestLostProspectAsksForTheReason(t *testing.T) {
	h := newHarness(t)
	sched := h.scheduler()
	now := time.Now()
	h.sayAt(sari, "/prospek Pak Joko", now.AddDate(0, 0, -4))
	before := len(h.fake.Messages(sari.ID))
	h.pass(sched, tenWIB(now))
	digest := h.waitText(sari, before, "Perlu ditindaklanjuti")
	before = len(h.fake.Messages(sari.ID))
	h.press(sari, digest, "Tidak jadi")
	ask := h.waitText(sari, before, "alasannya")
	wantContains(t, ask, "Pak Joko")
	wantContains(t, h.say(sari, "harga terlalu mahal"), "Alasan", "Pak Joko")
	c := h.book(sari.ID)
	if !c[0].Lost || c[0].LostReason != "harga terlalu mahal" {
		t.Fatalf("contact = %+v", c[0])
	}
	wantContains(t, h.say(sari, "/lihat Pak Joko"), "Tidak jadi", "harga terlalu mahal")
}

func tenWIB(now time.Time) time.Time {
	loc, _ := time.LoadLocation("Asia/Jakarta")
	local := now.In(loc)
	at := time.Date(local.Year(), local.Month(), local.Day(), 10, 0, 0, 0, loc)
	if at.Before(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}

func TestOwnRemindersAreSentOnceAndCanBeCancelled(t *testing.T) {
	h := newHarness(t)
	sched := h.scheduler()
	sent := wib(t, "2026-11-22 10:15")
	m := h.sayAt(sari, "/prospek Bu Sari 0812-3456-7890", sent)
	wantContains(t, m, "Prospek baru", "Bu Sari")
	m = h.sayAt(sari, "/ingatkan Bu Sari besok jam 9 kirim katalog", sent)
	wantContains(t, m, "23 Nov 2026 09.00 WIB", "Bu Sari", "kirim katalog")
	m = h.sayAt(sari, "/ingatkan lusa bayar supplier", sent)
	wantContains(t, m, "24 Nov 2026 09.00 WIB", "bayar supplier")
	wantContains(t, h.sayAt(sari, "/ingatkan Bu Sari kemarin", sent), "tidak bisa membaca")
	wantContains(t, h.sayAt(sari, "/ingatkan Bu Sari jam 8 pagi telepon", sent), "sudah lewat")

	list := h.say(sari, "/pengingat")
	wantContains(t, list, "Pengingat Anda (2)", "kirim katalog", "bayar supplier")
	h.press(sari, list, "Batalkan 2")
	wantContains(t, h.say(sari, "/pengingat"), "(1)")

	if rep := h.pass(sched, wib(t, "2026-11-23 08:59")); rep.Reminders != 0 {
		t.Fatalf("sent a minute early: %+v", rep)
	}
	before := len(h.fake.Messages(sari.ID))
	if rep := h.pass(sched, wib(t, "2026-11-23 09:00")); rep.Reminders != 1 {
		t.Fatalf("reminders = %d, want 1", rep.Reminders)
	}
	due := h.waitText(sari, before, "Pengingat:")
	wantContains(t, due, "kirim katalog", "Bu Sari")
	if rep := h.pass(sched, wib(t, "2026-11-25 09:00")); rep.Reminders != 0 {
		t.Errorf("cancelled or sent reminder sent again: %+v", rep)
	}
}

func TestSummaryTimezoneAndSettings(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say(sari, "/ringkasan"), "belum ada catatan", "/prospek")
	h.say(sari, "/jual Bu Sari 350rb")
	m := h.say(sari, "/ringkasan")
	wantContains(t, m, "Penjualan", "Rp350.000", "Bu Sari")

	wantContains(t, h.say(sari, "/zona WITA"), "WITA")
	wantContains(t, h.say(sari, "/zona Mars"), "Pilih zona")
	m = h.say(sari, "/pengaturan")
	wantContains(t, m, "Zona: WITA", "jam 9.00", "3 hari", "Senin")
	wantContains(t, h.say(sari, "/pengaturan prospek 5"), "5 hari")
	wantContains(t, h.say(sari, "/pengaturan jam 22"), "jam tenang")
	wantContains(t, h.say(sari, "/pengaturan ringkasan jumat 17"), "Jumat jam 17.00")
	wantContains(t, h.say(sari, "/pengaturan prospek 0"), "antara 1 dan 365")
	wantContains(t, h.say(emily, "/settings nudges off"), "Follow-up digest: off")
}

// waitText waits for a bot message after position from whose text has
// want, and returns it (the scheduler may send several at once).
func (h *harness) waitText(u telegramtest.User, from int, want string) telegramtest.Message {
	h.t.Helper()
	var got telegramtest.Message
	h.fake.WaitFor(h.t, 10*time.Second, "message with "+want, func(s *telegramtest.Server) bool {
		msgs := s.Messages(u.ID)
		for i := from; i < len(msgs); i++ {
			if strings.Contains(msgs[i].PlainText, want) {
				got = msgs[i]
				return true
			}
		}
		return false
	})
	return got
}
