package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Top-level buckets. A seller's record, dialog, pending questions and own
// reminders live in a nested bucket of bucketSellers (the book); contacts,
// names, events and sales live in flat buckets under the seller's id as key
// prefix (scoped.go). A Tx holds one seller's book and prefix, so code
// working through it cannot name another seller's keys.
var (
	bucketMeta    = []byte("meta")
	bucketUpdates = []byte("updates") // update id -> unix time applied
	bucketOutbox  = []byte("outbox")  // sequence -> OutMessage
	bucketSellers = []byte("sellers") // seller id -> book bucket
	// Sales of all books: seller id || unix time || event id -> contact id ||
	// amount. One flat bucket rather than one per book, so concurrent sales
	// of many sellers share its branch pages; the seller prefix keeps a
	// seller's period one range scan.
	bucketSales = []byte("sales")

	// The seller-prefixed buckets (see scoped.go).
	bucketContacts = []byte("contacts") // seller id || contact id -> Contact
	bucketNames    = []byte("names")    // seller id || name key -> contact id
	bucketEvents   = []byte("events")   // seller id || contact id || event id -> Event
	// seller id || kind || word || 0 || contact id -> name (namewords.go)
	bucketNameWords = []byte("namewords")

	topBuckets = [][]byte{bucketMeta, bucketUpdates, bucketOutbox, bucketSellers, bucketSales, bucketContacts, bucketNames, bucketEvents, bucketNameWords, bucketUndo, bucketLastUndo}
)

// Buckets and keys inside one seller's book.
var (
	keyInfo       = []byte("info")        // Seller
	keyDialog     = []byte("dialog")      // Dialog
	keyContactSeq = []byte("contact_seq") // last short number given; never reused
	bucketPending = []byte("pending")     // pending id -> Pending

	bookBuckets = [][]byte{bucketPending}
)

// DefaultLockTimeout is how long Open waits for another process to release
// the file before it gives up with ErrLocked.
const DefaultLockTimeout = 3 * time.Second

// Options tune Open. The zero value is what production uses.
type Options struct {
	LockTimeout time.Duration // 0 means DefaultLockTimeout
	NoSync      bool          // tests and benchmarks of non-durable paths only
	// ReadOnly opens an existing file without changing it (backups and
	// checks of a stopped bot's file, or of a backup). It takes a shared
	// lock, so it too fails with ErrLocked while a bot runs on the file.
	// Writes fail.
	ReadOnly bool
}

// DB is the seller book store. It is safe for concurrent use.
type DB struct {
	bolt     *bolt.DB
	commits  chan *commit
	stop     chan struct{}
	wg       sync.WaitGroup
	outReady chan struct{}
	rules    Rules
	cache    *decodeCache

	// Sent outbox messages waiting to leave the bucket with the next commit
	// (outbox.go, OutboxSent).
	ackMu   sync.Mutex
	acks    map[uint64]uint64 // outbox id -> txid of the commit that deleted it, 0 until then
	ackWake chan struct{}

	closeOnce sync.Once
	mu        sync.RWMutex // guards closed against in-flight writes
	closed    bool
}

// Open opens (creating if needed) the database at path. A second process on
// the same file fails after the lock timeout with ErrLocked instead of hanging.
//
// An existing file is checked before bbolt maps it (check.go): a damaged
// one (cut short, not a bbolt file, pages that point outside it) gives a
// *DamagedError (ErrDamaged) instead of a SIGBUS, and so does a panic in
// bbolt while it opens the file. Files up to openCheckLimit also get
// bbolt's full consistency check. An empty file is refused, not taken for
// a new database (see inspect).
func Open(path string, opts Options) (*DB, error) {
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	exists, err := fileExists(path)
	if err != nil {
		return nil, err
	}
	var size int64
	if exists {
		rep, err := inspect(path, timeout)
		if err != nil {
			return nil, err
		}
		size = rep.FileSize
	} else if opts.ReadOnly {
		return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
	}
	bdb, err := openBolt(path, opts, timeout, size)
	if err != nil {
		return nil, err
	}
	db := &DB{
		bolt:     bdb,
		commits:  make(chan *commit, 1024),
		stop:     make(chan struct{}),
		outReady: make(chan struct{}, 1),
		acks:     map[uint64]uint64{},
		ackWake:  make(chan struct{}, 1),
		cache:    newDecodeCache(50_000),
	}
	db.wg.Add(1)
	go db.committer()
	return db, nil
}

