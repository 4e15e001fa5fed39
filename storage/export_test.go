package storage

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Helpers for the external tests (package storage_test) that need to look
// at or damage what is stored.

// DropNameIndex makes the (closed) database at path look like one from
// before the name-word index: no index bucket, no meta key.
func DropNameIndex(path string) error {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer bdb.Close()
	return bdb.Update(func(btx *bolt.Tx) error {
		if err := btx.DeleteBucket(bucketNameWords); err != nil {
			return err
		}
		return btx.Bucket(bucketMeta).Delete(keyNameWordsVersion)
	})
}

// CheckNameIndex reports any difference between the seller's part of the
// name-word index and what the seller's contacts imply: a missing, stale
// or wrongly valued entry.
func CheckNameIndex(db *DB, seller int64) error {
	return db.view(func(btx *bolt.Tx) error {
		prefix := i64(seller)
		names := map[uint64]string{}
		cur := btx.Bucket(bucketContacts).Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			var c Contact
			if err := decode(v, &c); err != nil {
				return err
			}
			names[c.ID] = c.Name
		}
		want := map[string]string{}
		for k, v := range nameEntries(names) {
			want[k] = string(v)
		}
		got := map[string]string{}
		cur = btx.Bucket(bucketNameWords).Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			got[string(k[8:])] = string(v)
		}
		var diffs []string
		for k, name := range want {
			if g, ok := got[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("missing %q", k))
			} else if g != name {
				diffs = append(diffs, fmt.Sprintf("%q holds %q, want %q", k, g, name))
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("stale %q", k))
			}
		}
		if len(diffs) > 0 {
			sort.Strings(diffs)
			return fmt.Errorf("name index of seller %d: %v", seller, diffs)
		}
		return nil
	})
}

// CheckNames reports any difference between the seller's names bucket and
// the contacts' names.
func CheckNames(db *DB, seller int64) error {
	return db.view(func(btx *bolt.Tx) error {
		prefix := i64(seller)
		want := map[string]uint64{}
		cur := btx.Bucket(bucketContacts).Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			var c Contact
			if err := decode(v, &c); err != nil {
				return err
			}
			want[NameKey(c.Name)] = c.ID
		}
		got := map[string]uint64{}
		cur = btx.Bucket(bucketNames).Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			got[string(k[8:])] = readU64(v)
		}
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return fmt.Errorf("names of seller %d = %v, want %v", seller, got, want)
		}
		return nil
	})
}
