package storage

import (
	"errors"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// setFreelist points both meta pages of the closed file at path to page id
// as their freelist, with valid checksums: a header bbolt trusts.
func setFreelist(t *testing.T, path string, id uint64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first := make([]byte, pageHeaderSize+metaSize)
	if err := readAt(f, first, 0); err != nil {
		t.Fatal(err)
	}
	ps := int64(ne.Uint32(first[pageHeaderSize+8:]))
	for _, off := range []int64{0, ps} {
		b := make([]byte, pageHeaderSize+metaSize)
		if err := readAt(f, b, off); err != nil {
			t.Fatal(err)
		}
		m := b[pageHeaderSize:]
		ne.PutUint64(m[32:], id)
		h := fnv.New64a()
		_, _ = h.Write(m[:metaSumSize])
		ne.PutUint64(m[metaSumSize:], h.Sum64())
		if _, err := f.WriteAt(b, off); err != nil {
			t.Fatal(err)
		}
	}
}

// bbolt panics in Open's own goroutine when the freelist page its header
// names is not a freelist. Open's walk refuses that header first; bbolt
// alone (openBolt, which Open calls after the walk) panics, and the panic
// comes back as ErrDamaged.
func TestOpenTurnsBboltPanicIntoDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "salesbot.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	m, _, err := readHeader(f, path, st.Size())
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	setFreelist(t, path, m.root) // a leaf page

	_, err = Open(path, Options{})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "freelist page") {
		t.Errorf("Open: %v, want ErrDamaged for the freelist page", err)
	}

	bdb, err := openBolt(path, Options{}, time.Second, 0)
	if err == nil {
		bdb.Close()
		t.Fatal("bbolt opened a header with a leaf for a freelist")
	}
	var de *DamagedError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "bbolt stopped on a damaged page (invalid freelist page") {
		t.Errorf("openBolt: %v, want the recovered panic as ErrDamaged", err)
	}
}
