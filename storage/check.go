package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"strconv"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"
)

// Why this file exists. bbolt maps the database file into memory and trusts
// what it finds there. A file that is shorter than its header says (a copy
// that did not finish, a disk that filled up) makes bbolt read past the end
// of the file: the kernel answers with SIGBUS, which Go cannot recover, and
// the process dies with a stack trace. A page that points outside the file,
// or back to itself, does the same (or recurses until the stack is gone),
// inside a goroutine bbolt starts at Open to rebuild the freelist, where no
// recover of ours can reach. So before bbolt opens a file we read it
// ourselves, with plain reads that cannot fault: the two meta pages, the
// size they imply, and the shape of every page reachable from the root.
// Only a file that passes is handed to bbolt.

// RestoreAdvice is what to do with a damaged database file.
const RestoreAdvice = "Restore a backup: stop the bot, copy the newest backup over the file, start it"

// DamagedError is the error Open and Check return for a damaged file. It
// unwraps to ErrDamaged.
type DamagedError struct {
	Path   string
	Reason string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("%s: %v: %s. %s", e.Path, ErrDamaged, e.Reason, RestoreAdvice)
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

func damaged(path, format string, args ...any) error {
	return &DamagedError{Path: path, Reason: fmt.Sprintf(format, args...)}
}

// FileReport describes a database file that passed a check.
type FileReport struct {
	Path     string
	FileSize int64
	PageSize int
	Pages    uint64 // the high-water mark: pages in use or free, from the header
	TxID     uint64 // the last committed transaction
	Reached  uint64 // pages reached from the root (the rest are free)
	Deep     bool   // bbolt's own consistency check (Tx.Check) ran and passed
	Notes    []string
}

// openCheckLimit is the largest file Open runs bbolt's full consistency
// check (Tx.Check) on. Our own walk (below) runs on every file, because it
// is what keeps bbolt from faulting: 0.4 s per GB on the 2-core VM of the
// benchmark figures (BenchmarkLargeBook/Open), where Open of a 1 GB book
// takes 1 s in all. Tx.Check is bbolt's own opinion of the same tree (for
// our NoFreelistSync files it can find little the walk has not), and costs
// another 0.65-0.7 s per GB: start-up should not grow by a second for it,
// so it runs up to 256 MB (0.2 s at most). Bigger books get it from
// `salesbot check`, on the file of a stopped bot or on a backup.
const openCheckLimit = 256 << 20

// The bbolt file format (go.etcd.io/bbolt/internal/common, format version 2).
// Fields are in the byte order of the machine that wrote the file, as bbolt
// casts pages to structs; a file moved between machines of different byte
// order is not readable by bbolt either.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16 // id u64, flags u16, count u16, overflow u32
	metaSize         = 64 // magic, version, page size, flags u32; root, sequence, freelist, hwm, txid, checksum u64
	metaSumSize      = 56 // the checksum covers the meta up to itself
	elementSize      = 16 // branch: pos u32, ksize u32, pgid u64; leaf: flags u32, pos u32, ksize u32, vsize u32
	bucketHeaderSize = 16 // root pgid u64, sequence u64
	noFreelist       = ^uint64(0)

	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	metaPageFlag     = 0x04
	freelistPageFlag = 0x10
	bucketLeafFlag   = 0x01

	// bbolt probes for the second meta page from 1 KB to 16 MB pages.
	minPageSize = 1 << 10
	maxPageSize = 1 << 24
	// maxDepth bounds the walk: B+tree levels times nested buckets. Our
	// books nest two buckets deep and a tree of 4 KB pages is a handful of
	// levels high even at terabytes.
	maxDepth = 256
)

var ne = binary.NativeEndian

// errNoMarker is a meta page without bbolt's magic number: not a bbolt
// page at all, rather than a damaged one.
var errNoMarker = errors.New("no bbolt marker")

type meta struct {
	magic, version, pageSize, flags uint32
	root, freelist, hwm, txid       uint64
}

