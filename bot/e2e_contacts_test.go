package bot_test

import (
	"github.com/salesbot/salesbot/bot"
	"strings"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

func TestStartHelpAndCommandMenu(t *testing.T) {
	h := newHarness(t)
	m := h.say(sari, "/start")
	wantContains(t, m, "Halo Sari", "/jual", "/prospek", "/bantuan", "/ubah")
	m = h.say(emily, "/help")
	wantContains(t, m, "/sale", "/lead", "/contacts")
	id := h.fake.Commands("")
	en := h.fake.Commands("en")
	if len(id) == 0 || len(en) != len(id) {
		t.Fatalf("setMyCommands: %d Indonesian, %d English commands", len(id), len(en))
	}
	if id[0].Command != "bantuan" || en[0].Command != "help" || !strings.Contains(id[1].Description, "prospek") {
		t.Errorf("menus: %+v / %+v", id, en)
	}
}

func TestProspectIsAddedOnceAndOpens(t *testing.T) {
	h := newHarness(t)
	m := h.say(sari, "/prospek Bu Sari 0812-3456-7890 #arisan - mau kerudung biru")
	wantContains(t, m, "Bu Sari", "#1", "Prospek", "+62 812-3456-7890")
	m = h.say(sari, "/prospek  bu   SARI ")
	wantContains(t, m, "sudah ada", "#1")
	if got := h.book(sari.ID); len(got) != 1 {
		t.Fatalf("book has %d contacts, want 1", len(got))
	}
	card := h.pressFor(sari, m, "Buka")
	wantContains(t, card, "Bu Sari #1", "Prospek", "#arisan", "mau kerudung biru", "Belum pernah membeli")
	if !strings.Contains(card.Text, `href="https://wa.me/6281234567890?text=`) {
		t.Errorf("card has no WhatsApp link: %s", card.Text)
	}
}

func TestSalesMoveAlongTheFunnel(t *testing.T) {
	h := newHarness(t)
	m := h.say(sari, "/jual Bu Sari 350rb kerudung")
	wantContains(t, m, "Rp350.000", "Bu Sari #1", "Konsumen", "1×", "Total: Rp350.000", "kerudung")
	m = h.say(sari, "/sale bu sari 1,5jt gamis")
	wantContains(t, m, "Rp1.500.000", "Pelanggan", "2×", "Rp1.850.000")
	m = h.say(sari, "/jual@SalesbotTestBot #1 Rp 1.250.000")
	wantContains(t, m, "Rp1.250.000", "3×", "Rp3.100.000")
	m = h.say(sari, "/lihat Bu Sari")
	wantContains(t, m, "Pelanggan", "Pembelian pertama", "Rp350.000", "3×", "Rp3.100.000", "gamis")
}

func TestCloseNameAsksBeforeWriting(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/jual Bu Sari 350rb")
	ask := h.say(sari, "/jual Bu Sary 100rb")
	wantContains(t, ask, "Bu Sary")
	if c := h.book(sari.ID); len(c) != 1 || c[0].Purchases != 1 {
		t.Fatalf("something was written before the seller chose: %+v", c)
	}
	done := h.fakeEditOrSend(sari, ask, "Bu Sari #1")
	wantContains(t, done, "Rp100.000", "Bu Sari #1", "2×")

	ask = h.say(sari, "/jual Bu Sary 75rb")
	done = h.fakeEditOrSend(sari, ask, "Kontak baru")
	wantContains(t, done, "Bu Sary #2", "Konsumen", "Rp75.000")

	// The same button again does nothing.
	before := len(h.book(sari.ID))
	id := h.press(sari, ask, "Kontak baru")
	if text, _, _ := h.fake.CallbackAnswer(id); !strings.Contains(text, "tidak berlaku") {
		t.Errorf("second press answered %q", text)
	}
	if len(h.book(sari.ID)) != before {
		t.Error("second press wrote again")
	}
}

// fakeEditOrSend presses a choice button; the result comes as a new message.
func (h *harness) fakeEditOrSend(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	return h.pressFor(u, m, label)
}

func TestAmbiguousNameOffersBoth(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Bu Sari")
	h.say(sari, "/prospek Bu Sarah")
	ask := h.say(sari, "/hubungi bu sar tanya stok")
	wantContains(t, ask, "bu sar")
	done := h.pressFor(sari, ask, "Bu Sarah")
	wantContains(t, done, "Bu Sarah #2")
	h.say(sari, "/batal")
}

func TestContactedNoteFindEditDelete(t *testing.T) {
	h := newHarness(t)
	h.say(sari, "/prospek Pak Budi 0813 1111 2222 #reseller")
	m := h.say(sari, "/hubungi Budi tanya harga grosir")
	wantContains(t, m, "Pak Budi #1")
	m = h.say(sari, "/catat #1 minta katalog lebaran")
	wantContains(t, m, "Catatan ditambahkan", "Pak Budi")
	m = h.say(sari, "/cari lebaran")
	wantContains(t, m, "Pak Budi")
	m = h.say(sari, "/cari 0813111")
	wantContains(t, m, "Pak Budi")
	m = h.say(sari, "/cari reseller")
	wantContains(t, m, "Pak Budi")
	m = h.say(sari, "/ubah Pak Budi nama Pak Budi Santoso")
	wantContains(t, m, "Pak Budi Santoso #1")
	m = h.say(sari, "/ubah #1 hp +62 856-7777-8888")
	wantContains(t, m, "+62 856-7777-8888")
	m = h.say(sari, "/ubah #1 tag grosir, lebaran")
	wantContains(t, m, "#grosir #lebaran")
	m = h.say(sari, "/ubah #1 catatan suka bayar tunai")
	wantContains(t, m, "suka bayar tunai")
	m = h.say(sari, "/ubah #1 hp 12")
	wantContains(t, m, "tidak bisa dibaca")
	h.say(sari, "/jual #1 200rb")
	ask := h.say(sari, "/hapus Pak Budi Santoso")
	wantContains(t, ask, "1 penjualan")
	gone := h.pressEdit(sari, ask, "Ya, hapus")
	wantContains(t, gone, "sudah dihapus")
	if c := h.book(sari.ID); len(c) != 0 {
		t.Fatalf("contact not deleted: %+v", c)
	}
	m = h.say(sari, "/prospek Pak Budi")
	wantContains(t, m, "#2")
}

func TestListPagesWithButtons(t *testing.T) {
	h := newHarness(t)
	for i := 0; i < 20; i++ {
		h.say(sari, "/prospek Pelanggan Nomor "+string(rune('A'+i)))
	}
	h.say(sari, "/jual Pembeli Setia 50rb")
	m := h.say(sari, "/kontak")
	wantContains(t, m, "(21)", "Pembeli Setia", "Halaman 1 dari 2")
	m2 := h.pressEdit(sari, m, "Berikutnya")
	wantContains(t, m2, "Halaman 2 dari 2")
	m = h.say(sari, "/kontak konsumen")
	wantContains(t, m, "Pembeli Setia", "(1)")
	wantNot(t, m, "Nomor A")
	m = h.say(sari, "/kontak pelanggan")
	wantContains(t, m, "Belum ada kontak")
	m = h.say(sari, "/kontak entah")
	wantContains(t, m, "Pilih tahap")
}

func TestDialogAsksForMissingArguments(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say(sari, "/jual"), "Siapa pembelinya")
	wantContains(t, h.say(sari, "Bu Ani Wijaya"), "Berapa jumlahnya")
	wantContains(t, h.say(sari, "seratus"), "tidak bisa dibaca")
	m := h.say(sari, "200 ribu")
	wantContains(t, m, "Rp200.000", "Bu Ani Wijaya #1")
	wantContains(t, h.say(sari, "halo"), "/bantuan")

	wantContains(t, h.say(sari, "/prospek"), "nama calon pembeli")
	wantContains(t, h.say(sari, "/batal"), "Dibatalkan")
	wantContains(t, h.say(sari, "Pak Joko"), "/bantuan")
	if len(h.book(sari.ID)) != 1 {
		t.Error("cancelled dialog wrote a contact")
	}
	// The dialog survives a restart: it lives in the database.
	h.say(sari, "/catat")
	h.restart()
	wantContains(t, h.say(sari, "#1"), "catatannya")
	wantContains(t, h.say(sari, "bayar lunas"), "Catatan ditambahkan")
}

