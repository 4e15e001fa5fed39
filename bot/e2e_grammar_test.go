package bot_test

import (
	"strings"
	"testing"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

// contact returns the one contact of the seller's book with that name.
func (h *harness) contact(seller int64, name string) (storage.Contact, bool) {
	h.t.Helper()
	for _, c := range h.book(seller) {
		if c.Name == name {
			return c, true
		}
	}
	return storage.Contact{}, false
}

// pressExact presses the button whose label is exactly label.
func (h *harness) pressExact(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.Text == label {
				before := len(h.fake.Messages(u.ID))
				id := h.fake.PushCallback(u, m.MessageID, b.CallbackData)
				h.fake.WaitConfirmed(h.t, id)
				return h.fake.WaitMessages(h.t, u.ID, before+1)[before]
			}
		}
	}
	h.t.Fatalf("no button %q", label)
	return telegramtest.Message{}
}

func hasButton(m telegramtest.Message, label string) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return true
			}
		}
	}
	return false
}

// The card says what was meant: quantities, unit prices, names with
// numbers and the longest name in the book.
func TestSalesAreReadAsSellersWriteThem(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Toko 99")
	h.say(sari, "/prospek Bu Sari Dewi")
	h.say(sari, "/prospek Bu Sari Dewi 2")
	// "Bu Sari" starts both names above: which one is asked.
	ask := h.say(sari, "/jual Bu Sari 10rb")
	wantContains(t, ask, "Siapa yang Anda maksud")
	if !hasButton(ask, "Bu Sari Dewi #2") || !hasButton(ask, "Bu Sari Dewi 2 #3") || !hasButton(ask, "Kontak baru") {
		t.Fatalf("choices: %+v", ask.ReplyMarkup)
	}
	h.pressFor(sari, ask, "Kontak baru")
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"/jual Bu Sari 2 kerudung 150rb", []string{"Rp150.000", "Bu Sari #4", "Jumlah barang: 2", "Produk: kerudung"}},
		{"/jual Bu Sari 2 pcs keripik @25rb", []string{"Rp50.000", "Bu Sari #4", "2 × Rp25.000 = Rp50.000", "keripik"}},
		{"/jual Bu Sari 3x 20rb", []string{"Rp60.000", "3 × Rp20.000 = Rp60.000"}},
		{"/jual Toko 99 350rb", []string{"Rp350.000", "Toko 99 #1"}},
		{"/jual Toko 9 30rb", []string{"Rp30.000", "Toko 9 #5", "kontak baru"}},
		{"/jual Bu Sari Dewi 2 100rb", []string{"Rp100.000", "Bu Sari Dewi 2 #3"}},
		{"/jual Bu Sari Dewi kerudung 150rb", []string{"Rp150.000", "Bu Sari Dewi #2", "Produk: kerudung"}},
		{"/jual Bu Sari seratus ribu", []string{"Rp100.000", "Bu Sari #4"}},
	} {
		wantContains(t, h.say(sari, tc.text), tc.want...)
	}
	if c, _ := h.contact(sari.ID, "Toko 99"); c.Total != 350000 {
		t.Errorf("Toko 99 total %d, want Rp350.000 only", c.Total)
	}
	if c, _ := h.contact(sari.ID, "Bu Sari"); c.Total != 10000+150000+50000+60000+100000 || c.Purchases != 5 {
		t.Errorf("Bu Sari: %d purchases, total %d", c.Purchases, c.Total)
	}
}

func TestBareSmallNumberIsAskedBeforeWriting(t *testing.T) {
	h := newHarness(t)
	ask := h.say(sari, "/jual Bu Tini 350")
	wantContains(t, ask, "Bu Tini", "350")
	if len(h.book(sari.ID)) != 0 {
		t.Fatal("written before the seller chose")
	}
	done := h.pressFor(sari, ask, "Rp350.000")
	wantContains(t, done, "Rp350.000", "Bu Tini #1")
	ask = h.say(sari, "/jual Bu Tini 2 kerudung 350")
	done = h.pressExact(sari, ask, "Rp350")
	if c, _ := h.contact(sari.ID, "Bu Tini"); c.Total != 350000+350 {
		t.Errorf("total %d after Rp350.000 and Rp350", c.Total)
	}
	wantContains(t, done, "kerudung")
}

