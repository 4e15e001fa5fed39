package storage

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Update identifies the Telegram update (or terminal line) a change comes
// from and the seller who sent it.
type Update struct {
	ID       int64 // Telegram update id; 0 means "not from Telegram" (no de-duplication)
	SellerID int64
	ChatID   int64
	Name     string    // seller's first name, refreshed on every update
	Lang     string    // language of a new seller ("id" or "en")
	At       time.Time // the message's date; the time every record gets
}

// Tx is one seller's book inside one transaction. Everything it reads and
// writes is scoped to that seller; there is no way to name another book.
type Tx struct {
	tx       *bolt.Tx
	book     *bolt.Bucket
	seller   Seller
	now      time.Time
	writable bool
	queued   int
	rules    Rules
	db       *DB
	cache    map[uint64]Contact // contacts decoded in this transaction

	// For SaveUndo (undo.go): what this transaction wrote, and the seller's
	// first customer when it began.
	written     writeLog
	firstBefore uint64

	peeked *[]OutMessage // Peek: what Send would queue
}

// Apply runs fn on the seller's book and commits, in one transaction, its
// changes, the update id and the messages fn queued with Tx.Send. If the
// update was applied before, fn does not run and ErrDuplicate is returned.
// A new seller gets a book with default settings. fn may run more than once
// (group commit retries), so it must not have effects outside the Tx.
func (db *DB) Apply(ctx context.Context, u Update, fn func(tx *Tx) error) error {
	if u.SellerID == 0 {
		return fmt.Errorf("apply update %d: no seller", u.ID)
	}
	var duplicate bool
	var queued int
	err := db.write(ctx, func(btx *bolt.Tx) error {
		duplicate, queued = false, 0
		if u.ID != 0 {
			ub := btx.Bucket(bucketUpdates)
			if ub.Get(i64(u.ID)) != nil {
				duplicate = true
				return nil
			}
			if err := ub.Put(i64(u.ID), timeKey(u.At)); err != nil {
				return fmt.Errorf("record update: %w", err)
			}
		}
		tx, err := db.openBook(btx, u)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		queued = tx.queued
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply update %d of seller %d: %w", u.ID, u.SellerID, err)
	}
	if duplicate {
		return ErrDuplicate
	}
	if queued > 0 {
		db.signalOutbox()
	}
	return nil
}

// View runs fn on the seller's book read-only. ErrNotFound if the seller has
// never written to the bot.
func (db *DB) View(sellerID int64, now time.Time, fn func(tx *Tx) error) error {
	return db.view(func(btx *bolt.Tx) error {
		tx, err := db.existingBook(btx, sellerID, now)
		if err != nil {
			return err
		}
		return fn(tx)
	})
}

// existingBook is the book of a seller who has written to the bot before,
// ErrNotFound for anyone else. It is writable if btx is.
func (db *DB) existingBook(btx *bolt.Tx, sellerID int64, now time.Time) (*Tx, error) {
	book := btx.Bucket(bucketSellers).Bucket(i64(sellerID))
	if book == nil {
		return nil, ErrNotFound
	}
	tx := &Tx{tx: btx, book: book, now: now, writable: btx.Writable(), rules: db.rules, db: db}
	if err := db.getSeller(sellerID, book.Get(keyInfo), &tx.seller); err != nil {
		return nil, fmt.Errorf("seller %d: %w", sellerID, err)
	}
	tx.firstBefore = tx.seller.FirstCustomerID
	return tx, nil
}

// Change runs fn on an existing seller's book in a writable transaction,
// for changes that do not come from a Telegram update (scheduler passes,
// delivery results). ErrNotFound if the seller does not exist.
func (db *DB) Change(ctx context.Context, sellerID int64, now time.Time, fn func(tx *Tx) error) error {
	var queued int
	err := db.write(ctx, func(btx *bolt.Tx) error {
		queued = 0
		tx, err := db.existingBook(btx, sellerID, now)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		queued = tx.queued
		return nil
	})
	if err != nil {
		return fmt.Errorf("change book of seller %d: %w", sellerID, err)
	}
	if queued > 0 {
		db.signalOutbox()
	}
	return nil
}

func (db *DB) openBook(btx *bolt.Tx, u Update) (*Tx, error) {
	sellers := btx.Bucket(bucketSellers)
	book := sellers.Bucket(i64(u.SellerID))
	if book == nil {
		var err error
		if book, err = sellers.CreateBucket(i64(u.SellerID)); err != nil {
			return nil, fmt.Errorf("seller book: %w", err)
		}
		for _, name := range bookBuckets {
			if _, err := book.CreateBucket(name); err != nil {
				return nil, fmt.Errorf("seller bucket %s: %w", name, err)
			}
		}
	}
	tx := &Tx{tx: btx, book: book, now: u.At, writable: true, rules: db.rules, db: db}
	err := db.getSeller(u.SellerID, book.Get(keyInfo), &tx.seller)
	switch {
	case err == ErrNotFound:
		lang := u.Lang
		if lang == "" {
			lang = "id"
		}
		tx.seller = Seller{ID: u.SellerID, Lang: lang, CreatedAt: u.At, Settings: DefaultSettings()}
	case err != nil:
		return nil, fmt.Errorf("seller %d: %w", u.SellerID, err)
	}
	s, changed := refreshSeller(tx.seller, u)
	if err == ErrNotFound || changed {
		if err := tx.storeSeller(s); err != nil {
			return nil, err
		}
	}
	tx.seller = s
	tx.firstBefore = s.FirstCustomerID
	return tx, nil
}

// refreshSeller is the seller as the update shows them (chat, name,
// language, active, last seen) and whether that is worth writing.
// Rewriting the seller on every update would cost a page per commit;
// last-seen only needs hour precision.
func refreshSeller(old Seller, u Update) (s Seller, changed bool) {
	s = old
	if u.ChatID != 0 {
		s.ChatID = u.ChatID
	}
	if u.Name != "" {
		s.Name = u.Name
	}
	if u.Lang != "" {
		s.Lang = u.Lang
	}
	s.Active = true
	if u.At.After(s.LastSeenAt) {
		s.LastSeenAt = u.At
	}
	changed = s.ChatID != old.ChatID || s.Name != old.Name || s.Lang != old.Lang ||
		!old.Active || s.LastSeenAt.Sub(old.LastSeenAt) >= time.Hour
	return s, changed
}

// Seller is the owner of this book.
func (tx *Tx) Seller() Seller { return tx.seller }

// SaveSeller stores changed seller preferences (language, timezone, settings).
// The id cannot change.
func (tx *Tx) SaveSeller(s Seller) error {
	s.ID = tx.seller.ID
	changed := s.Settings != tx.seller.Settings || s.Timezone != tx.seller.Timezone
	if err := tx.storeSeller(s); err != nil {
		return err
	}
	if changed {
		return tx.reindexBook()
	}
	return nil
}

// Send queues a message to this seller in the outbox, in the same
// transaction as the change that produced it.
func (tx *Tx) Send(m OutMessage) error {
	m.SellerID = tx.seller.ID
	if m.ChatID == 0 {
		m.ChatID = tx.seller.ChatID
	}
	if m.Kind == "" {
		m.Kind = OutSend
	}
	m.CreatedAt = tx.now
	if tx.peeked != nil {
		*tx.peeked = append(*tx.peeked, m)
		return nil
	}
	if err := enqueue(tx.tx, &m); err != nil {
		return err
	}
	tx.queued++
	return nil
}