// parseMeta reads the meta of a page that starts at b[0] and validates it
// as bbolt's Meta.Validate does: magic, version, checksum.
func parseMeta(b []byte) (meta, error) {
	if len(b) < pageHeaderSize+metaSize {
		return meta{}, errors.New("cut short")
	}
	m := b[pageHeaderSize : pageHeaderSize+metaSize]
	h := fnv.New64a()
	_, _ = h.Write(m[:metaSumSize])
	got := meta{
		magic: ne.Uint32(m[0:]), version: ne.Uint32(m[4:]), pageSize: ne.Uint32(m[8:]), flags: ne.Uint32(m[12:]),
		root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]), hwm: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:]),
	}
	switch {
	case got.magic != boltMagic:
		return meta{}, errNoMarker
	case got.version != boltVersion:
		return meta{}, fmt.Errorf("format version %d, want %d", got.version, boltVersion)
	case ne.Uint64(m[metaSumSize:]) != h.Sum64():
		return meta{}, errors.New("checksum mismatch")
	case got.pageSize < minPageSize || got.pageSize > maxPageSize:
		return meta{}, fmt.Errorf("page size %d out of range", got.pageSize)
	}
	return got, nil
}

// readAt reads len(b) bytes at off; a short file is io.ErrUnexpectedEOF.
func readAt(f *os.File, b []byte, off int64) error {
	n, err := f.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readHeader finds the meta page bbolt would use: the valid one with the
// highest transaction id (DB.meta). Like bbolt's getPageSize it takes the
// page size from meta 0, or, when meta 0 is damaged, looks for meta 1 at
// every page size from 1 KB to 16 MB.
func readHeader(f *os.File, path string, size int64) (meta, []string, error) {
	first := make([]byte, pageHeaderSize+metaSize)
	if err := readAt(f, first, 0); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return meta{}, nil, damaged(path, "the file is only %d bytes, too short for a database header", size)
		}
		return meta{}, nil, fmt.Errorf("read %s: %w", path, err)
	}
	m0, err0 := parseMeta(first)
	var pageSize int64
	if err0 == nil {
		pageSize = int64(m0.pageSize)
	} else {
		foreign := errors.Is(err0, errNoMarker)
		for ps := int64(minPageSize); ps <= maxPageSize && ps < size; ps <<= 1 {
			if err := readAt(f, first, ps); err != nil {
				break
			}
			if m, err := parseMeta(first); err == nil && int64(m.pageSize) == ps {
				pageSize = ps
				break
			}
		}
		if pageSize == 0 {
			if foreign {
				return meta{}, nil, damaged(path, "it is not a bbolt database (no bbolt marker in its first page, nor in a second meta page)")
			}
			return meta{}, nil, damaged(path, "neither of its two header (meta) pages is valid (meta 0: %v; no valid meta 1 found)", err0)
		}
	}
	second := make([]byte, pageHeaderSize+metaSize)
	var m1 meta
	err1 := readAt(f, second, pageSize)
	if err1 == nil {
		m1, err1 = parseMeta(second)
	} else if errors.Is(err1, io.ErrUnexpectedEOF) {
		err1 = errors.New("cut short")
	} else {
		return meta{}, nil, fmt.Errorf("read %s: %w", path, err1)
	}

	var notes []string
	var m meta
	switch {
	case err0 == nil && err1 == nil:
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
		if m0.pageSize != m1.pageSize {
			return meta{}, nil, damaged(path, "its two meta pages disagree on the page size (%d and %d)", m0.pageSize, m1.pageSize)
		}
	case err0 == nil:
		m = m0
		notes = append(notes, fmt.Sprintf("meta page 1 is invalid (%v); bbolt uses meta page 0, so the last commit before a crash may be missing", err1))
	case err1 == nil:
		m = m1
		notes = append(notes, fmt.Sprintf("meta page 0 is invalid (%v); bbolt uses meta page 1, so the last commit before a crash may be missing", err0))
	default:
		return meta{}, nil, damaged(path, "neither of its two header (meta) pages is valid (meta 0: %v; meta 1: %v)", err0, err1)
	}

	ps := uint64(m.pageSize)
	switch {
	case m.hwm < 3 || m.hwm > uint64(1<<63-1)/ps:
		return meta{}, nil, damaged(path, "its header claims %d pages", m.hwm)
	case m.root < 2 || m.root >= m.hwm:
		return meta{}, nil, damaged(path, "its root page %d lies outside its %d pages", m.root, m.hwm)
	case m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.hwm):
		return meta{}, nil, damaged(path, "its freelist page %d lies outside its %d pages", m.freelist, m.hwm)
	}
	if need := int64(m.hwm * ps); size < need {
		return meta{}, nil, damaged(path, "the file is %d bytes, but its header says it holds %d pages of %d bytes (%d bytes): "+
			"it was cut short (a copy that did not finish, or a full disk)", size, m.hwm, ps, need)
	}
	return m, notes, nil
}

