package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/salesbot/salesbot/storage"
)

func TestStampFollowsTheSellerAndTheNamedContacts(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(t.TempDir(), "stamp.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	apply := func(fn func(tx *storage.Tx) error) {
		t.Helper()
		if err := db.Apply(ctx, storage.Update{SellerID: 1, ChatID: 1, At: at}, fn); err != nil {
			t.Fatal(err)
		}
	}
	// change, unlike an update, leaves the seller's record alone.
	change := func(fn func(tx *storage.Tx) error) {
		t.Helper()
		at = at.Add(time.Hour)
		if err := db.Change(ctx, 1, at, fn); err != nil {
			t.Fatal(err)
		}
	}
	stamp := func(ids ...uint64) uint64 {
		t.Helper()
		var s uint64
		if err := db.View(1, at, func(tx *storage.Tx) error { s = tx.Stamp(ids); return nil }); err != nil {
			t.Fatal(err)
		}
		return s
	}
	apply(func(tx *storage.Tx) error {
		for _, n := range []string{"Joko", "Ani", "Sari"} {
			if _, err := tx.AddContact(storage.Contact{Name: n}); err != nil {
				return err
			}
		}
		return nil
	})
	s12, s1 := stamp(1, 2), stamp(1)
	if s12 == s1 || stamp(1, 2) != s12 {
		t.Fatal("stamp not a function of the contacts named")
	}
	if stamp(1, 4) == stamp(1) {
		t.Error("a missing contact does not count")
	}
	change(func(tx *storage.Tx) error { _, _, err := tx.LogContacted(3, ""); return err })
	if stamp(1, 2) != s12 {
		t.Error("a change to another contact changed the stamp")
	}
	change(func(tx *storage.Tx) error { _, _, err := tx.LogContacted(2, ""); return err })
	if stamp(1, 2) == s12 {
		t.Error("a change to a named contact kept the stamp")
	}
	s12 = stamp(1, 2)
	change(func(tx *storage.Tx) error {
		s := tx.Seller()
		s.LastDigestDay = "2026-03-02"
		return tx.SaveSeller(s)
	})
	if stamp(1, 2) == s12 {
		t.Error("a change to the seller kept the stamp")
	}
	// The same bytes stamp the same in a write transaction.
	want := stamp(1, 2)
	if err := db.Change(ctx, 1, at, func(tx *storage.Tx) error {
		if tx.Stamp([]uint64{1, 2}) != want {
			t.Error("write transaction stamps differently")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
