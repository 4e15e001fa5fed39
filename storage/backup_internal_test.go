package storage

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// failAfter fails once limit bytes went through; at that moment it runs
// check (what is visible on disk halfway through a backup).
type failAfter struct {
	w     io.Writer
	limit int
	n     int
	check func()
}

var errDiskFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n+len(p) > f.limit {
		f.check()
		return 0, errDiskFull
	}
	f.n += len(p)
	return f.w.Write(p)
}

// No half-written backup is ever visible under the final name: not while
// it is written, not after it failed. The file that was there before
// stays as it was.
func TestBackupFileIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := t.TempDir()
	target := filepath.Join(dir, "salesbot-20261129T120000Z.db")
	if err := os.WriteFile(target, []byte("yesterday's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	checked := false
	_, err = db.backupFile(context.Background(), target, func(w io.Writer) io.Writer {
		return &failAfter{w: w, limit: 8 << 10, check: func() {
			checked = true
			if b, _ := os.ReadFile(target); string(b) != "yesterday's backup" {
				t.Errorf("midway, %s holds %d bytes of something else", target, len(b))
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 2 {
				t.Errorf("midway, the directory holds %d files, want the old backup and one temporary file", len(entries))
			}
		}}
	})
	if !errors.Is(err, errDiskFull) || !checked {
		t.Fatalf("got %v (checked midway: %v), want the writer's error", err, checked)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != filepath.Base(target) {
		t.Errorf("after the failure the directory holds %v", entries)
	}
	if b, _ := os.ReadFile(target); string(b) != "yesterday's backup" {
		t.Errorf("the failed backup changed %s", target)
	}
}
