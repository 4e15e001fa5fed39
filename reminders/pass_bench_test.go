package reminders_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/reminders"
	"github.com/salesbot/salesbot/storage"
)

// The benchmark books: benchSellers sellers in WIB, each with perSeller
// contacts of which benchDuePerSeller are due at benchNow (a Tuesday, past
// the digest hour). The rest are prospects contacted yesterday and buyers
// whose next follow-up is weeks away: they sit in the due index, after now.
const (
	benchSellers      = 1000
	benchDuePerSeller = 10
)

var benchNow = time.Date(2026, 3, 10, 9, 5, 0, 0, wibLoc) // Tuesday 09:05 WIB

// TestMain removes the benchmark books, which are built once per process
// and shared by the benchmarks.
func TestMain(m *testing.M) {
	code := m.Run()
	benchBooks.mu.Lock()
	if benchBooks.dir != "" && !benchBooks.keep {
		_ = os.RemoveAll(benchBooks.dir)
	}
	benchBooks.mu.Unlock()
	os.Exit(code)
}

// benchDirEnv names a directory where the benchmark books are kept between
// runs, so a profile (-cpuprofile) shows the passes rather than the build.
const benchDirEnv = "SALESBOT_BENCH_DIR"

var benchBooks struct {
	mu    sync.Mutex
	dir   string
	keep  bool           // dir comes from benchDirEnv
	paths map[int]string // contacts per seller -> closed database file
}

// benchBook returns the path of a closed database with benchSellers sellers
// of perSeller contacts each, building it on first use.
func benchBook(b *testing.B, perSeller int) string {
	b.Helper()
	benchBooks.mu.Lock()
	defer benchBooks.mu.Unlock()
	if p, ok := benchBooks.paths[perSeller]; ok {
		return p
	}
	if benchBooks.dir == "" {
		dir, keep := os.Getenv(benchDirEnv), true
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "salesbot-bench-"); err != nil {
				b.Fatal(err)
			}
			keep = false
		}
		benchBooks.dir, benchBooks.keep, benchBooks.paths = dir, keep, map[int]string{}
	}
	path := filepath.Join(benchBooks.dir, fmt.Sprintf("book-%d.db", perSeller))
	if _, err := os.Stat(path); err == nil && benchBooks.keep {
		benchBooks.paths[perSeller] = path // built by an earlier run
		return path
	}
	start := time.Now()
	if err := buildBenchBook(path, perSeller); err != nil {
		b.Fatalf("build %d contacts per seller: %v", perSeller, err)
	}
	st, _ := os.Stat(path)
	b.Logf("built %d sellers x %d contacts in %s (%d MB)", benchSellers, perSeller,
		time.Since(start).Round(time.Second), st.Size()>>20)
	benchBooks.paths[perSeller] = path
	return path
}

func buildBenchBook(path string, perSeller int) error {
	ctx := context.Background()
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	// The rules must be in place while contacts are added, so the due index
	// is built with them.
	if err := db.SetRules(ctx, reminders.Rules{Default: wibLoc}); err != nil {
		return err
	}
	// Sellers joined on Monday after the summary hour: no weekly summary is
	// due at benchNow, so every measured pass does the same work.
	created := time.Date(2026, 3, 9, 10, 0, 0, 0, wibLoc)
	jobs := make(chan int64)
	errs := make(chan error, benchSellers)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seller := range jobs {
				errs <- db.Apply(ctx, storage.Update{SellerID: seller, ChatID: seller, Name: "Seller", At: created},
					func(tx *storage.Tx) error { return fillBenchBook(tx, seller, perSeller) })
			}
		}()
	}
	for s := int64(1); s <= benchSellers; s++ {
		jobs <- 1000 + s
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	// Check the premise: exactly the due contacts are in the index before now.
	due, err := db.Due(benchNow, 0)
	if err != nil {
		return err
	}
	if len(due) != benchSellers*benchDuePerSeller {
		return fmt.Errorf("%d due contacts, want %d", len(due), benchSellers*benchDuePerSeller)
	}
	return db.Close()
}

