package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesbot/salesbot/storage"
)

// bookFile writes a closed database holding one seller with n contacts,
// each with a sale.
func bookFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "salesbot.db")
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Apply(context.Background(), upd(1, 1, t0), func(tx *storage.Tx) error {
		for i := 0; i < n; i++ {
			c, err := tx.AddContact(storage.Contact{Name: fmt.Sprintf("Bu Sari %d", i), Phone: "+6281234567890"})
			if err != nil {
				return err
			}
			if _, _, err := tx.RecordSale(c.ID, 150000, "kerudung biru"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantDamaged checks that Open and Check both refuse the file with a
// *DamagedError that names it, says why (want) and what to do, and that
// neither changed a byte of it.
func wantDamaged(t *testing.T, path, want string) {
	t.Helper()
	before := readFile(t, path)
	db, err := storage.Open(path, storage.Options{})
	if err == nil {
		db.Close()
		t.Fatalf("Open of a damaged file succeeded")
	}
	for _, err := range []error{err, func() error { _, err := storage.Check(path, storage.Options{}); return err }()} {
		var de *storage.DamagedError
		if !errors.Is(err, storage.ErrDamaged) || !errors.As(err, &de) {
			t.Fatalf("got %v, want ErrDamaged", err)
		}
		msg := err.Error()
		for _, s := range []string{path, want, "Restore a backup: stop the bot, copy the newest backup over the file, start it"} {
			if !strings.Contains(msg, s) {
				t.Errorf("error lacks %q:\n%s", s, msg)
			}
		}
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Errorf("refusing the file changed it")
	}
}

func TestOpenRefusesTruncatedFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		size func(rep storage.FileReport) int64
	}{
		// bbolt grows the file ahead of its pages: half of what the
		// header claims, not of the file.
		{"half", func(rep storage.FileReport) int64 { return int64(rep.Pages) * int64(rep.PageSize) / 2 }},
		{"at a page boundary", func(rep storage.FileReport) int64 { return int64(rep.Pages-1) * int64(rep.PageSize) }},
		{"one byte short", func(rep storage.FileReport) int64 { return int64(rep.Pages)*int64(rep.PageSize) - 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := bookFile(t, 300)
			rep, err := storage.Check(path, storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, tc.size(rep)); err != nil {
				t.Fatal(err)
			}
			wantDamaged(t, path, "cut short")
		})
	}
	t.Run("inside the header", func(t *testing.T) {
		path := bookFile(t, 1)
		if err := os.Truncate(path, 40); err != nil {
			t.Fatal(err)
		}
		wantDamaged(t, path, "too short")
	})
}

// The unused tail bbolt preallocates may be lost (a copy that stopped
// right at the end): every page the header claims is there, so the file
// is sound.
func TestOpenAcceptsFileCutAtItsHighWaterMark(t *testing.T) {
	path := bookFile(t, 300)
	rep, err := storage.Check(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, int64(rep.Pages)*int64(rep.PageSize)); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(1, t0, func(tx *storage.Tx) error {
		_, err := tx.ContactByName("Bu Sari 299")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesGarbage(t *testing.T) {
	for name, content := range map[string][]byte{
		"random bytes": func() []byte { b := make([]byte, 64<<10); _, _ = rand.Read(b); return b }(),
		"a text file":  []byte(strings.Repeat("TELEGRAM_BOT_TOKEN=123:abc\n", 400)),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "salesbot.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			wantDamaged(t, path, "not a bbolt database")
		})
	}
}

// An empty file is refused, not taken for a new database: a botched copy
// or a full disk leaves one, and a fresh start would give every seller an
// empty book.
func TestOpenRefusesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "salesbot.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wantDamaged(t, path, "the file is empty")
}

// damagePage rewrites part of page id of the file at path.
func damagePage(t *testing.T, path string, pageSize int, id uint64, off int, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, int64(id)*int64(pageSize)+int64(off)); err != nil {
		t.Fatal(err)
	}
}

// Pages that point outside the file, back into the tree or at garbage
// would make bbolt fault or recurse forever in a goroutine of its own (no
// recover can reach it): the walk before bbolt refuses them.
func TestOpenRefusesBrokenPages(t *testing.T) {
	const firstChild = 16 + 8 // page header, then pos and ksize of element 0
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string, pageSize int, root uint64)
		want   string
	}{
		{"child beyond the end", func(t *testing.T, path string, ps int, root uint64) {
			damagePage(t, path, ps, root, firstChild, binary.NativeEndian.AppendUint64(nil, 1<<40))
		}, "outside the database"},
		{"child is its own parent", func(t *testing.T, path string, ps int, root uint64) {
			damagePage(t, path, ps, root, firstChild, binary.NativeEndian.AppendUint64(nil, root))
		}, "used twice"},
		{"page overwritten", func(t *testing.T, path string, ps int, root uint64) {
			junk := make([]byte, ps)
			_, _ = rand.Read(junk)
			damagePage(t, path, ps, root, 0, junk)
		}, "holds page"},
		{"unknown page type", func(t *testing.T, path string, ps int, root uint64) {
			damagePage(t, path, ps, root, 8, []byte{0x40, 0})
		}, "unknown type"},
		{"too many elements", func(t *testing.T, path string, ps int, root uint64) {
			damagePage(t, path, ps, root, 10, []byte{0xff, 0xff})
		}, "more than fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := bookFile(t, 300) // enough contacts for a branch page at the root
			root, ps, err := storage.BucketRoot(path, "contacts")
			if err != nil {
				t.Fatal(err)
			}
			tc.damage(t, path, ps, root)
			wantDamaged(t, path, tc.want)
		})
	}
}

