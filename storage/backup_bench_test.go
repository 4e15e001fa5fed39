package storage

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The large book: benchSellers sellers, each given benchBatch contacts
// with one sale each per round, until the file holds benchBookBytes (or
// the build has taken benchBuildBudget: the size reached is reported).
const (
	benchSellers     = 1000
	benchBatch       = 50
	benchBookBytes   = 1 << 30
	benchBuildBudget = 2 * time.Minute
	// benchBookEnv names a file to keep the book in between runs (built
	// if missing); without it the book is built in a temporary directory
	// and removed.
	benchBookEnv = "SALESBOT_BENCH_BOOK"
	// benchBaseline is how long the sale latency is sampled without a
	// backup, before and again after it (a shared disk drifts).
	benchBaseline = 5 * time.Second
)

var benchAt = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

// BenchmarkLargeBook measures what a hot backup of a book of about 1 GB
// costs, on the machine's disk with every commit synced as in production:
//
//   - HotBackup: one BackupFile (copy, fsync, rename) while one seller
//     records durable sales back to back; how long it takes (MB/s), how
//     long it holds its read transaction, and the sales' p50/p99 latency
//     during it against the same without a backup (ratios).
//   - Open: what Open's checks cost on this book: our page walk (every
//     open), bbolt's Tx.Check (only up to openCheckLimit), and Open itself.
//
// It builds the book first (NoSync, about 30 s on 2 cores), so it skips
// under -short. Run it with
//
//	go test ./storage -run '^$' -bench LargeBook -benchtime 1x
func BenchmarkLargeBook(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 1 GB book")
	}
	path := largeBook(b)
	b.Run("HotBackup", func(b *testing.B) { benchHotBackup(b, path) })
	b.Run("Open", func(b *testing.B) { benchOpen(b, path) })
}

func largeBook(b *testing.B) string {
	path := os.Getenv(benchBookEnv)
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	} else if _, err := os.Stat(path); err == nil {
		b.Logf("using the book in %s", path)
		return path
	}
	start := time.Now()
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	round := 0
	for ; size < benchBookBytes && time.Since(start) < benchBuildBudget; round++ {
		if err := fillRound(db, round); err != nil {
			b.Fatal(err)
		}
		if err := db.bolt.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d sellers x %d contacts with a sale each: %d MB in use, in %s%s", benchSellers, round*benchBatch,
		size>>20, time.Since(start).Round(time.Second),
		map[bool]string{true: " (the build budget ran out before 1 GB)", false: ""}[size < benchBookBytes])
	return path
}