// inspect checks the file at path without changing it and without bbolt:
// header, size, and the shape of every reachable page (walker). It holds
// a shared lock meanwhile, so it never reads a file a running bot is
// writing (that would see half-written commits and cry wolf): it fails with
// ErrLocked after timeout instead, as bbolt would. A missing file is an
// fs.ErrNotExist error; an empty one is damaged.
func inspect(path string, timeout time.Duration) (FileReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileReport{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	if err := lockShared(f, timeout); err != nil {
		if errors.Is(err, ErrLocked) {
			return FileReport{}, fmt.Errorf("open %s: %w (waited %s)", path, ErrLocked, timeout)
		}
		return FileReport{}, fmt.Errorf("lock %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		return FileReport{}, fmt.Errorf("stat %s: %w", path, err)
	}
	if st.IsDir() {
		return FileReport{}, fmt.Errorf("open %s: is a directory, not a database file", path)
	}
	size := st.Size()
	if size == 0 {
		// bbolt would treat an empty file as a new database. We refuse it:
		// an empty file is what a botched copy or a full disk leaves, and
		// starting afresh would give every seller an empty book (and, day
		// after day, push the good backups out of the kept ones).
		return FileReport{}, damaged(path, "the file is empty (0 bytes); if the bot never ran with it, delete it and start again")
	}
	m, notes, err := readHeader(f, path, size)
	if err != nil {
		return FileReport{}, err
	}
	w := newWalker(f, path, m)
	if err := w.walk(); err != nil {
		return FileReport{}, err
	}
	return FileReport{Path: path, FileSize: size, PageSize: int(m.pageSize), Pages: m.hwm, TxID: m.txid,
		Reached: w.reached, Notes: notes}, nil
}

// walker reads every page reachable from the root the way bbolt's own
// walk does (the one it runs at Open to rebuild the freelist: through
// branch pages, into every sub-bucket, comparing keys), and refuses
// anything that would make that walk fault, loop or panic: page ids
// beyond the high-water mark, a page that is not the page it claims to
// be, types other than branch and leaf, elements, keys or values beyond
// their page, a page reached twice, keys out of order. bbolt's walk runs
// in a goroutine of its own and panics on its first finding, racing the
// rollback of its own transaction, so it must find nothing.
type walker struct {
	f        *os.File
	path     string
	pageSize int64
	hwm      uint64
	seen     []uint64 // bit per page
	bufs     [][]byte // one per depth, reused
	reached  uint64
	root     uint64
	freelist uint64
}

func newWalker(f *os.File, path string, m meta) *walker {
	return &walker{f: f, path: path, pageSize: int64(m.pageSize), hwm: m.hwm, seen: make([]uint64, (m.hwm+63)/64),
		root: m.root, freelist: m.freelist}
}

func (w *walker) walk() error {
	w.mark(0)
	w.mark(1)
	if w.freelist != noFreelist {
		if err := w.freelistPage(); err != nil {
			return err
		}
	}
	_, err := w.page(w.root, "the root bucket", 0, nil, nil)
	return err
}

func (w *walker) mark(id uint64)        { w.seen[id/64] |= 1 << (id % 64) }
func (w *walker) marked(id uint64) bool { return w.seen[id/64]&(1<<(id%64)) != 0 }

func (w *walker) damaged(format string, args ...any) error { return damaged(w.path, format, args...) }

// read returns the page id with its overflow pages, in the buffer of
// this depth.
func (w *walker) read(id uint64, where string, depth int) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, w.damaged("%s points to page %d, outside the database's %d pages", where, id, w.hwm)
	}
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, make([]byte, w.pageSize))
	}
	buf := w.bufs[depth][:w.pageSize]
	if err := readAt(w.f, buf, int64(id)*w.pageSize); err != nil {
		return nil, fmt.Errorf("read %s page %d: %w", w.path, id, err)
	}
	if got := ne.Uint64(buf); got != id {
		return nil, w.damaged("page %d (from %s) holds page %d", id, where, got)
	}
	overflow := uint64(ne.Uint32(buf[12:]))
	if overflow >= w.hwm-id {
		return nil, w.damaged("page %d (from %s) runs %d pages past the database's %d pages", id, where, overflow, w.hwm)
	}
	for i := id; i <= id+overflow; i++ {
		if w.marked(i) {
			return nil, w.damaged("page %d is used twice (again from %s)", i, where)
		}
		w.mark(i)
	}
	w.reached += overflow + 1
	if overflow > 0 {
		n := int64(overflow+1) * w.pageSize
		if int64(cap(w.bufs[depth])) < n {
			w.bufs[depth] = make([]byte, n)
		}
		big := w.bufs[depth][:n]
		copy(big, buf)
		if err := readAt(w.f, big[w.pageSize:], int64(id+1)*w.pageSize); err != nil {
			return nil, fmt.Errorf("read %s page %d: %w", w.path, id, err)
		}
		buf = big
	}
	return buf, nil
}

