package storage_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/salesbot/salesbot/storage"
)

func mustOpen(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Open(filepath.Join(tb.TempDir(), "test.db"), storage.Options{})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func upd(id, seller int64, at time.Time) storage.Update {
	return storage.Update{ID: id, SellerID: seller, ChatID: seller, Name: "Seller", Lang: "id", At: at}
}

func TestStageFor(t *testing.T) {
	for _, tc := range []struct {
		purchases int
		want      storage.Stage
	}{{0, storage.StageProspect}, {1, storage.StageConsumer}, {2, storage.StageCustomer}, {10, storage.StageCustomer}, {-1, storage.StageProspect}} {
		if got := storage.StageFor(tc.purchases); got != tc.want {
			t.Errorf("StageFor(%d) = %s, want %s", tc.purchases, got, tc.want)
		}
	}
}

func TestApplySkipsRepeatedUpdate(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	runs := 0
	add := func(tx *storage.Tx) error {
		runs++
		c, err := tx.AddContact(storage.Contact{Name: "Bu Sari"})
		if err != nil {
			return err
		}
		_, _, err = tx.RecordSale(c.ID, 350000, "kerudung")
		if err != nil {
			return err
		}
		return tx.Send(storage.OutMessage{Text: "ok"})
	}
	if err := db.Apply(ctx, upd(7, 1, t0), add); err != nil {
		t.Fatal(err)
	}
	if err := db.Apply(ctx, upd(7, 1, t0), add); !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("second apply: got %v, want ErrDuplicate", err)
	}
	if runs != 1 {
		t.Errorf("fn ran %d times, want 1", runs)
	}
	out, err := db.Outbox(0)
	if err != nil || len(out) != 1 || out[0].ChatID != 1 || out[0].Text != "ok" {
		t.Fatalf("outbox = %+v, %v; want one message to chat 1", out, err)
	}
	err = db.View(1, t0, func(tx *storage.Tx) error {
		c, err := tx.ContactByName("  bu   SARI ")
		if err != nil {
			return err
		}
		if c.Stage != storage.StageConsumer || c.Purchases != 1 || c.Total != 350000 || !c.FirstSaleAt.Equal(t0) {
			t.Errorf("contact = %+v", c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFailedApplyChangesNothing(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Apply(ctx, upd(1, 1, t0), func(tx *storage.Tx) error {
		if _, err := tx.AddContact(storage.Contact{Name: "Budi"}); err != nil {
			return err
		}
		_ = tx.Send(storage.OutMessage{Text: "x"})
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	// The update id was not recorded either: a retry applies it.
	err = db.Apply(ctx, upd(1, 1, t0), func(tx *storage.Tx) error {
		all, err := tx.Contacts()
		if len(all) != 0 {
			t.Errorf("contacts after failed apply = %v", all)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.OutboxLen(); n != 0 {
		t.Errorf("outbox has %d messages after a failed apply", n)
	}
}

func TestSellersAreIsolated(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for seller := int64(1); seller <= 2; seller++ {
		err := db.Apply(ctx, upd(seller, seller, t0), func(tx *storage.Tx) error {
			_, err := tx.AddContact(storage.Contact{Name: "Budi"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := db.Apply(ctx, upd(3, 2, t0), func(tx *storage.Tx) error {
		c, err := tx.Contact(1)
		if err != nil {
			return err
		}
		c.Name = "Budi Dua"
		return tx.SaveContact(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(1, t0, func(tx *storage.Tx) error {
		c, err := tx.Contact(1)
		if c.Name != "Budi" {
			t.Errorf("seller 1's contact renamed to %q by seller 2", c.Name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShortNumbersAreNeverReused(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var ids []uint64
	steps := []func(tx *storage.Tx) error{
		func(tx *storage.Tx) error {
			c, err := tx.AddContact(storage.Contact{Name: "A"})
			ids = append(ids, c.ID)
			return err
		},
		func(tx *storage.Tx) error { return tx.DeleteContact(ids[0]) },
		func(tx *storage.Tx) error {
			c, err := tx.AddContact(storage.Contact{Name: "A"})
			ids = append(ids, c.ID)
			return err
		},
	}
	for i, step := range steps {
		if err := db.Apply(ctx, upd(int64(i+1), 1, t0), step); err != nil {
			t.Fatal(err)
		}
	}
	if ids[0] == ids[1] {
		t.Errorf("short number %d reused", ids[0])
	}
}

func TestDeleteRemovesSalesAndHistory(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	err := db.Apply(ctx, upd(1, 1, t0), func(tx *storage.Tx) error {
		a, _ := tx.AddContact(storage.Contact{Name: "A"})
		b, _ := tx.AddContact(storage.Contact{Name: "B"})
		for _, id := range []uint64{a.ID, b.ID, a.ID} {
			if _, _, err := tx.RecordSale(id, 1000, ""); err != nil {
				return err
			}
		}
		return tx.DeleteContact(a.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(1, t0, func(tx *storage.Tx) error {
		sales, err := tx.Sales(t0.Add(-time.Hour), t0.Add(time.Hour))
		if len(sales) != 1 || sales[0].ContactID != 2 {
			t.Errorf("sales after delete = %+v", sales)
		}
		h, _ := tx.History(1, 0)
		if len(h) != 0 {
			t.Errorf("history of deleted contact = %+v", h)
		}
		h, _ = tx.History(2, 0)
		if len(h) != 2 || h[0].Kind != storage.EventSale || h[1].Kind != storage.EventCreated {
			t.Errorf("history of B (newest first) = %+v", h)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSecondProcessFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = storage.Open(path, storage.Options{LockTimeout: 50 * time.Millisecond})
	if !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second open: got %v, want ErrLocked", err)
	}
}

func TestConcurrentAppliesAllCommit(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for s := int64(1); s <= 20; s++ {
		wg.Add(1)
		go func(s int64) {
			defer wg.Done()
			for i := int64(0); i < 10; i++ {
				err := db.Apply(ctx, upd(s*100+i, s, t0), func(tx *storage.Tx) error {
					c, err := tx.ContactByName("X")
					if errors.Is(err, storage.ErrNotFound) {
						c, err = tx.AddContact(storage.Contact{Name: "X"})
					}
					if err != nil {
						return err
					}
					_, _, err = tx.RecordSale(c.ID, 10, "")
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}
		}(s)
	}
	wg.Wait()
	for s := int64(1); s <= 20; s++ {
		_ = db.View(s, t0, func(tx *storage.Tx) error {
			c, err := tx.ContactByName("x")
			if err != nil || c.Purchases != 10 || c.Stage != storage.StageCustomer {
				t.Errorf("seller %d: %+v %v", s, c, err)
			}
			return nil
		})
	}
}

func TestDueIndexFollowsContacts(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	if err := db.SetRules(ctx, prospectRule{}); err != nil {
		t.Fatal(err)
	}
	err := db.Apply(ctx, upd(1, 1, t0), func(tx *storage.Tx) error {
		_, err := tx.AddContact(storage.Contact{Name: "A"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	due, _ := db.Due(t0.AddDate(0, 0, 3), 0)
	if len(due) != 1 || due[0].ContactID != 1 || !due[0].At.Equal(t0.AddDate(0, 0, 3)) {
		t.Fatalf("due = %+v", due)
	}
	later := t0.AddDate(0, 0, 2)
	err = db.Apply(ctx, upd(2, 1, later), func(tx *storage.Tx) error {
		_, _, err := tx.LogContacted(1, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := db.Due(t0.AddDate(0, 0, 3), 0); len(due) != 0 {
		t.Fatalf("still due after contact: %+v", due)
	}
	err = db.Apply(ctx, upd(3, 1, later), func(tx *storage.Tx) error {
		s := tx.Seller()
		s.Settings.ProspectDays = 1
		return tx.SaveSeller(s)
	})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := db.Due(later.AddDate(0, 0, 1), 0); len(due) != 1 {
		t.Fatalf("settings change not reindexed: %+v", due)
	}
}

// prospectRule is a minimal Rules: due ProspectDays after the last contact,
// summaries never.
type prospectRule struct{}

func (prospectRule) ContactDue(c storage.Contact, s storage.Seller) time.Time {
	return c.LastContactAt.AddDate(0, 0, s.Settings.ProspectDays)
}
func (prospectRule) SummaryDue(storage.Seller) time.Time { return time.Time{} }
func (prospectRule) Version() string                     { return "test" }

func TestRemindersAreIndexedAndTaken(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var id uint64
	err := db.Apply(ctx, upd(1, 5, t0), func(tx *storage.Tx) error {
		r, err := tx.AddReminder(storage.Reminder{At: t0.Add(time.Hour), Text: "kirim katalog"})
		id = r.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueReminders(t0); len(due) != 0 {
		t.Fatalf("due too early: %+v", due)
	}
	due, _ := db.DueReminders(t0.Add(time.Hour))
	if len(due) != 1 || due[0].SellerID != 5 || due[0].ReminderID != id {
		t.Fatalf("due = %+v", due)
	}
	err = db.Change(ctx, 5, t0, func(tx *storage.Tx) error {
		r, err := tx.TakeReminder(id)
		if r.Text != "kirim katalog" {
			t.Errorf("took %+v", r)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueReminders(t0.Add(48 * time.Hour)); len(due) != 0 {
		t.Fatalf("taken reminder still due: %+v", due)
	}
	err = db.Change(ctx, 5, t0, func(tx *storage.Tx) error {
		_, err := tx.TakeReminder(id)
		return err
	})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("second take: %v", err)
	}
}

func TestPruneUpdatesForgetsOnlyOldIDs(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	noop := func(*storage.Tx) error { return nil }
	if err := db.Apply(ctx, upd(1, 1, t0.Add(-72*time.Hour)), noop); err != nil {
		t.Fatal(err)
	}
	if err := db.Apply(ctx, upd(2, 1, t0), noop); err != nil {
		t.Fatal(err)
	}
	n, err := db.PruneUpdates(ctx, t0.Add(-48*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	if err := db.Apply(ctx, upd(2, 1, t0), noop); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("recent id forgotten: %v", err)
	}
}

func TestSalesAreScopedToTheSeller(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for seller := int64(1); seller <= 3; seller++ {
		err := db.Apply(ctx, upd(seller, seller, t0), func(tx *storage.Tx) error {
			c, err := tx.AddContact(storage.Contact{Name: "Budi"})
			if err != nil {
				return err
			}
			_, _, err = tx.RecordSale(c.ID, seller*1000, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := db.View(2, t0, func(tx *storage.Tx) error {
		sales, err := tx.Sales(t0, t0.Add(time.Second))
		if len(sales) != 1 || sales[0].Amount != 2000 {
			t.Errorf("seller 2 sees %+v", sales)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Bu Sari", "bu sari"},
		{"  bu   SARI \t", "bu sari"},
		{"Toko <Maju> & Jaya_*", "toko <maju> & jaya_*"},
		{"İbu ŞARİ", "i̇bu şari̇"},
		{"ＢＵ ｓａｒｉ", "bu sari"},
		{"Straße", "strasse"},
		{"", ""},
	} {
		if got := storage.NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNameKeyASCIIAgreesWithUnicode(f *testing.F) {
	f.Add("Bu Sari")
	f.Add(" a\tB  c ")
	f.Fuzz(func(t *testing.T, s string) {
		key := storage.NameKey(s)
		if storage.NameKey(key) != key {
			t.Errorf("NameKey not idempotent on %q: %q", s, key)
		}
	})
}

func TestHistoryAndSearchStayInTheBook(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for seller := int64(1); seller <= 3; seller++ {
		err := db.Apply(ctx, upd(seller, seller, t0), func(tx *storage.Tx) error {
			c, err := tx.AddContact(storage.Contact{Name: "Budi"})
			if err != nil {
				return err
			}
			_, _, err = tx.AddNote(c.ID, fmt.Sprintf("rahasia penjual %d", seller))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := db.View(2, t0, func(tx *storage.Tx) error {
		h, err := tx.History(1, 0)
		if err != nil {
			return err
		}
		if len(h) != 2 || h[0].Text != "rahasia penjual 2" {
			t.Errorf("history of seller 2's #1 = %+v", h)
		}
		found, err := tx.Search("rahasia penjual 3")
		if len(found) != 0 {
			t.Errorf("seller 2 found seller 3's note: %+v", found)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