// fillRound gives every seller benchBatch more contacts, each with a sale,
// one transaction per seller, from 8 writers (group commit).
func fillRound(db *DB, round int) error {
	sellers := make(chan int64)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range sellers {
				err := db.Apply(context.Background(), Update{SellerID: s, ChatID: s, Name: "Penjual", At: benchAt}, func(tx *Tx) error {
					for i := 0; i < benchBatch; i++ {
						c, err := tx.AddContact(Contact{Name: fmt.Sprintf("Pelanggan %d-%d-%d", s, round, i),
							Phone: "+6281234567890", Tags: []string{"arisan"}})
						if err != nil {
							return err
						}
						if _, _, err := tx.RecordSale(c.ID, 150000, "2 kerudung biru"); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for s := int64(1); s <= benchSellers; s++ {
		sellers <- s
	}
	close(sellers)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// sampled is one durable sale: when it returned and how long it took.
type sampled struct {
	end time.Time
	lat time.Duration
}

// sellSales records durable sales, one after another, of random sellers
// to random existing contacts, until stop is closed.
func sellSales(db *DB, contacts int, stop <-chan struct{}, nextID *atomic.Int64) ([]sampled, error) {
	rng := rand.New(rand.NewPCG(1, uint64(nextID.Load())))
	var out []sampled
	for {
		select {
		case <-stop:
			return out, nil
		default:
		}
		seller := 1 + rng.Int64N(benchSellers)
		contact := 1 + rng.Uint64N(uint64(contacts))
		start := time.Now()
		err := db.Apply(context.Background(), Update{ID: nextID.Add(1), SellerID: seller, At: benchAt}, func(tx *Tx) error {
			_, _, err := tx.RecordSale(contact, 50000, "keripik")
			return err
		})
		if err != nil {
			return out, err
		}
		end := time.Now()
		out = append(out, sampled{end: end, lat: end.Sub(start)})
	}
}

// sellFor samples durable sales for d.
func sellFor(db *DB, contacts int, d time.Duration, nextID *atomic.Int64) ([]time.Duration, error) {
	stop := make(chan struct{})
	timer := time.AfterFunc(d, func() { close(stop) })
	defer timer.Stop()
	s, err := sellSales(db, contacts, stop, nextID)
	lats := make([]time.Duration, len(s))
	for i, x := range s {
		lats[i] = x.lat
	}
	return lats, err
}

func percentile(lats []time.Duration, p float64) time.Duration {
	if len(lats) == 0 {
		return 0
	}
	s := slices.Clone(lats)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// lastWrite notes when the copy last wrote: the end of the read
// transaction (the buffered tail is flushed right after it).
type lastWrite struct {
	w  io.Writer
	at atomic.Int64
}

func (l *lastWrite) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	l.at.Store(time.Now().UnixNano())
	return n, err
}

func benchHotBackup(b *testing.B, path string) {
	db, err := Open(path, Options{}) // every commit synced
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	contacts := 0
	if err := db.View(1, benchAt, func(tx *Tx) error {
		cs, err := tx.Contacts()
		contacts = len(cs)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	var nextID atomic.Int64
	nextID.Store(time.Now().UnixNano()) // unique also when the book is reused
	dir := b.TempDir()

	var copyS, totalS, mbps, base50, base99, dur50, dur99, copy99, sync99, maxDur, n float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		before, err := sellFor(db, contacts, benchBaseline, &nextID)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()

		stop := make(chan struct{})
		var during []sampled
		var sellErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			during, sellErr = sellSales(db, contacts, stop, &nextID)
		}()
		time.Sleep(200 * time.Millisecond) // the seller is under way
		target := filepath.Join(dir, BackupName(time.Now()))
		var lw *lastWrite
		start := time.Now()
		size, err := db.backupFile(context.Background(), target, func(w io.Writer) io.Writer {
			lw = &lastWrite{w: w}
			return lw
		})
		end := time.Now()
		close(stop)
		<-done
		if err != nil || sellErr != nil {
			b.Fatal(err, sellErr)
		}
		copyEnd := time.Unix(0, lw.at.Load())

		b.StopTimer()
		after, err := sellFor(db, contacts, benchBaseline, &nextID)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.Remove(target); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()

		var inBackup, inCopy, inSync []time.Duration
		for _, s := range during {
			if s.end.Before(start) || s.end.Add(-s.lat).After(end) {
				continue
			}
			inBackup = append(inBackup, s.lat)
			if s.end.Before(copyEnd) {
				inCopy = append(inCopy, s.lat)
			} else {
				inSync = append(inSync, s.lat)
			}
		}
		base := append(before, after...)
		copyS += copyEnd.Sub(start).Seconds()
		totalS += end.Sub(start).Seconds()
		mbps += float64(size) / 1e6 / end.Sub(start).Seconds()
		base50 += ms(percentile(base, .50))
		base99 += ms(percentile(base, .99))
		dur50 += ms(percentile(inBackup, .50))
		dur99 += ms(percentile(inBackup, .99))
		copy99 += ms(percentile(inCopy, .99))
		sync99 += ms(percentile(inSync, .99))
		maxDur += ms(percentile(inBackup, 1))
		n += float64(len(inBackup))
		b.Logf("backup of %d MB: %.2f s (read transaction %.2f s, then fsync), %.0f MB/s; %d sales during it "+
			"(%d in the copy, %d in the fsync), %d without (p50 %.2f ms, p99 %.2f ms) vs during (p50 %.2f ms, p99 %.2f ms, max %.1f ms; p99 in the copy %.2f ms, in the fsync %.2f ms)",
			size>>20, end.Sub(start).Seconds(), copyEnd.Sub(start).Seconds(), float64(size)/1e6/end.Sub(start).Seconds(),
			len(inBackup), len(inCopy), len(inSync), len(base), ms(percentile(base, .5)), ms(percentile(base, .99)),
			ms(percentile(inBackup, .5)), ms(percentile(inBackup, .99)), ms(percentile(inBackup, 1)),
			ms(percentile(inCopy, .99)), ms(percentile(inSync, .99)))
	}
	b.StopTimer()
	N := float64(b.N)
	b.ReportMetric(totalS/N, "backup-s")
	b.ReportMetric(copyS/N, "readtx-s")
	b.ReportMetric(mbps/N, "MB/s")
	b.ReportMetric(base50/N, "base-p50-ms")
	b.ReportMetric(base99/N, "base-p99-ms")
	b.ReportMetric(dur50/N, "backup-p50-ms")
	b.ReportMetric(dur99/N, "backup-p99-ms")
	b.ReportMetric(maxDur/N, "backup-max-ms")
	b.ReportMetric(copy99/N, "copy-p99-ms")
	b.ReportMetric(sync99/N, "fsync-p99-ms")
	b.ReportMetric(dur50/base50, "p50-ratio")
	b.ReportMetric(dur99/base99, "p99-ratio")
	b.ReportMetric(n/N, "sales-during")
}

func benchOpen(b *testing.B, path string) {
	var walk, check, open time.Duration
	var size int64
	for i := 0; i < b.N; i++ {
		start := time.Now()
		rep, err := inspect(path, time.Second)
		if err != nil {
			b.Fatal(err)
		}
		walk += time.Since(start)
		size = rep.FileSize

		start = time.Now()
		bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, FreelistType: bolt.FreelistMapType})
		if err != nil {
			b.Fatal(err)
		}
		if err := deepCheck(bdb, path); err != nil {
			b.Fatal(err)
		}
		check += time.Since(start)
		if err := bdb.Close(); err != nil {
			b.Fatal(err)
		}

		start = time.Now()
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		open += time.Since(start)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	N := float64(b.N)
	gb := float64(size) / 1e9
	b.ReportMetric(walk.Seconds()/N, "walk-s")
	b.ReportMetric(check.Seconds()/N, "txcheck-s")
	b.ReportMetric(open.Seconds()/N, "open-s")
	b.ReportMetric(walk.Seconds()/N/gb, "walk-s/GB")
	b.ReportMetric(check.Seconds()/N/gb, "txcheck-s/GB")
}
