package storage

import (
	"fmt"
	"time"
)

// pendingTTL is how long a question asked with buttons stays answerable.
const pendingTTL = 7 * 24 * time.Hour

// Dialog returns the multi-step command in progress, if any.
func (tx *Tx) Dialog() (Dialog, bool, error) {
	var d Dialog
	err := get(tx.book, keyDialog, &d)
	if err == ErrNotFound {
		return Dialog{}, false, nil
	}
	if err != nil {
		return Dialog{}, false, fmt.Errorf("dialog: %w", err)
	}
	return d, true, nil
}

// SetDialog stores the dialog in progress (replacing any other).
func (tx *Tx) SetDialog(d Dialog) error {
	d.UpdatedAt = tx.now
	if err := put(tx.book, keyDialog, d); err != nil {
		return fmt.Errorf("set dialog: %w", err)
	}
	return nil
}

// ClearDialog ends the dialog in progress, if any.
func (tx *Tx) ClearDialog() error {
	if tx.book.Get(keyDialog) == nil {
		return nil // nothing to write: a read-only command stays read-only (Peek)
	}
	if err := tx.book.Delete(keyDialog); err != nil {
		return fmt.Errorf("clear dialog: %w", err)
	}
	return nil
}

// AddPending stores a question asked with buttons and returns its id, which
// the buttons carry. Questions older than a week are dropped on the way.
func (tx *Tx) AddPending(p Pending) (uint64, error) {
	b := tx.book.Bucket(bucketPending)
	id, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("add pending: %w", err)
	}
	p.ID = id
	p.CreatedAt = tx.now
	if err := put(b, u64(id), p); err != nil {
		return 0, fmt.Errorf("add pending: %w", err)
	}
	// Keys are in creation order: drop the expired ones at the front.
	cur := b.Cursor()
	var old [][]byte
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		var q Pending
		if err := decode(v, &q); err != nil || !q.CreatedAt.Before(tx.now.Add(-pendingTTL)) {
			break
		}
		old = append(old, append([]byte(nil), k...))
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return 0, fmt.Errorf("add pending: %w", err)
		}
	}
	return id, nil
}

// Pending returns a question asked with buttons; ErrNotFound once answered,
// expired, or if it belongs to another seller.
func (tx *Tx) Pending(id uint64) (Pending, error) {
	var p Pending
	if err := get(tx.book.Bucket(bucketPending), u64(id), &p); err != nil {
		return Pending{}, fmt.Errorf("pending %d: %w", id, err)
	}
	return p, nil
}

// DeletePending marks a question as answered.
func (tx *Tx) DeletePending(id uint64) error {
	if err := tx.book.Bucket(bucketPending).Delete(u64(id)); err != nil {
		return fmt.Errorf("delete pending %d: %w", id, err)
	}
	return nil
}

// CancelPending closes every open question asked with buttons (/batal):
// they stay, marked, so that a later press says it was cancelled. It
// reports how many were open.
func (tx *Tx) CancelPending() (int, error) {
	b := tx.book.Bucket(bucketPending)
	var open []Pending
	err := b.ForEach(func(_, v []byte) error {
		var p Pending
		if err := decode(v, &p); err != nil {
			return err
		}
		if !p.Cancelled && !p.CreatedAt.Before(tx.now.Add(-pendingTTL)) {
			open = append(open, p)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("cancel pending: %w", err)
	}
	for _, p := range open {
		p.Cancelled = true
		if err := put(b, u64(p.ID), p); err != nil {
			return 0, fmt.Errorf("cancel pending %d: %w", p.ID, err)
		}
	}
	return len(open), nil
}
