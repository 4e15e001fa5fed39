package storage

import (
	"bytes"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketDue is the follow-up index across all books: due time || seller id ||
// contact id. A scheduler pass seeks from the start to now, so its cost grows
// with what is due, not with the size of the books.
var bucketDue = []byte("due")

func createExtraBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketDue, bucketReminders} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// DueFunc says when a contact next needs the seller's attention under the
// seller's settings (zero time: never). The rules live with the scheduler;
// storage only keeps the index in step whenever a contact or the settings
// change.
type DueFunc func(c Contact, s Settings) time.Time

// SetDueFunc installs the follow-up rule. Call it once, before serving.
func (db *DB) SetDueFunc(fn DueFunc) { db.due = fn }

func dueKey(at time.Time, sellerID int64, contactID uint64) []byte {
	k := make([]byte, 0, 24)
	k = append(k, timeKey(at)...)
	k = append(k, i64(sellerID)...)
	return append(k, u64(contactID)...)
}

func (tx *Tx) reindexDue(c *Contact) error {
	if tx.due == nil {
		return nil
	}
	next := tx.due(*c, tx.seller.Settings)
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
	if tx.due == nil {
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
			if err := put(tx.book.Bucket(bucketContacts), u64(c.ID), c); err != nil {
				return fmt.Errorf("reindex #%d: %w", c.ID, err)
			}
		}
	}
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