func TestNoSilentSubstitution(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Pak Budi")
	h.say(sari, "/prospek Pak Hadi")
	h.say(sari, "/prospek Bu Sri")
	h.say(sari, "/prospek Kios Ratna")

	ask := h.say(sari, "/hapus Pak Budi Santoso")
	wantContains(t, ask, "tidak ada", "Pak Budi Santoso")
	if hasButton(ask, "Ya, hapus") || !hasButton(ask, "Pak Budi #1") {
		t.Fatalf("/hapus of a name not in the book: %q", ask.PlainText)
	}
	confirm := h.pressFor(sari, ask, "Pak Budi #1")
	wantContains(t, confirm, "Hapus Pak Budi #1")

	ask = h.say(sari, "/lihat Bu Sri Wahyuni")
	wantContains(t, ask, "tidak ada")
	wantNot(t, ask, "Terakhir dihubungi")
	card := h.pressFor(sari, ask, "Bu Sri #3")
	wantContains(t, card, "Bu Sri #3", "Terakhir dihubungi")

	// Honorifics and shop words do not make names similar.
	wantContains(t, h.say(sari, "/jual Pak Budiman 10rb"), "Maksud Anda") // budi starts budiman
	wantContains(t, h.say(sari, "/jual Pak Joko 10rb"), "Pak Joko #5", "kontak baru")
	wantContains(t, h.say(sari, "/jual Kios Rotan 135rb"), "Kios Rotan #6", "kontak baru")
	if c, _ := h.contact(sari.ID, "Pak Hadi"); c.Purchases != 0 {
		t.Error("a sale landed on Pak Hadi")
	}
	// A unique distinctive word still finds the contact directly.
	wantContains(t, h.say(sari, "/jual hadi 20rb"), "Pak Hadi #2")
	wantContains(t, h.say(sari, "/jual Ibu Sri 20rb"), "Bu Sri #3")
}

func TestUndoSaleAndNewProspect(t *testing.T) {
	h := newHarness(t)
	first := h.say(sari, "/jual Bu Sari 350rb kerudung")
	second := h.say(sari, "/jual Bu Sari 150rb")
	wantContains(t, second, "Pelanggan")
	done := h.pressFor(sari, second, "Urungkan")
	wantContains(t, done, "Diurungkan", "Rp150.000", "Bu Sari")
	c, _ := h.contact(sari.ID, "Bu Sari")
	if c.Purchases != 1 || c.Total != 350000 || c.Stage != storage.StageConsumer {
		t.Fatalf("after undo: %+v", c)
	}
	wantContains(t, h.say(sari, "/ringkasan"), "Rp350.000")
	// The first sale created the contact: undoing it removes her.
	h.pressFor(sari, first, "Urungkan")
	if b := h.book(sari.ID); len(b) != 0 {
		t.Fatalf("book after undoing the first sale: %+v", b)
	}

	added := h.say(sari, "/prospek Bu Rina 0812-3456-7890")
	h.pressFor(sari, added, "Urungkan")
	if b := h.book(sari.ID); len(b) != 0 {
		t.Fatalf("prospect still there: %+v", b)
	}
	wantContains(t, h.say(sari, "/prospek Bu Rina"), "Prospek baru", "Bu Rina")
}

func TestUndoPressedTwiceOrRedeliveredUndoesOnce(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/jual Bu Sari 350rb")
	sale := h.say(sari, "/jual Bu Sari 150rb")
	before := len(h.fake.Messages(sari.ID))
	id := h.press(sari, sale, "Urungkan")
	h.fake.WaitMessages(t, sari.ID, before+1)
	h.fake.WaitConfirmed(t, id)
	h.shutdown()
	h.fake.Redeliver(id)
	h.start()
	h.fake.WaitConfirmed(t, id)
	again := h.press(sari, sale, "Urungkan")
	if text, _, _ := h.fake.CallbackAnswer(again); !strings.Contains(text, "Sudah diurungkan") {
		t.Errorf("second press answered %q", text)
	}
	if c, _ := h.contact(sari.ID, "Bu Sari"); c.Purchases != 1 || c.Total != 350000 {
		t.Fatalf("undone more than once: %+v", c)
	}
	if n := len(h.fake.Messages(sari.ID)); n != before+1 {
		t.Errorf("%d messages, want %d", n, before+1)
	}
}

func TestUndoRefusedWhenTheContactChangedSince(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	first := h.say(sari, "/jual Bu Sari 350rb")
	h.say(sari, "/jual Bu Sari 150rb")
	m := h.pressFor(sari, first, "Urungkan")
	wantContains(t, m, "Tidak bisa diurungkan")
	if c, _ := h.contact(sari.ID, "Bu Sari"); c.Purchases != 2 || c.Total != 500000 {
		t.Fatalf("changed by a refused undo: %+v", c)
	}
}

