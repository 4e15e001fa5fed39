package storage

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ackDelay is how long sent outbox messages wait for a write to ride along
// with before they get a commit of their own (OutboxSent).
const ackDelay = 20 * time.Millisecond

// maxGroup bounds how many writes share one transaction.
const maxGroup = 512

type commit struct {
	fn   func(tx *bolt.Tx) error
	done chan error
}

// write runs fn in a writable transaction shared with other concurrent
// writers (group commit): one fsync makes all of them durable. fn may run
// more than once if another member of its group fails, so it must only
// change the database and variables it resets itself.
func (db *DB) write(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return ErrClosed
	}
	c := &commit{fn: fn, done: make(chan error, 1)}
	db.commits <- c
	db.mu.RUnlock()
	// The write is queued: wait for it even if ctx ends, so the caller never
	// mistakes a committed change for a lost one.
	_ = ctx
	return <-c.done
}

// committer is the single writer. While one group commits, new writes queue
// up; the next group takes all of them. With one writer this costs nothing
// over a plain db.Update (no timer as in bolt.DB.Batch); with many it shares
// the fsync.
func (db *DB) committer() {
	defer db.wg.Done()
	for {
		var first *commit
		select {
		case first = <-db.commits:
		case <-db.ackWake:
			// Sent messages to delete: give a write ackDelay to carry them.
			select {
			case first = <-db.commits:
			case <-time.After(ackDelay):
				db.runGroup(nil)
				continue
			case <-db.stop:
			}
		case <-db.stop:
		}
		if first == nil {
			// Drain what was queued before Close took the lock, and the
			// last sent messages.
			for {
				select {
				case c := <-db.commits:
					db.runGroup([]*commit{c})
				default:
					db.runGroup(nil)
					return
				}
			}
		}
		group := []*commit{first}
	fill:
		for len(group) < maxGroup {
			select {
			case c := <-db.commits:
				group = append(group, c)
			default:
				break fill
			}
		}
		db.runGroup(group)
	}
}

// runGroup commits the group in one transaction. If one member fails, the
// transaction is rolled back, that member is run alone (so its error is its
// own), and the rest are committed again without it.
func (db *DB) runGroup(group []*commit) {
	acks := db.pendingAcks()
	defer db.rewakeAcks()
	if len(group) == 0 {
		if len(acks) > 0 {
			var txid uint64
			err := db.bolt.Update(func(tx *bolt.Tx) error { txid = uint64(tx.ID()); return deleteAcked(tx, acks) })
			if err == nil {
				db.acked(acks, txid)
			}
		}
		return
	}
	for len(group) > 0 {
		failed := -1
		var txid uint64
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			txid = uint64(tx.ID())
			for i, c := range group {
				if err := safeRun(c.fn, tx); err != nil {
					failed = i
					return err
				}
			}
			return deleteAcked(tx, acks)
		})
		if err == nil {
			db.acked(acks, txid)
			for _, c := range group {
				c.done <- nil
			}
			return
		}
		if failed < 0 || len(group) == 1 {
			// The commit itself failed (disk full, ...): everyone gets it.
			for _, c := range group {
				c.done <- err
			}
			return
		}
		bad := group[failed]
		bad.done <- db.bolt.Update(func(tx *bolt.Tx) error { return safeRun(bad.fn, tx) })
		group = append(group[:failed:failed], group[failed+1:]...)
	}
}

// safeRun turns a panic in a write function into an error so one bad write
// cannot take the committer (and every other seller) down.
func safeRun(fn func(tx *bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("write panicked: %v", r)
		}
	}()
	return fn(tx)
}

// rewakeAcks makes sure sent messages whose deletion did not go through
// (their group failed) get another commit.
func (db *DB) rewakeAcks() {
	if len(db.pendingAcks()) > 0 {
		select {
		case db.ackWake <- struct{}{}:
		default:
		}
	}
}
