package storage

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Peek runs fn on the seller's book exactly as Apply would, but in a
// read-only transaction, and returns the messages fn sent instead of
// queueing them. It is how a command that changes nothing (a card, a list,
// the help) is answered without a commit in front of its reply: the caller
// records the update id and the messages afterwards (Respond) while the
// reply is already on its way.
//
// ErrNeedsWrite if fn tried to write anything (bbolt refuses any write in a
// read-only transaction, so nothing can slip through) or the update would
// refresh the seller's record (a new seller, a new name, an hour since last
// seen); ErrDuplicate if the update was applied before; otherwise fn's own
// error. Nothing is changed in any case.
func (db *DB) Peek(u Update, fn func(tx *Tx) error) ([]OutMessage, error) {
	if u.SellerID == 0 {
		return nil, fmt.Errorf("peek update %d: no seller", u.ID)
	}
	var msgs []OutMessage
	err := db.view(func(btx *bolt.Tx) error {
		if u.ID != 0 && btx.Bucket(bucketUpdates).Get(i64(u.ID)) != nil {
			return ErrDuplicate
		}
		tx, err := db.existingBook(btx, u.SellerID, u.At)
		if errors.Is(err, ErrNotFound) {
			return ErrNeedsWrite // a new seller gets a book
		}
		if err != nil {
			return err
		}
		s, changed := refreshSeller(tx.seller, u)
		if changed {
			return ErrNeedsWrite
		}
		tx.seller, tx.peeked = s, &msgs
		return fn(tx)
	})
	switch {
	case err == nil:
		return msgs, nil
	case errors.Is(err, bolterrors.ErrTxNotWritable), errors.Is(err, ErrNeedsWrite):
		return nil, ErrNeedsWrite
	case errors.Is(err, ErrDuplicate):
		return nil, ErrDuplicate
	}
	return nil, fmt.Errorf("peek update %d of seller %d: %w", u.ID, u.SellerID, err)
}