// inOrder checks key i of a page against the one before it (or, for the
// first, the parent's key: lo, inclusive) and the parent's next key (hi,
// exclusive), as bbolt's verifyKeyOrder does.
func (w *walker) inOrder(where string, i int, key, prev, hi []byte) error {
	if prev != nil {
		c := bytes.Compare(prev, key)
		if c > 0 || (c == 0 && i > 0) {
			return w.damaged("%s: key %d is out of order", where, i)
		}
	}
	if hi != nil && bytes.Compare(key, hi) >= 0 {
		return w.damaged("%s: key %d is not below its parent's next key", where, i)
	}
	return nil
}

// page checks a bucket's page and everything below it. Its keys must lie
// in [lo, hi) (nil: unbounded). It returns the largest key below it.
func (w *walker) page(id uint64, where string, depth int, lo, hi []byte) ([]byte, error) {
	if depth > maxDepth {
		return nil, w.damaged("the tree under %s is deeper than %d levels", where, maxDepth)
	}
	buf, err := w.read(id, where, depth)
	if err != nil {
		return nil, err
	}
	flags, count := ne.Uint16(buf[8:]), int(ne.Uint16(buf[10:]))
	if pageHeaderSize+count*elementSize > len(buf) {
		return nil, w.damaged("page %d (%s) claims %d elements, more than fit in it", id, where, count)
	}
	switch flags {
	case branchPageFlag:
		if count == 0 {
			return nil, w.damaged("branch page %d (%s) is empty", id, where)
		}
		here := fmt.Sprintf("branch page %d of %s", id, where)
		keys := make([][]byte, count)
		for i := range keys {
			e := pageHeaderSize + i*elementSize
			pos, ksize := int(ne.Uint32(buf[e:])), int(ne.Uint32(buf[e+4:]))
			if e+pos+ksize > len(buf) {
				return nil, w.damaged("%s: key %d lies beyond the page", here, i)
			}
			keys[i] = buf[e+pos : e+pos+ksize]
		}
		running, last := lo, []byte(nil)
		for i, key := range keys {
			if err := w.inOrder(here, i, key, running, hi); err != nil {
				return nil, err
			}
			next := hi
			if i+1 < count {
				next = keys[i+1]
			}
			child := ne.Uint64(buf[pageHeaderSize+i*elementSize+8:])
			if last, err = w.page(child, here, depth+1, key, next); err != nil {
				return nil, err
			}
			// last lies in a deeper buffer, which the next child reuses.
			last = bytes.Clone(last)
			running = last
		}
		return last, nil
	case leafPageFlag:
		return w.leaf(buf, count, fmt.Sprintf("leaf page %d of %s", id, where), depth, lo, hi)
	default:
		return nil, w.damaged("page %d (%s) is of unknown type %#x", id, where, flags)
	}
}

// leaf checks the elements of a leaf page (p starts at its header) and
// walks into the sub-buckets it holds. It returns its last key.
func (w *walker) leaf(p []byte, count int, where string, depth int, lo, hi []byte) ([]byte, error) {
	prev := lo
	for i := 0; i < count; i++ {
		e := pageHeaderSize + i*elementSize
		flags := ne.Uint32(p[e:])
		pos, ksize, vsize := int(ne.Uint32(p[e+4:])), int(ne.Uint32(p[e+8:])), int(ne.Uint32(p[e+12:]))
		if e+pos+ksize+vsize > len(p) {
			return nil, w.damaged("%s: element %d lies beyond the page", where, i)
		}
		key := p[e+pos : e+pos+ksize]
		if err := w.inOrder(where, i, key, prev, hi); err != nil {
			return nil, err
		}
		prev = key
		if flags&bucketLeafFlag == 0 {
			continue
		}
		value := p[e+pos+ksize : e+pos+ksize+vsize]
		name := fmt.Sprintf("bucket %s in %s", bucketName(key), where)
		if len(value) < bucketHeaderSize {
			return nil, w.damaged("%s: its header is cut short", name)
		}
		if root := ne.Uint64(value); root != 0 {
			if _, err := w.page(root, name, depth+1, nil, nil); err != nil {
				return nil, err
			}
			continue
		}
		// An inline bucket: its one leaf page follows the header.
		inline := value[bucketHeaderSize:]
		if len(inline) < pageHeaderSize {
			return nil, w.damaged("%s: its inline page is cut short", name)
		}
		iflags, icount := ne.Uint16(inline[8:]), int(ne.Uint16(inline[10:]))
		if iflags != leafPageFlag {
			return nil, w.damaged("%s: its inline page is of type %#x, not a leaf", name, iflags)
		}
		if pageHeaderSize+icount*elementSize > len(inline) {
			return nil, w.damaged("%s: its inline page claims %d elements, more than fit in it", name, icount)
		}
		if depth+1 > maxDepth {
			return nil, w.damaged("buckets under %s nest deeper than %d levels", where, maxDepth)
		}
		if _, err := w.leaf(inline, icount, name, depth+1, nil, nil); err != nil {
			return nil, err
		}
	}
	if count == 0 {
		return nil, nil
	}
	return prev, nil
}