// Keys out of order: bbolt's walk at Open would find them and panic in a
// goroutine of its own; ours finds them first.
func TestOpenRefusesKeysOutOfOrder(t *testing.T) {
	path := bookFile(t, 4) // a contacts bucket of one leaf page, not inline
	root, ps, err := storage.BucketRoot(path, "contacts")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	page := make([]byte, ps)
	if _, err := f.ReadAt(page, int64(root)*int64(ps)); err != nil {
		t.Fatal(err)
	}
	if page[8] != 0x02 {
		t.Fatalf("page %d is not a leaf (flags %#x)", root, page[8])
	}
	pos := binary.NativeEndian.Uint32(page[16+4:]) // element 0: flags, pos, ...
	page[16+int(pos)] = 0xff                       // its key now sorts after element 1's
	if _, err := f.WriteAt(page, int64(root)*int64(ps)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wantDamaged(t, path, "out of order")
}

// A torn meta page (a crash while bbolt wrote it) is not damage: bbolt
// uses the other one, as does our check, which says so.
func TestCheckUsesTheOtherMetaPage(t *testing.T) {
	path := bookFile(t, 5)
	before, err := storage.Check(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Break the checksum of the meta page holding the last commit.
	damagePage(t, path, before.PageSize, before.TxID%2, 16+56, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	rep, err := storage.Check(path, storage.Options{})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if rep.TxID != before.TxID-1 || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "checksum") {
		t.Errorf("report = %+v, want txid %d and a note on the checksum", rep, before.TxID-1)
	}
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestCheckSoundFile(t *testing.T) {
	path := bookFile(t, 300)
	rep, err := storage.Check(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Deep || rep.PageSize == 0 || rep.Pages < 4 || rep.Reached < 3 || rep.Reached > rep.Pages || rep.FileSize < int64(rep.Pages)*int64(rep.PageSize) {
		t.Errorf("report = %+v", rep)
	}
	if _, err := storage.Check(filepath.Join(t.TempDir(), "missing.db"), storage.Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("check of a missing file: %v, want not exist", err)
	}
}

func TestOpenReadOnly(t *testing.T) {
	path := bookFile(t, 3)
	before := readFile(t, path)
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(1, t0, func(tx *storage.Tx) error {
		_, err := tx.ContactByName("Bu Sari 2")
		return err
	})
	if err != nil {
		t.Errorf("read: %v", err)
	}
	if err := db.Apply(context.Background(), upd(2, 1, t0), func(tx *storage.Tx) error { return nil }); err == nil {
		t.Errorf("write to a read-only database succeeded")
	}
	db.Close()
	if !bytes.Equal(before, readFile(t, path)) {
		t.Errorf("read-only open changed the file")
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, err := storage.Open(missing, storage.Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only open of a missing file: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only open created the file")
	}
}
