package storage

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

func enqueue(btx *bolt.Tx, m *OutMessage) error {
	b := btx.Bucket(bucketOutbox)
	id, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("queue message: %w", err)
	}
	m.ID = id
	if err := put(b, u64(id), m); err != nil {
		return fmt.Errorf("queue message: %w", err)
	}
	return nil
}

// Outbox returns up to limit queued messages in the order they were queued
// (which is the order each chat must see them).
func (db *DB) Outbox(limit int) ([]OutMessage, error) { return db.OutboxAfter(0, limit) }

// OutboxAfter is Outbox from the message after id on. Ids grow in commit
// order (one writer), so a sender that remembers the last id it read finds
// every newer message there and decodes nothing twice.
func (db *DB) OutboxAfter(id uint64, limit int) ([]OutMessage, error) {
	var out []OutMessage
	err := db.view(func(btx *bolt.Tx) error {
		cur := btx.Bucket(bucketOutbox).Cursor()
		for k, v := cur.Seek(u64(id + 1)); k != nil && (limit <= 0 || len(out) < limit); k, v = cur.Next() {
			if db.isAcked(readU64(k), uint64(btx.ID())) {
				continue // sent; leaves with the next commit
			}
			var m OutMessage
			if err := decode(v, &m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// OutboxLen counts the queued messages.
func (db *DB) OutboxLen() (int, error) {
	var n int
	err := db.view(func(btx *bolt.Tx) error {
		n = btx.Bucket(bucketOutbox).Stats().KeyN
		db.ackMu.Lock()
		for _, t := range db.acks {
			if t == 0 || t > uint64(btx.ID()) {
				n--
			}
		}
		db.ackMu.Unlock()
		n = max(n, 0)
		return nil
	})
	return n, err
}

// OutboxSent records that messages Telegram accepted (several: the parts
// of a joined message) have left. They leave the bucket with the next
// commit, riding along with whatever is written next or, when nothing is,
// with a commit of their own ackDelay later: a sent message costs no
// commit and no fsync of its own, which halves the writes of a reply.
// Until then Outbox and OutboxLen leave them out, so they are not sent
// again. A crash before that commit sends them again after the restart, as
// a crash between a send and its commit always could.
func (db *DB) OutboxSent(ctx context.Context, ids ...uint64) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.closed {
		return fmt.Errorf("outbox sent %v: %w", ids, ErrClosed)
	}
	db.ackMu.Lock()
	for _, id := range ids {
		db.acks[id] = 0
	}
	db.ackMu.Unlock()
	select {
	case db.ackWake <- struct{}{}:
	default:
	}
	return nil
}

// pendingAcks is a snapshot of the sent messages whose deletion is not
// committed yet.
func (db *DB) pendingAcks() []uint64 {
	db.ackMu.Lock()
	defer db.ackMu.Unlock()
	out := make([]uint64, 0, len(db.acks))
	for id, txid := range db.acks {
		if txid == 0 {
			out = append(out, id)
		}
	}
	return out
}

// ackKeep is how many commits a deleted message stays known: a read that
// began before its deletion (a snapshot that still holds it) must not take
// it for unsent. Reads of the outbox last far less than that many commits.
const ackKeep = 256

// acked notes that the commit txid deleted ids, and forgets deletions that
// no read can still predate.
func (db *DB) acked(ids []uint64, txid uint64) {
	db.ackMu.Lock()
	defer db.ackMu.Unlock()
	for _, id := range ids {
		db.acks[id] = txid
	}
	for id, t := range db.acks {
		if t != 0 && t+ackKeep < txid {
			delete(db.acks, id)
		}
	}
}

// isAcked reports a sent message that a read at snapshot txid still holds:
// its deletion is not committed yet, or was committed after the snapshot.
func (db *DB) isAcked(id, txid uint64) bool {
	db.ackMu.Lock()
	defer db.ackMu.Unlock()
	t, ok := db.acks[id]
	return ok && (t == 0 || t > txid)
}

// deleteAcked removes sent messages inside a commit.
func deleteAcked(btx *bolt.Tx, ids []uint64) error {
	b := btx.Bucket(bucketOutbox)
	for _, id := range ids {
		if err := b.Delete(u64(id)); err != nil {
			return fmt.Errorf("outbox sent %d: %w", id, err)
		}
	}
	return nil
}

// OutboxRetry keeps a message for another try at notBefore.
func (db *DB) OutboxRetry(ctx context.Context, id uint64, notBefore time.Time) error {
	err := db.write(ctx, func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketOutbox)
		var m OutMessage
		if err := get(b, u64(id), &m); err != nil {
			return err
		}
		m.Attempts++
		m.NotBefore = notBefore
		return put(b, u64(id), m)
	})
	if err != nil {
		return fmt.Errorf("outbox retry %d: %w", id, err)
	}
	return nil
}

// SetActive marks a seller reachable or not (false after a 403: they blocked
// the bot). Writing to the bot again makes them active.
func (db *DB) SetActive(ctx context.Context, sellerID int64, active bool) error {
	return db.Change(ctx, sellerID, time.Now(), func(tx *Tx) error {
		s := tx.Seller()
		if s.Active == active {
			return nil
		}
		s.Active = active
		return tx.SaveSeller(s)
	})
}

// PruneUpdates forgets update ids applied before the cutoff. Telegram keeps
// an unconfirmed update for 24 hours, so ids older than that cannot return.
func (db *DB) PruneUpdates(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := db.write(ctx, func(btx *bolt.Tx) error {
		n = 0
		b := btx.Bucket(bucketUpdates)
		cutoff := readU64(timeKey(before))
		var old [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if readU64(v) < cutoff {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("prune updates: %w", err)
	}
	return n, nil
}

// Respond records the update id and queues messages that change no book
// (refusals, hints to group chats, apologies, the answers of Peek), and
// returns their outbox ids. ErrDuplicate if the update was applied before.
func (db *DB) Respond(ctx context.Context, updateID int64, at time.Time, msgs []OutMessage) ([]uint64, error) {
	var duplicate bool
	ids := make([]uint64, len(msgs))
	err := db.write(ctx, func(btx *bolt.Tx) error {
		duplicate = false
		if updateID != 0 {
			ub := btx.Bucket(bucketUpdates)
			if ub.Get(i64(updateID)) != nil {
				duplicate = true
				return nil
			}
			if err := ub.Put(i64(updateID), timeKey(at)); err != nil {
				return err
			}
		}
		for i := range msgs {
			m := msgs[i]
			if m.Kind == "" {
				m.Kind = OutSend
			}
			m.CreatedAt = at
			if err := enqueue(btx, &m); err != nil {
				return err
			}
			ids[i] = m.ID
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("respond to update %d: %w", updateID, err)
	}
	if duplicate {
		return nil, ErrDuplicate
	}
	if len(msgs) > 0 {
		db.signalOutbox()
	}
	return ids, nil
}