// freelistPage checks the freelist of a file written without
// NoFreelistSync (ours are written with it; older or foreign files may
// have one): bbolt hands out the page ids it lists.
func (w *walker) freelistPage() error {
	buf, err := w.read(w.freelist, "the header's freelist", 0)
	if err != nil {
		return err
	}
	if flags := ne.Uint16(buf[8:]); flags != freelistPageFlag {
		return w.damaged("freelist page %d is of type %#x", w.freelist, flags)
	}
	start, count := pageHeaderSize, uint64(ne.Uint16(buf[10:]))
	if count == 0xFFFF {
		count = ne.Uint64(buf[pageHeaderSize:])
		start += 8
	}
	if count > uint64(len(buf)-start)/8 {
		return w.damaged("freelist page %d claims %d free pages, more than fit in it", w.freelist, count)
	}
	for i := uint64(0); i < count; i++ {
		if id := ne.Uint64(buf[start+int(i)*8:]); id < 2 || id >= w.hwm {
			return w.damaged("freelist page %d lists page %d, outside the database's %d pages", w.freelist, id, w.hwm)
		}
	}
	return nil
}

// bucketName shows a bucket key readably: our top-level buckets have
// text names, a seller's book is keyed by the seller id.
func bucketName(key []byte) string {
	printable := len(key) > 0
	for _, r := range string(key) {
		if !unicode.IsPrint(r) {
			printable = false
			break
		}
	}
	if printable {
		return strconv.Quote(string(key))
	}
	if len(key) == 8 {
		return fmt.Sprintf("of seller %d", int64(binary.BigEndian.Uint64(key)))
	}
	return fmt.Sprintf("%x", key)
}

// deepCheck runs bbolt's Tx.Check in a read transaction and turns what it
// finds into ErrDamaged. Tx.Check recovers its own panics and reports
// them as errors; every error must be drained or its goroutine leaks.
func deepCheck(bdb *bolt.DB, path string) error {
	var problems []string
	var total int
	err := bdb.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			total++
			if len(problems) < 5 {
				problems = append(problems, err.Error())
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if total > 0 {
		more := ""
		if total > len(problems) {
			more = fmt.Sprintf(" and %d more", total-len(problems))
		}
		return damaged(path, "bbolt's consistency check found %d problems: %v%s", total, problems, more)
	}
	return nil
}

// recoverDamaged turns a panic inside bbolt (it panics on some damaged
// pages rather than returning an error) into ErrDamaged. Deferred by the
// functions that call into bbolt on a file not yet known to be sound.
func recoverDamaged(path string, err *error) {
	if r := recover(); r != nil {
		*err = damaged(path, "bbolt stopped on a damaged page (%v)", r)
	}
}

// Check verifies the database file at path without changing it: the
// header and size, the shape of every page, then bbolt's full consistency
// check whatever the size. It opens the file read-only, so it works on a
// backup, and fails with ErrLocked if a running bot holds the file.
// A damaged file gives a *DamagedError.
func Check(path string, opts Options) (rep FileReport, err error) {
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	rep, err = inspect(path, timeout)
	if err != nil {
		return FileReport{}, err
	}
	defer recoverDamaged(path, &err)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return FileReport{}, boltOpenError(path, err, timeout)
	}
	defer bdb.Close()
	if err := deepCheck(bdb, path); err != nil {
		return FileReport{}, err
	}
	rep.Deep = true
	return rep, nil
}

// fileExists tells a missing file (a new database) from one that is there.
func fileExists(path string) (bool, error) {
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("stat %s: %w", path, err)
	}
}
