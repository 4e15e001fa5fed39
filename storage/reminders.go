package storage

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Own reminders ("/ingatkan Bu Sari besok jam 9 kirim katalog"). Each lives in
// the seller's book and in a global index by time, so the scheduler finds
// the due ones without reading any book.
var (
	bucketReminders     = []byte("reminders") // due time || seller id || reminder id
	bucketBookReminders = []byte("reminders") // in a book: reminder id -> Reminder
)

// Reminder is a message the seller asked to get at a given minute.
type Reminder struct {
	ID        uint64
	ContactID uint64 // 0 when the reminder is not about a contact
	At        time.Time
	Text      string
	CreatedAt time.Time
}

func reminderKey(at time.Time, seller int64, id uint64) []byte {
	k := make([]byte, 0, 24)
	k = append(k, timeKey(at)...)
	k = append(k, i64(seller)...)
	return append(k, u64(id)...)
}

func (tx *Tx) reminderBucket() (*bolt.Bucket, error) {
	if b := tx.book.Bucket(bucketBookReminders); b != nil || !tx.writable {
		return b, nil
	}
	b, err := tx.book.CreateBucket(bucketBookReminders)
	if err != nil {
		return nil, fmt.Errorf("reminders bucket: %w", err)
	}
	return b, nil
}

// AddReminder stores a reminder and returns it with its id.
func (tx *Tx) AddReminder(r Reminder) (Reminder, error) {
	b, err := tx.reminderBucket()
	if err != nil {
		return Reminder{}, err
	}
	id, err := b.NextSequence()
	if err != nil {
		return Reminder{}, fmt.Errorf("add reminder: %w", err)
	}
	r.ID, r.CreatedAt = id, tx.now
	if err := put(b, u64(id), r); err != nil {
		return Reminder{}, fmt.Errorf("add reminder: %w", err)
	}
	if err := tx.tx.Bucket(bucketReminders).Put(reminderKey(r.At, tx.seller.ID, id), nil); err != nil {
		return Reminder{}, fmt.Errorf("index reminder: %w", err)
	}
	return r, nil
}

// Reminders returns the seller's pending reminders, earliest first.
func (tx *Tx) Reminders() ([]Reminder, error) {
	b, err := tx.reminderBucket()
	if err != nil || b == nil {
		return nil, err
	}
	var out []Reminder
	err = b.ForEach(func(_, v []byte) error {
		var r Reminder
		if err := decode(v, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list reminders: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// TakeReminder removes a reminder and returns it: cancelled by the seller, or
// sent by the scheduler (in the same transaction as the message).
func (tx *Tx) TakeReminder(id uint64) (Reminder, error) {
	b, err := tx.reminderBucket()
	if err != nil {
		return Reminder{}, err
	}
	var r Reminder
	if b == nil {
		return Reminder{}, fmt.Errorf("reminder %d: %w", id, ErrNotFound)
	}
	if err := get(b, u64(id), &r); err != nil {
		return Reminder{}, fmt.Errorf("reminder %d: %w", id, err)
	}
	if err := b.Delete(u64(id)); err != nil {
		return Reminder{}, fmt.Errorf("take reminder %d: %w", id, err)
	}
	if err := tx.tx.Bucket(bucketReminders).Delete(reminderKey(r.At, tx.seller.ID, id)); err != nil {
		return Reminder{}, fmt.Errorf("take reminder %d: %w", id, err)
	}
	return r, nil
}

// ReminderDue names a reminder whose minute has come.
type ReminderDue struct {
	At         time.Time
	SellerID   int64
	ReminderID uint64
}

// DueReminders returns reminders due at or before until, earliest first.
func (db *DB) DueReminders(until time.Time) ([]ReminderDue, error) {
	var out []ReminderDue
	end := timeKey(until)
	err := db.view(func(btx *bolt.Tx) error {
		cur := btx.Bucket(bucketReminders).Cursor()
		for k, _ := cur.First(); len(k) == 24 && bytes.Compare(k[:8], end) <= 0; k, _ = cur.Next() {
			out = append(out, ReminderDue{At: time.Unix(int64(readU64(k[:8])), 0), SellerID: int64(readU64(k[8:16])), ReminderID: readU64(k[16:])})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read reminder index: %w", err)
	}
	return out, nil
}
