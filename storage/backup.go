package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Hot backups. A backup is bbolt's Tx.WriteTo inside one read transaction:
// a byte copy of the pages of the last commit, which bbolt does not reuse
// while the transaction is open, so the copy is consistent while sellers
// keep writing. Readers never wait for the writer, nor it for them, with
// one exception: bbolt grows its memory map under a lock every read
// transaction holds shared, so a commit that needs a bigger map waits for
// the backup to end, and every write queued behind it with it. Open used
// to leave the map at bbolt's default (the file's size rounded up to a
// power of two), and a young book's sales then stalled for a whole backup
// every few hundred sales; it now maps with headroom (initialMmapSize in
// db.go), so that happens once the book has doubled since the start.
// Pages freed during a backup cannot be reused until it ends, so the file
// grows a little faster meanwhile. What remains is the disk and the CPU the
// copy shares with the sales (BenchmarkLargeBook, 1 GB book on 2 cores: a
// durable sale's p50 1.5 times, p99 about 6 times as long, 7-8 ms against
// 1.3 ms, the worst 11-22 ms, for the 3.3-3.6 s of the backup).

// backupBuffer is the size of the writes to the backup file: large
// enough that the copy is not bound by system calls.
const backupBuffer = 1 << 20

// backupSyncEvery is how much of the copy may wait in the page cache
// before it is synced, while the copy goes on. Left to the kernel, a 1 GB
// copy stayed dirty (below dirty_background_ratio on a machine with
// memory to spare) until the final fsync, which flushed it in one burst:
// the sales committed meanwhile waited for it, up to 88-196 ms. Synced
// every 8 MB the worst sale took 11-22 ms, and the backup was no slower
// (BenchmarkLargeBook, ext4 on the 2-core VM; 16 MB: 12-13 ms, 32 MB:
// 17-23 ms).
const backupSyncEvery = 8 << 20

// syncingWriter syncs the file every `every` bytes.
type syncingWriter struct {
	f       *os.File
	every   int64
	pending int64
}

func (s *syncingWriter) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	s.pending += int64(n)
	if err == nil && s.every > 0 && s.pending >= s.every {
		s.pending = 0
		if err := s.f.Sync(); err != nil {
			return n, fmt.Errorf("sync: %w", err)
		}
	}
	return n, err
}

// Backup writes a consistent snapshot of the whole database to w and
// returns the bytes written. It runs in one read transaction, so it does
// not stop writes (see above), and stops early with ctx's error when ctx
// ends (a shutdown should not wait for a copy of a large book). What w
// holds after an error is not a database.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx: ctx, w: w})
		return err
	})
	if err != nil {
		// bbolt words some writer errors with %s, losing ctx's error.
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			return n, fmt.Errorf("backup: %w (%v)", cerr, err)
		}
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// ctxWriter fails the copy once ctx ends.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// BackupFile writes a snapshot to path atomically: to a temporary file in
// the same directory, synced, checked, then renamed over path, and the
// directory synced. path is either the complete snapshot or untouched
// (whatever was there before stays), never half a copy, even if the
// process dies midway. Returns the bytes written.
func (db *DB) BackupFile(ctx context.Context, path string) (int64, error) {
	return db.backupFile(ctx, path, nil)
}

// backupFile is BackupFile with a hook that wraps the file's writer (tests
// make it fail midway).
func (db *DB) backupFile(ctx context.Context, path string, wrap func(io.Writer) io.Writer) (n int64, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	var w io.Writer = &syncingWriter{f: tmp, every: backupSyncEvery}
	if wrap != nil {
		w = wrap(w)
	}
	buf := bufio.NewWriterSize(w, backupBuffer)
	if n, err = db.Backup(ctx, buf); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err = buf.Flush(); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	// The read transaction is closed: the sync below does not hold it.
	if err = tmp.Sync(); err != nil {
		return n, fmt.Errorf("backup to %s: sync: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	// A cheap look at what landed on disk: the header and the size it
	// implies. The full check is `salesbot check` on the backup.
	if err = checkHeader(tmp.Name(), n); err != nil {
		return n, fmt.Errorf("backup to %s: the copy does not read back: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	if err = syncDir(dir); err != nil {
		return n, fmt.Errorf("backup to %s: %w", path, err)
	}
	return n, nil
}

// checkHeader reads the meta pages of the file a backup just wrote and
// checks its size is what they claim.
func checkHeader(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	m, _, err := readHeader(f, path, size)
	if err != nil {
		return err
	}
	if want := int64(m.hwm) * int64(m.pageSize); want != size {
		return fmt.Errorf("%d bytes written, the header says %d", size, want)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// Backup files are named by the UTC time of the backup, so names sort by
// age and a listing reads as a calendar. Pruning touches nothing else.
const backupTimeLayout = "20060102T150405Z"

var (
	backupNameRE = regexp.MustCompile(`^salesbot-\d{8}T\d{6}Z\.db$`)
	backupTempRE = regexp.MustCompile(`^\.salesbot-\d{8}T\d{6}Z\.db\.\d+\.tmp$`)
)

// BackupName is the file name of a backup taken at t.
func BackupName(t time.Time) string {
	return "salesbot-" + t.UTC().Format(backupTimeLayout) + ".db"
}

// Backups lists the backup files in dir (named as BackupName makes them),
// oldest first. Other files are not listed.
func Backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupNameRE.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths, nil
}

// BackupInfo is the result of BackupTo.
type BackupInfo struct {
	Path    string   // the new backup
	Bytes   int64    // its size
	Removed []string // older backups deleted to keep the newest keep
}

// staleTemp is the age after which a temporary file of ours is the
// remains of a backup that died (a crash, a kill): a live one is written
// to continuously.
const staleTemp = time.Hour

// BackupTo writes a backup named BackupName(now) into dir (created if
// missing) and deletes the oldest backups so that keep remain, counting
// the new one, which is never deleted, even when the clock went back and
// older-named files look newer. Only files named like backups are deleted,
// and temporary files of backups that died more than an hour ago. If the
// backup was written but pruning failed, the info is filled in and the
// error says what could not be deleted.
func (db *DB) BackupTo(ctx context.Context, dir string, now time.Time, keep int) (BackupInfo, error) {
	if keep < 1 {
		return BackupInfo{}, fmt.Errorf("backup: keep %d, want at least 1", keep)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	path := filepath.Join(dir, BackupName(now))
	n, err := db.BackupFile(ctx, path)
	if err != nil {
		return BackupInfo{}, err
	}
	info := BackupInfo{Path: path, Bytes: n}
	info.Removed, err = prune(dir, keep, path, now)
	return info, err
}

// prune deletes the oldest backups in dir beyond keep, sparing newest.
func prune(dir string, keep int, newest string, now time.Time) ([]string, error) {
	all, err := Backups(dir)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, p := range all {
		if p != newest {
			others = append(others, p)
		}
	}
	var removed []string
	var errs []error
	if excess := len(others) - (keep - 1); excess > 0 {
		for _, p := range others[:excess] {
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return removed, fmt.Errorf("prune backups: %w", err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !backupTempRE.MatchString(e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > staleTemp {
			p := filepath.Join(dir, e.Name())
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("prune backups: %w", err)
	}
	return removed, nil
}