func TestCancelClosesAChoiceAndOffersUndo(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/jual Bu Sari 350rb")
	ask := h.say(sari, "/jual Bu Sary 50rb")
	wantContains(t, h.say(sari, "/batal"), "Dibatalkan")
	id := h.press(sari, ask, "Bu Sari #1")
	if text, _, _ := h.fake.CallbackAnswer(id); !strings.Contains(text, "dibatalkan") {
		t.Errorf("press after /batal answered %q", text)
	}
	if c, _ := h.contact(sari.ID, "Bu Sari"); c.Purchases != 1 {
		t.Fatalf("a cancelled choice recorded the sale: %+v", c)
	}
	offer := h.say(sari, "/batal")
	wantContains(t, offer, "Perubahan terakhir", "Rp350.000", "Bu Sari")
	h.pressFor(sari, offer, "Urungkan")
	if b := h.book(sari.ID); len(b) != 0 {
		t.Fatalf("book after undo from /batal: %+v", b)
	}
	wantContains(t, h.say(sari, "/batal"), "Tidak ada pertanyaan")
}

func TestQuestionsFinishWhatWasStarted(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Pak Hadi")
	wantContains(t, h.say(sari, "/catat Pak Hadi"), "Apa catatan untuk Pak Hadi")
	wantContains(t, h.say(sari, "suka warna pastel"), "Catatan ditambahkan", "Pak Hadi #1")
	wantContains(t, h.say(sari, "/lihat Pak Hadi"), "suka warna pastel")

	wantContains(t, h.say(sari, "/ingatkan besok jam 10"), "Ingatkan tentang apa", "10.00")
	wantContains(t, h.say(sari, "kirim katalog"), "Saya ingatkan", "10.00 WIB", "kirim katalog")
	wantContains(t, h.say(sari, "/ingatkan Pak Hadi"), "Kapan saya ingatkan tentang Pak Hadi")
	wantContains(t, h.say(sari, "besok jam 9 tagih"), "Saya ingatkan", "09.00 WIB", "Pak Hadi", "tagih")
	list := h.say(sari, "/pengingat")
	wantContains(t, list, "Pengingat Anda (2)", "Pak Hadi #1: tagih")

	wantContains(t, h.say(sari, "/prospek 0812-1111-2222"), "+62 812-1111-2222", "Siapa nama")
	wantContains(t, h.say(sari, "Bu Rina"), "Prospek baru", "Bu Rina #2", "+62 812-1111-2222")

	// A refused command closes the question too.
	h.say(sari, "/catat Pak Hadi")
	wantContains(t, h.say(sari, "/lihat Orang Asing"), "tidak ada")
	wantContains(t, h.say(sari, "halo"), "/bantuan")
}

func TestCommandWordsWithoutTheSlash(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say(sari, "jual bu ani 50rb"), "Rp50.000", "bu ani #1")
	wantContains(t, h.say(sari, "Lihat Bu Ani"), "bu ani #1", "Rp50.000")
	wantContains(t, h.say(sari, "/jaul Bu Ani 10rb"), "Maksud Anda /jual")
	wantContains(t, h.say(sari, "selamat pagi"), "/bantuan")
}

func TestSalesCanBeCorrectedAndDeleted(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/jual Bu Sari 350rb kerudung")
	h.say(sari, "/jual Bu Sari 150rb gamis")
	list := h.say(sari, "/penjualan Bu Sari")
	wantContains(t, list, "Rp150.000", "gamis", "Rp350.000", "kerudung")
	ask := h.pressFor(sari, list, "Ubah 1")
	wantContains(t, ask, "Rp150.000")
	wantContains(t, h.say(sari, "125rb"), "Rp150.000 → Rp125.000", "Rp475.000")
	gone := h.pressFor(sari, list, "Hapus 2")
	wantContains(t, gone, "dihapus", "Konsumen", "Rp125.000")
	c, _ := h.contact(sari.ID, "Bu Sari")
	if c.Purchases != 1 || c.Total != 125000 || c.FirstSaleAmount != 125000 || c.Stage != storage.StageConsumer {
		t.Fatalf("after correction: %+v", c)
	}
	h.pressFor(sari, gone, "Urungkan")
	if c, _ := h.contact(sari.ID, "Bu Sari"); c.Purchases != 2 || c.Total != 475000 {
		t.Fatalf("after undoing the delete: %+v", c)
	}
}