func TestSharedContactBecomesProspect(t *testing.T) {
	h := newHarness(t)
	before := len(h.fake.Messages(sari.ID))
	h.fake.PushContact(sari, "+6281299998888", "Rina", "Kurnia")
	m := h.fake.WaitMessages(t, sari.ID, before+1)[before]
	wantContains(t, m, "Rina Kurnia #1", "Prospek", "+62 812-9999-8888")
}

func TestGroupsGetAHint(t *testing.T) {
	h := newHarness(t)
	h.fake.AddGroupChat(-500, "Arisan")
	h.fake.PushGroupText(-500, sari, "/jual Bu Sari 350rb")
	m := h.fake.WaitMessages(t, -500, 1)[0]
	wantContains(t, m, "pribadi", "@SalesbotTestBot")
	if len(h.book(sari.ID)) != 0 {
		t.Error("a group message wrote to the book")
	}
}

func TestUnknownInputGetsHint(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.say(sari, "/terbang"), "/terbang", "/bantuan")
	wantContains(t, h.say(sari, "selamat pagi"), "/bantuan")
	wantContains(t, h.say(sari, "🎉 /jual Bu Sari 350rb"), "Rp350.000")
	wantContains(t, h.say(sari, "/jual@OtherBot Bu Sari 350rb"), "/bantuan")
}