func fillBenchBook(tx *storage.Tx, seller int64, perSeller int) error {
	for i := 0; i < perSeller; i++ {
		c := storage.Contact{
			Name:  fmt.Sprintf("Kontak %d-%d", seller, i),
			Phone: fmt.Sprintf("+62812%07d", i),
			Tags:  []string{"reseller"},
		}
		switch {
		case i < benchDuePerSeller: // a prospect not contacted for 4-5 days: due
			c.CreatedAt = benchNow.Add(-4*24*time.Hour - time.Duration(i)*time.Hour)
		case i%3 == 0: // a prospect added yesterday
			c.CreatedAt = benchNow.Add(-24*time.Hour - time.Duration(i)*time.Second)
		default: // a pelanggan contacted two days ago, next follow-up weeks away
			c.CreatedAt = benchNow.AddDate(0, -2, 0)
			c.Purchases, c.Total = 2, 500000
			c.FirstSaleAt, c.FirstSaleAmount = benchNow.AddDate(0, 0, -60), 250000
			c.SecondSaleAt = benchNow.AddDate(0, 0, -20)
			c.LastSaleAt = c.SecondSaleAt
			c.LastContactAt = benchNow.Add(-48*time.Hour - time.Duration(i)*time.Second)
		}
		if _, err := tx.AddContact(c); err != nil {
			return err
		}
	}
	return nil
}

// cheapRenderer renders a digest as one short line per contact: the cost
// of the pass without the bot's templates (and without Telegram).
type cheapRenderer struct{}

func (cheapRenderer) Digest(s storage.Seller, nudges []storage.Nudge, more int, now time.Time) storage.OutMessage {
	var b strings.Builder
	for _, n := range nudges {
		b.WriteString(n.Contact.Name)
		b.WriteByte('\n')
	}
	return storage.OutMessage{Text: b.String()}
}

func (cheapRenderer) Reminder(s storage.Seller, r storage.Reminder, c *storage.Contact) storage.OutMessage {
	return storage.OutMessage{Text: r.Text}
}

func (cheapRenderer) Summary(s storage.Seller, week, prev storage.Figures, final bool) storage.OutMessage {
	return storage.OutMessage{Text: "summary"}
}

// benchRig is an opened benchmark book with its scheduler.
type benchRig struct {
	b     *testing.B
	path  string
	db    *storage.DB
	sched *reminders.Scheduler
}

func openBenchRig(b *testing.B, path string) *benchRig {
	b.Helper()
	r := &benchRig{b: b, path: path}
	r.open()
	b.Cleanup(func() { _ = r.db.Close() })
	return r
}

func (r *benchRig) open() {
	r.b.Helper()
	db, err := storage.Open(r.path, storage.Options{}) // as in production: every commit synced
	if err != nil {
		r.b.Fatal(err)
	}
	sched, err := reminders.New(context.Background(), db, cheapRenderer{}, wibLoc, zerolog.Nop())
	if err != nil {
		r.b.Fatal(err)
	}
	r.db, r.sched = db, sched
}

// reopen closes and opens the store: nothing decoded is left in memory, as
// for the first pass after a restart (the file stays in the page cache).
func (r *benchRig) reopen() {
	r.b.Helper()
	if err := r.db.Close(); err != nil {
		r.b.Fatal(err)
	}
	r.open()
}

