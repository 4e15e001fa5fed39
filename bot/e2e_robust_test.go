package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func TestRedeliveredUpdateIsAppliedOnce(t *testing.T) {
	h := newHarness(t)
	before := len(h.fake.Messages(sari.ID))
	id := h.fake.PushText(sari, "/jual Bu Sari 350rb")
	h.fake.WaitMessages(t, sari.ID, before+1)
	h.fake.WaitConfirmed(t, id)
	// Telegram delivers it again after a crash: a new process polls from
	// the start and gets the same update id.
	h.shutdown()
	h.fake.Redeliver(id)
	h.start()
	h.fake.WaitConfirmed(t, id)
	m := h.say(sari, "/lihat Bu Sari")
	wantContains(t, m, "1×", "Rp350.000")
	if n := len(h.fake.Messages(sari.ID)); n != before+2 {
		t.Errorf("chat has %d bot messages, want %d (the repeat must not be answered again)", n, before+2)
	}
}

func TestReplyQueuedBeforeACrashIsSentAfterRestart(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	// Telegram refuses sends for a while: the reply stays in the outbox.
	h.fake.FailNext("sendMessage", 1000, 502, 0)
	id := h.fake.PushText(sari, "/jual Bu Sari 350rb")
	h.fake.WaitConfirmed(t, id)
	h.shutdown()
	h.fake.ClearFailures("sendMessage")
	h.start()
	msgs := h.fake.WaitMessages(t, sari.ID, 2)
	wantContains(t, msgs[1], "Rp350.000")
	if c := h.book(sari.ID); c[0].Purchases != 1 {
		t.Errorf("purchases = %d, want 1", c[0].Purchases)
	}
}

func TestRateLimitAndServerErrorsDelayButLoseNothing(t *testing.T) {
	h := newHarness(t)
	h.fake.FailNext("sendMessage", 1, 429, 1)
	m := h.say(sari, "/jual Bu Sari 350rb")
	wantContains(t, m, "Rp350.000")
	h.fake.FailNext("sendMessage", 2, 500, 0)
	m = h.say(sari, "/jual Bu Sari 100rb")
	wantContains(t, m, "Rp100.000", "2×")
	h.fake.FailNext("sendMessage", 1, 0, 0) // connection dropped
	m = h.say(sari, "/jual Bu Sari 50rb")
	wantContains(t, m, "3×")
	if n := len(h.fake.Messages(sari.ID)); n != 3 {
		t.Errorf("%d messages, want 3 (no duplicates, none lost)", n)
	}
}

func TestSellersDoNotSeeEachOther(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari 0812-9876-5432 #rahasia")
	exists := h.say(sari, "/prospek Bu Sari")
	ask := h.say(sari, "/hapus Bu Sari")

	wantContains(t, h.say(budi, "/lihat Bu Sari"), "tidak ada di buku Anda")
	wantContains(t, h.say(budi, "/lihat #1"), "Tidak ada kontak #1")
	wantContains(t, h.say(budi, "/kontak"), "masih kosong")
	wantContains(t, h.say(budi, "/cari rahasia"), "Tidak ada kontak")
	wantContains(t, h.say(budi, "/jual #1 100rb"), "Tidak ada kontak #1")
	wantContains(t, h.say(budi, "/prospek Bu Sari"), "Prospek baru", "#1")

	// Budi forges Sari's buttons: they resolve in Budi's own book only.
	h.fake.AddPrivateChat(budi)
	for _, m := range []telegramtest.Message{ask, exists} {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				id := h.fake.PushCallback(budi, 1, b.CallbackData)
				h.fake.WaitFor(t, 10*time.Second, "answered", func(s *telegramtest.Server) bool {
					_, _, ok := s.CallbackAnswer(id)
					return ok
				})
			}
		}
	}
	sariBook := h.book(sari.ID)
	if len(sariBook) != 1 || sariBook[0].Phone == "" {
		t.Fatalf("Sari's book changed: %+v", sariBook)
	}
	for _, m := range h.fake.Messages(budi.ID) {
		if strings.Contains(m.PlainText, "#rahasia") || strings.Contains(m.PlainText, "9876") {
			t.Errorf("Budi saw Sari's data: %q", m.PlainText)
		}
	}
}

func TestHostileNamesShowAsTyped(t *testing.T) {
	h := newHarness(t)
	for _, name := range []string{
		"Toko <Maju> & Jaya_*",
		"<b>Bold</b> &amp; [link](http://x)",
		"محمد علي",
		"Ibu 🌸 Kembang",
		"a\u202Eb Reverse",
	} {
		m := h.say(sari, "/jual "+name+" 10rb")
		want := strings.ReplaceAll(name, "\u202E", "")
		wantContains(t, m, want, "Rp10.000")
		card := h.say(sari, "/lihat "+name)
		wantContains(t, card, want)
	}
	if calls := h.fake.CallsTo("sendMessage"); len(calls) == 0 {
		t.Fatal("nothing sent")
	}
	for _, c := range h.fake.Calls() {
		if c.Status != 200 && c.Method != "getUpdates" {
			t.Errorf("%s refused: %s", c.Method, c.Error)
		}
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/jual Bu Sari 350rb kerudung")
	for _, tc := range []struct{ text, want string }{
		{"/jual Bu Sari 0", "lebih dari nol"},
		{"/jual Bu Sari -5000", "lebih dari nol"},
		{"/jual Bu Sari 99999999 miliar", "terlalu besar"},
		{"/jual Bu Sari 1M", "tidak bisa dibaca"},
		{"/jual Bu Sari banyak", "Berapa jumlah penjualan untuk Bu Sari"},
		{"/jual Bu Sari", "Berapa jumlah penjualan untuk Bu Sari"},
		{"/jual Bu Sari 350.000,50", "tidak bisa dibaca"},
		{"/prospek " + strings.Repeat("panjang", 20), "terlalu panjang"},
		{"/prospek !!!", "tidak bisa dipakai"},
		{"/prospek Bu Rina 0812-0000-000000000", "tidak bisa dibaca sebagai nomor"},
		{"/catat Bu Sari " + strings.Repeat("x", 1200), "terlalu panjang"},
		{"/catat Bu Sari", "Apa catatan untuk Bu Sari"},
		{"/ubah Bu Sari umur 30", "“umur” tidak bisa diubah"},
		{"/ubah Orang Asing umur 30", "Tulis apa yang diubah"},
		{"/lihat Orang Asing", "tidak ada di buku"},
		{"/jual \u0000\u0001 10rb", "kosong"},
		{strings.Repeat("😀", 2000), "/bantuan"},
	} {
		t.Run(tc.text[:min(len(tc.text), 30)], func(t *testing.T) {
			wantContains(t, h.say(sari, tc.text), tc.want)
		})
	}
	c := h.book(sari.ID)
	if len(c) != 1 || c[0].Purchases != 1 || c[0].Total != 350000 || c[0].Name != "Bu Sari" {
		t.Fatalf("book changed by bad input: %+v", c)
	}
}

func TestLongCardIsSplitWithinTelegramLimit(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	for i := 0; i < 8; i++ {
		h.say(sari, fmt.Sprintf("/catat #1 %d %s", i, strings.Repeat("catatan <penting> & panjang ", 35)))
	}
	msgs := h.sayN(sari, "/lihat #1", 2)
	for _, m := range msgs {
		if n := len([]rune(m.PlainText)); n > 4096 || n == 0 {
			t.Errorf("part of %d characters", n)
		}
	}
	wantContains(t, msgs[0], "Bu Sari #1")
}
