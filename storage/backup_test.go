package storage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// sale is one sale a writer recorded: a new contact with one purchase.
type sale struct {
	seller int64
	name   string
	late   bool // its Apply began after the backup's transaction had begun
}

// onFirstWrite calls fn once, at the first write, then writes through.
type onFirstWrite struct {
	w    io.Writer
	once sync.Once
	fn   func()
}

func (o *onFirstWrite) Write(p []byte) (int, error) {
	o.once.Do(o.fn)
	return o.w.Write(p)
}

// A backup taken while sellers write holds every sale whose write returned
// before it started, and none that began after its transaction did (a
// consistent snapshot). The copy waits midway until sales that began after
// it have been committed, durably: the backup does not hold up writes. The
// book is young, so those sales grow the file: before Open asked for a
// larger memory map (initialMmapSize), their commit waited for the backup.
func TestHotBackupHoldsEverySaleWrittenBeforeIt(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var (
		mu      sync.Mutex
		acked   []sale
		lateAck = make(chan struct{}, 1000)
		began   atomic.Bool
		stop    = make(chan struct{})
		wg      sync.WaitGroup
		nextID  atomic.Int64
		failed  = make(chan error, 4)
	)
	nextID.Store(100)
	for seller := int64(1); seller <= 4; seller++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				s := sale{seller: seller, name: fmt.Sprintf("Pembeli %d-%d", seller, i), late: began.Load()}
				err := db.Apply(ctx, upd(nextID.Add(1), seller, t0), func(tx *storage.Tx) error {
					c, err := tx.AddContact(storage.Contact{Name: s.name})
					if err != nil {
						return err
					}
					_, _, err = tx.RecordSale(c.ID, 50000, "keripik")
					return err
				})
				if err != nil {
					failed <- err
					return
				}
				mu.Lock()
				acked = append(acked, s)
				mu.Unlock()
				if s.late {
					lateAck <- struct{}{}
				}
			}
		}()
	}
	stopWriters := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer stopWriters()
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 40 {
			break
		}
		select {
		case err := <-failed:
			t.Fatal(err)
		case <-time.After(time.Millisecond):
		}
	}

	mu.Lock()
	before := slices.Clone(acked)
	mu.Unlock()
	path := filepath.Join(t.TempDir(), "hot.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := &onFirstWrite{w: f, fn: func() {
		began.Store(true)
		for i := 0; i < 10; i++ {
			select {
			case <-lateAck:
			case err := <-failed:
				t.Errorf("a write failed during the backup: %v", err)
				return
			case <-time.After(10 * time.Second):
				t.Errorf("only %d sales were committed during the backup in 10s: the backup holds up writes", i)
				return
			}
		}
	}}
	n, err := db.Backup(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	stopWriters()
	if st, _ := os.Stat(path); st.Size() != n {
		t.Errorf("Backup returned %d bytes, the file has %d", n, st.Size())
	}

	if _, err := storage.Check(path, storage.Options{}); err != nil {
		t.Fatalf("check the backup: %v", err)
	}
	backup, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer backup.Close()
	has := func(s sale) bool {
		var c storage.Contact
		err := backup.View(s.seller, t0, func(tx *storage.Tx) error {
			var err error
			c, err = tx.ContactByName(s.name)
			return err
		})
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			t.Fatal(err)
		}
		if err == nil && (c.Purchases != 1 || c.Total != 50000) {
			t.Errorf("%s in the backup without their sale: %+v", s.name, c)
		}
		return err == nil
	}
	for _, s := range before {
		if !has(s) {
			t.Errorf("%s was committed before the backup started but is not in it", s.name)
		}
	}
	mu.Lock()
	all := slices.Clone(acked)
	mu.Unlock()
	var late, in int
	for _, s := range all {
		if has(s) {
			in++
		}
		if s.late {
			late++
			if has(s) {
				t.Errorf("%s began after the backup's transaction but is in it", s.name)
			}
		}
	}
	t.Logf("%d sales before the backup, %d in it, %d committed during it, %d in all", len(before), in, late, len(all))
}

func TestBackupToKeepsTheNewest(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.Apply(ctx, upd(1, 1, t0), func(tx *storage.Tx) error {
		_, err := tx.AddContact(storage.Contact{Name: "Bu Sari"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups") // created by BackupTo
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Files that are not ours stay, whatever their names.
	foreign := []string{"notes.txt", "salesbot-old.db", "salesbot-20261129T120000Z.db.bak", "salesbot.db"}
	for _, name := range foreign {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A temporary file of a backup that died long ago goes; a fresh one
	// (a backup in progress in another process) stays.
	stale := filepath.Join(dir, ".salesbot-20261101T000000Z.db.123.tmp")
	fresh := filepath.Join(dir, ".salesbot-20261129T000000Z.db.456.tmp")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	if err := os.Chtimes(stale, start, start); err != nil {
		t.Fatal(err)
	}

	var last storage.BackupInfo
	for day := 0; day < 10; day++ {
		now := start.AddDate(0, 0, day)
		info, err := db.BackupTo(ctx, dir, now, 3)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(dir, "salesbot-"+now.Format("20060102")+"T020000Z.db"); info.Path != want || info.Bytes == 0 {
			t.Fatalf("backup %d = %+v, want %s", day, info, want)
		}
		last = info
	}
	got, err := storage.Backups(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(dir, "salesbot-20261127T020000Z.db"),
		filepath.Join(dir, "salesbot-20261128T020000Z.db"),
		filepath.Join(dir, "salesbot-20261129T020000Z.db"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	for _, name := range foreign {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("pruning touched %s: %v", name, err)
		}
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale temporary file is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("the fresh temporary file was removed: %v", err)
	}
	if st, err := os.Stat(last.Path); err != nil || st.Size() != last.Bytes || st.Mode().Perm() != 0o600 {
		t.Errorf("newest backup: %v, %v; want %d bytes, mode 0600", st, err, last.Bytes)
	}

	// The clock went back: the new backup's name sorts first, and it is
	// still the one kept, with the two newest-named.
	info, err := db.BackupTo(ctx, dir, start.AddDate(0, 0, -30), 3)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = storage.Backups(dir)
	if !slices.Contains(got, info.Path) || len(got) != 3 || len(info.Removed) != 1 || info.Removed[0] != want[0] {
		t.Errorf("after a backup dated earlier: kept %v, removed %v", got, info.Removed)
	}
	if _, err := db.BackupTo(ctx, dir, start, 0); err == nil {
		t.Errorf("keep 0 accepted")
	}
}

// A backup that stops midway (here: shutdown) leaves nothing behind: no
// file under the final name, no temporary file.
func TestBackupStoppedLeavesNoFile(t *testing.T) {
	db := mustOpen(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.BackupTo(ctx, dir, t0, 7); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
	db.Close()
	if _, err := db.Backup(context.Background(), io.Discard); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("backup of a closed database: %v", err)
	}
}
