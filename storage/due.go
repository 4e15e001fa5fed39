package storage

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Scheduling indexes across all books. A scheduler pass seeks from the start
// to now, so its cost grows with what is due, not with the size of the books.
var (
	bucketDue       = []byte("due")       // due time || seller id || contact id
	bucketSummaries = []byte("summaries") // next summary slot || seller id
	keyRulesVersion = []byte("rules")     // in meta: which Rules built the indexes
)

func createExtraBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketDue, bucketSummaries, bucketReminders} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// Rules say when a contact next needs the seller's attention and when the
// seller's next weekly summary is due (zero time: never). The rules live
// with the scheduler; storage only keeps its indexes in step whenever a
// contact, a seller or the settings change.
type Rules interface {
	ContactDue(c Contact, s Seller) time.Time
	SummaryDue(s Seller) time.Time
	// Version names the rules; when it changes, SetRules rebuilds the indexes.
	Version() string
}

// SetRules installs the scheduling rules (once, before serving) and rebuilds
// the indexes if they were built by other rules.
func (db *DB) SetRules(ctx context.Context, r Rules) error {
	db.rules = r
	var current string
	err := db.view(func(btx *bolt.Tx) error {
		current = string(btx.Bucket(bucketMeta).Get(keyRulesVersion))
		return nil
	})
	if err != nil || current == r.Version() {
		return err
	}
	return db.Reindex(ctx)
}

// Reindex recomputes every due time and summary slot, one seller per
// transaction.
func (db *DB) Reindex(ctx context.Context) error {
	var sellers []int64
	err := db.view(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketSellers).ForEach(func(k, _ []byte) error {
			sellers = append(sellers, int64(readU64(k)))
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	for _, id := range sellers {
		err := db.Change(ctx, id, time.Now(), func(tx *Tx) error {
			if err := tx.storeSeller(tx.seller); err != nil {
				return err
			}
			return tx.reindexBook()
		})
		if err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
	}
	version := ""
	if db.rules != nil {
		version = db.rules.Version()
	}
	return db.write(ctx, func(btx *bolt.Tx) error {
		return btx.Bucket(bucketMeta).Put(keyRulesVersion, []byte(version))
	})
}

func dueKey(at time.Time, sellerID int64, contactID uint64) []byte {
	k := make([]byte, 0, 24)
	k = append(k, timeKey(at)...)
	k = append(k, i64(sellerID)...)
	return append(k, u64(contactID)...)
}

func (tx *Tx) reindexDue(c *Contact) error {
	if tx.rules == nil {
		return nil
	}
	next := tx.rules.ContactDue(*c, tx.seller)
	if next.Equal(c.DueAt) {
		return nil
	}
	if err := tx.unindexDue(*c); err != nil {
		return err
	}
	c.DueAt = next
	if next.IsZero() {
		return nil
	}
	if err := tx.tx.Bucket(bucketDue).Put(dueKey(next, tx.seller.ID, c.ID), nil); err != nil {
		return fmt.Errorf("index due: %w", err)
	}
	return nil
}

func (tx *Tx) unindexDue(c Contact) error {
	if c.DueAt.IsZero() {
		return nil
	}
	if err := tx.tx.Bucket(bucketDue).Delete(dueKey(c.DueAt, tx.seller.ID, c.ID)); err != nil {
		return fmt.Errorf("unindex due: %w", err)
	}
	return nil
}

// reindexBook recomputes every contact's due time, after the settings changed.
func (tx *Tx) reindexBook() error {
	if tx.rules == nil {
		return nil
	}
	all, err := tx.Contacts()
	if err != nil {
		return err
	}
	for _, c := range all {
		before := c.DueAt
		if err := tx.reindexDue(&c); err != nil {
			return err
		}
		if !before.Equal(c.DueAt) {
			if err := tx.scoped(bucketContacts).put(u64(c.ID), c); err != nil {
				return fmt.Errorf("reindex #%d: %w", c.ID, err)
			}
			tx.remember(c)
		}
	}
	return nil
}

// storeSeller writes the seller and keeps the summary index in step.
func (tx *Tx) storeSeller(s Seller) error {
	if tx.rules != nil {
		next := tx.rules.SummaryDue(s)
		if !next.Equal(s.NextSummaryAt) {
			b := tx.tx.Bucket(bucketSummaries)
			if !s.NextSummaryAt.IsZero() {
				if err := b.Delete(append(timeKey(s.NextSummaryAt), i64(s.ID)...)); err != nil {
					return fmt.Errorf("unindex summary: %w", err)
				}
			}
			s.NextSummaryAt = next
			if !next.IsZero() {
				if err := b.Put(append(timeKey(next), i64(s.ID)...), nil); err != nil {
					return fmt.Errorf("index summary: %w", err)
				}
			}
		}
	}
	if err := put(tx.book, keyInfo, s); err != nil {
		return fmt.Errorf("save seller %d: %w", s.ID, err)
	}
	tx.seller = s
	return nil
}

// DueEntry names a contact whose follow-up is due.
type DueEntry struct {
	At        time.Time
	SellerID  int64
	ContactID uint64
}

// Due returns index entries due at or before until, earliest first, at most
// limit (0 = all).
func (db *DB) Due(until time.Time, limit int) ([]DueEntry, error) {
	var out []DueEntry
	end := timeKey(until)
	err := db.view(func(btx *bolt.Tx) error {
		cur := btx.Bucket(bucketDue).Cursor()
		for k, _ := cur.First(); k != nil && bytes.Compare(k[:8], end) <= 0; k, _ = cur.Next() {
			if len(k) != 24 {
				continue
			}
			out = append(out, DueEntry{
				At:        time.Unix(int64(readU64(k[:8])), 0),
				SellerID:  int64(readU64(k[8:16])),
				ContactID: readU64(k[16:]),
			})
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read due index: %w", err)
	}
	return out, nil
}

// DueSummaries returns the sellers whose weekly summary slot is at or
// before until.
func (db *DB) DueSummaries(until time.Time) ([]int64, error) {
	var out []int64
	end := timeKey(until)
	err := db.view(func(btx *bolt.Tx) error {
		cur := btx.Bucket(bucketSummaries).Cursor()
		for k, _ := cur.First(); len(k) == 16 && bytes.Compare(k[:8], end) <= 0; k, _ = cur.Next() {
			out = append(out, int64(readU64(k[8:])))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read summary index: %w", err)
	}
	return out, nil
}
