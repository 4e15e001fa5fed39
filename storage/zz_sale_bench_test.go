package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/salesbot/salesbot/storage"
)

func BenchmarkZZSale(b *testing.B) {
	db, err := storage.Open(filepath.Join(b.TempDir(), "s.db"), storage.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	if err := db.Apply(ctx, storage.Update{ID: 1, SellerID: 1, ChatID: 1, At: at}, func(tx *storage.Tx) error {
		_, err := tx.AddContact(storage.Contact{Name: "Bu Sari"})
		return err
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := db.Apply(ctx, storage.Update{ID: int64(i + 2), SellerID: 1, ChatID: 1, At: at}, func(tx *storage.Tx) error {
			c, err := tx.ContactByName("bu sari")
			if err != nil {
				return err
			}
			_, _, err = tx.RecordSale(c.ID, 350000, "kerudung")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
