package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	bolt "go.etcd.io/bbolt"

	"github.com/salesbot/salesbot/locales"
	"github.com/salesbot/salesbot/storage"
)

// newOfflineServer is a Server with a real store and no Telegram: Handle
// runs the whole handler path (update in, committed, reply queued).
func newOfflineServer(tb testing.TB) *Server {
	tb.Helper()
	db, err := storage.Open(filepath.Join(tb.TempDir(), "bench.db"), storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	bundle, err := locales.Bundle()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := New(context.Background(), Config{Store: db, Bundle: bundle, Location: time.UTC})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func saleUpdate(id, seller int64, text string) *models.Update {
	from := &models.User{ID: seller, FirstName: "Penjual", LanguageCode: "id"}
	return &models.Update{ID: id, Message: &models.Message{ID: int(id), From: from,
		Chat: models.Chat{ID: seller, Type: models.ChatTypePrivate}, Date: int(time.Now().Unix()), Text: text}}
}

// baselineWritesPerSec measures one fsync'd bbolt Update per write, the
// figure the sales path is compared with, on the same disk in the same run.
// It runs for n writes or one second, whichever comes first.
func baselineWritesPerSec(tb testing.TB, n int) float64 {
	db, err := bolt.Open(filepath.Join(tb.TempDir(), "baseline.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	i := 0
	for ; i < n && time.Since(start) < time.Second; i++ {
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("sales"))
			if err != nil {
				return err
			}
			id, _ := b.NextSequence()
			return b.Put(u64key(id), []byte(`{"amount":350000,"text":"kerudung"}`))
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return float64(i) / time.Since(start).Seconds()
}

func u64key(v uint64) []byte {
	return []byte{byte(v >> 56), byte(v >> 48), byte(v >> 40), byte(v >> 32), byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}

// BenchmarkDurableSales records sales through Handle, every one committed
// with fsync before Handle returns, by 1 seller and by 50 sellers at once,
// and reports sales/s and the ratio to the fsync'd bbolt baseline.
func BenchmarkDurableSales(b *testing.B) {
	// The collector target salesbot runs with (see GCPercent).
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	for _, sellers := range []int{1, 50} {
		b.Run(fmt.Sprintf("sellers=%d", sellers), func(b *testing.B) {
			// The disk of a shared machine is noisy: the baseline is taken
			// before and after the measured run and averaged.
			before := baselineWritesPerSec(b, 200)
			s := newOfflineServer(b)
			ctx := context.Background()
			var next atomic.Int64
			// Every seller has the buyer already: the path is the common one.
			for i := 1; i <= sellers; i++ {
				if err := s.Handle(ctx, saleUpdate(next.Add(1), int64(i), "/prospek Bu Sari")); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			per := (b.N + sellers - 1) / sellers
			for i := 1; i <= sellers; i++ {
				wg.Add(1)
				go func(seller int64) {
					defer wg.Done()
					for j := 0; j < per; j++ {
						if err := s.Handle(ctx, saleUpdate(next.Add(1), seller, "/jual Bu Sari 350rb kerudung")); err != nil {
							b.Error(err)
							return
						}
					}
				}(int64(i))
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			baseline := (before + baselineWritesPerSec(b, 200)) / 2
			rate := float64(per*sellers) / elapsed.Seconds()
			b.ReportMetric(rate, "sales/s")
			b.ReportMetric(baseline, "baseline_writes/s")
			b.ReportMetric(rate/baseline, "x_baseline")
		})
	}
}
