package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A sent message leaves Outbox at once and the bucket with the next commit
// (or its own, ackDelay later); Close flushes what is left.
func TestOutboxSentRidesAlongWithTheNextCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ack.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	msgs := []OutMessage{{ChatID: 1, SellerID: 1, Text: "a"}, {ChatID: 1, SellerID: 1, Text: "b"}}
	if _, err := db.Respond(ctx, 0, time.Now(), msgs); err != nil {
		t.Fatal(err)
	}
	queued, err := db.Outbox(0)
	if err != nil || len(queued) != 2 {
		t.Fatalf("outbox: %v, %v", queued, err)
	}
	if err := db.OutboxSent(ctx, queued[0].ID); err != nil {
		t.Fatal(err)
	}
	left, _ := db.Outbox(0)
	if n, _ := db.OutboxLen(); len(left) != 1 || left[0].ID != queued[1].ID || n != 1 {
		t.Fatalf("after sending the first: outbox %v, len %d", left, n)
	}
	// The deletion is committed within ackDelay even with nothing else to
	// write: wait for the bucket to lose the key (bounded, no fixed sleep).
	deadline := time.Now().Add(5 * time.Second)
	for inBucket(t, db, queued[0].ID) {
		if time.Now().After(deadline) {
			t.Fatal("the sent message never left the bucket")
		}
		time.Sleep(time.Millisecond)
	}
	if err := db.OutboxSent(ctx, queued[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.OutboxLen(); n != 0 {
		t.Errorf("after Close and reopen, %d messages left: Close did not flush the last ack", n)
	}
}

func inBucket(t *testing.T, db *DB, id uint64) bool {
	t.Helper()
	found := false
	err := db.bolt.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketOutbox).Get(u64(id)) != nil
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