func TestEnglishSeller(t *testing.T) {
	h := newHarness(t)
	m := h.say(emily, "/sale Mrs Tan 2 juta cake order")
	wantContains(t, m, "Sale of Rp2.000.000", "Mrs Tan #1", "Buyer")
	m = h.say(emily, "/sale Mrs Tan 0")
	wantContains(t, m, "more than zero")
	m = h.say(emily, "/remind Mrs Tan tomorrow at 9 ask about the cake")
	wantContains(t, m, "I will remind you", "09.00 WIB", "Mrs Tan", "ask about the cake")
	wantContains(t, h.say(emily, "/reminders"), "Your reminders (1)")
}

func TestMessageDateIsTheRecordTime(t *testing.T) {
	h := newHarness(t)
	old := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	before := len(h.fake.Messages(sari.ID))
	h.fake.PushTextAt(sari, "/jual Bu Sari 350rb", old)
	h.fake.WaitMessages(t, sari.ID, before+1)
	c := h.book(sari.ID)
	if len(c) != 1 || !c[0].FirstSaleAt.Equal(old) || !c[0].CreatedAt.Equal(old) {
		t.Fatalf("times = %+v, want %v", c, old)
	}
	wantContains(t, h.say(sari, "/lihat #1"), "14 Mar 2026")
}

func TestAllowedUsersOnly(t *testing.T) {
	h := newHarness(t, func(c *bot.Config) { c.AllowedUsers = map[int64]bool{sari.ID: true} })
	wantContains(t, h.say(budi, "/jual Bu Sari 350rb"), "pengguna terdaftar")
	if err := h.db.View(budi.ID, time.Now(), func(*storage.Tx) error { return nil }); err == nil {
		t.Error("a book was created for a user who is not allowed")
	}
	wantContains(t, h.say(sari, "/jual Bu Sari 350rb"), "Rp350.000")
}