// openBolt opens the file (of size bytes, 0 if new) with bbolt, runs
// bbolt's consistency check on files up to openCheckLimit, and creates the
// buckets (and indexes) a newer version needs. bbolt reads every page at
// Open (it rebuilds the freelist, NoFreelistSync) and panics on some
// damage: that panic becomes ErrDamaged. If bbolt panics inside bolt.Open
// its file handle is lost; the caller is about to exit anyway.
func openBolt(path string, opts Options, timeout time.Duration, size int64) (bdb *bolt.DB, err error) {
	defer func() {
		if err != nil && bdb != nil {
			func() {
				defer func() { _ = recover() }()
				_ = bdb.Close()
			}()
			bdb = nil
		}
	}()
	defer recoverDamaged(path, &err)
	bopts := &bolt.Options{Timeout: timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly,
		NoFreelistSync: true, FreelistType: bolt.FreelistMapType}
	if !opts.ReadOnly {
		bopts.InitialMmapSize = initialMmapSize(size)
	}
	bdb, err = bolt.Open(path, 0o600, bopts)
	if err != nil {
		return nil, boltOpenError(path, err, timeout)
	}
	if size > 0 && size <= openCheckLimit {
		if err := deepCheck(bdb, path); err != nil {
			return bdb, err
		}
	}
	if opts.ReadOnly {
		return bdb, nil
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range topBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		if err := createExtraBuckets(tx); err != nil {
			return err
		}
		return buildNameWords(tx)
	})
	if err != nil {
		return bdb, fmt.Errorf("open %s: %w", path, err)
	}
	return bdb, nil
}

// initialMmapSize is the memory map Open asks bbolt for: at least 1 GB,
// and twice the file. bbolt remaps when a commit needs pages beyond the
// map, under a lock every read transaction holds shared, so that commit
// (and every write queued behind it) waits for the longest reader: a
// backup of the whole book, or a scheduler pass. Left to itself bbolt
// maps the file's size rounded up to a power of two, so a young book
// remapped every few hundred sales and a backup then held up all sellers
// (TestHotBackupHoldsEverySaleWrittenBeforeIt caught it). With this
// headroom a remap waits until the book has doubled since the start, or
// grown past 1 GB. It costs address space only: the map is of the file, the
// kernel reads what is touched, and on Linux bbolt does not grow the file
// to the map (it grows it in 16 MB steps, sparse, once the map is over
// 16 MB). Not on Windows, where bbolt grows the file to the map, nor where
// the address space is 32 bits.
func initialMmapSize(fileSize int64) int {
	if runtime.GOOS == "windows" || strconv.IntSize < 64 {
		return 0
	}
	return int(max(1<<30, 2*fileSize))
}

// boltOpenError words bbolt's open errors: its lock timeout is ErrLocked,
// its header errors (both meta pages invalid) are damage.
func boltOpenError(path string, err error, timeout time.Duration) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("open %s: %w (waited %s)", path, ErrLocked, timeout)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
		return damaged(path, "bbolt refused its header (%v)", err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// Close waits for queued writes to finish and closes the file.
func (db *DB) Close() error {
	var err error
	db.closeOnce.Do(func() {
		db.mu.Lock()
		db.closed = true
		db.mu.Unlock()
		close(db.stop)
		db.wg.Wait()
		err = db.bolt.Close()
	})
	return err
}

// OutboxReady receives a value whenever a commit queued outgoing messages,
// so the sender wakes without polling.
func (db *DB) OutboxReady() <-chan struct{} { return db.outReady }

func (db *DB) signalOutbox() {
	select {
	case db.outReady <- struct{}{}:
	default:
	}
}

// view runs a read-only transaction.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return ErrClosed
	}
	return db.bolt.View(fn)
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func i64(v int64) []byte { return u64(uint64(v)) }

func readU64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// timeKey orders by time; times before 1970 sort first.
func timeKey(t time.Time) []byte {
	s := t.Unix()
	if s < 0 {
		s = 0
	}
	return u64(uint64(s))
}

func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %T: %w", v, err)
	}
	return b.Put(key, data)
}

// get decodes the value at key into v; ErrNotFound when absent. The bytes are
// decoded inside the transaction, never kept.
func get(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}