// pass runs one measured pass and checks that it sent every digest. It
// returns the wall time and the CPU time of the process (user and system)
// during the pass: on a shared machine the CPU time is the steadier figure.
func (r *benchRig) pass(b *testing.B) (wall, cpu time.Duration) {
	cpu0 := processCPU()
	start := time.Now()
	rep, err := r.sched.Pass(context.Background(), benchNow, false)
	wall = time.Since(start)
	cpu = processCPU() - cpu0
	if err != nil {
		b.Fatal(err)
	}
	if rep.Digests != benchSellers || rep.Nudges != benchSellers*benchDuePerSeller {
		b.Fatalf("pass: %d digests with %d nudges, want %d with %d",
			rep.Digests, rep.Nudges, benchSellers, benchSellers*benchDuePerSeller)
	}
	return wall, cpu
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reset puts the book back as it was before the pass: no digest sent today,
// nothing in the outbox. Not timed.
func (r *benchRig) reset(b *testing.B) {
	ctx := context.Background()
	out, err := r.db.Outbox(0)
	if err != nil {
		b.Fatal(err)
	}
	work := make(chan func() error)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for w := 0; w < 64; w++ { // concurrent writers share commits
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				if err := f(); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, m := range out {
		id := m.ID
		work <- func() error { return r.db.OutboxSent(ctx, id) }
	}
	for s := int64(1); s <= benchSellers; s++ {
		seller := 1000 + s
		work <- func() error {
			return r.db.Change(ctx, seller, benchNow, func(tx *storage.Tx) error {
				s := tx.Seller()
				s.LastDigestDay = ""
				return tx.SaveSeller(s)
			})
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
}

// BenchmarkPass is one scheduler pass over 1,000 sellers and 1,000,000
// contacts of which 10,000 (10 per seller) are due, at the digest hour:
// 1,000 digests rendered and queued in the outbox, every commit synced.
// Each iteration starts from the same state (reset outside the timer).
// cold reopens the store before each pass, so every record the pass reads
// is decoded again (the first pass after a restart, or a digest hour after
// a busy day); warm keeps it open, so the records the previous pass decoded
// are still in storage's decode cache.
func BenchmarkPass(b *testing.B) {
	for _, cold := range []bool{true, false} {
		name := "warm"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			rig := openBenchRig(b, benchBook(b, 1000))
			var wall, cpu time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				rig.reset(b)
				if cold {
					rig.reopen()
				}
				b.StartTimer()
				w, c := rig.pass(b)
				wall, cpu = wall+w, cpu+c
			}
			b.StopTimer()
			b.ReportMetric(ms(wall, b.N), "ms/pass")
			b.ReportMetric(ms(cpu, b.N), "cpu-ms/pass")
		})
	}
}

// BenchmarkPassScaling runs the same pass (10,000 due contacts, cold as in
// BenchmarkPass/cold) over books of 100,000 and 1,000,000 contacts: thanks
// to the due index, ten times the contacts should cost well under 1.5 times
// as much. 10,000,000 contacts are not measured: at the 1.75 GB this file
// takes for 1,000,000 (contacts are JSON, about 1.7 kB each with their
// event, name and index entries and bbolt's page slack) it would be about
// 17 GB and take several minutes to build.
func BenchmarkPassScaling(b *testing.B) {
	small := openBenchRig(b, benchBook(b, 100))
	large := openBenchRig(b, benchBook(b, 1000))
	var tSmall, tLarge, cSmall, cLarge time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		small.reset(b)
		small.reopen()
		b.StartTimer()
		w, c := small.pass(b)
		tSmall, cSmall = tSmall+w, cSmall+c
		b.StopTimer()
		large.reset(b)
		large.reopen()
		b.StartTimer()
		w, c = large.pass(b)
		tLarge, cLarge = tLarge+w, cLarge+c
	}
	b.StopTimer()
	b.ReportMetric(ms(tSmall, b.N), "ms/pass-100k")
	b.ReportMetric(ms(tLarge, b.N), "ms/pass-1M")
	b.ReportMetric(float64(tLarge)/float64(tSmall), "ratio")
	b.ReportMetric(float64(cLarge)/float64(cSmall), "cpu-ratio")
}

func ms(d time.Duration, n int) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
