package storage

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// scoped is one seller's part of a flat, all-sellers bucket: every key
// starts with the seller id. Contacts, names and events live in such
// buckets rather than in the seller's nested book, so a sale dirties one
// page in each (shared branch pages) and not the book's pages as well: with
// many sellers writing at once that is a quarter fewer pages per commit.
// Code outside this file never builds these keys itself.
type scoped struct {
	b      *bolt.Bucket
	prefix []byte
}

func (tx *Tx) scoped(name []byte) scoped {
	return scoped{b: tx.tx.Bucket(name), prefix: i64(tx.seller.ID)}
}

func (s scoped) key(k []byte) []byte {
	full := make([]byte, 0, len(s.prefix)+len(k))
	return append(append(full, s.prefix...), k...)
}

func (s scoped) Get(k []byte) []byte       { return s.b.Get(s.key(k)) }
func (s scoped) Put(k, v []byte) error     { return s.b.Put(s.key(k), v) }
func (s scoped) Delete(k []byte) error     { return s.b.Delete(s.key(k)) }
func (s scoped) put(k []byte, v any) error { return put(s.b, s.key(k), v) }

// ForEach calls fn for the seller's entries whose key (after the seller
// id) starts with sub, in key order; fn gets the key without the seller id.
func (s scoped) ForEach(sub []byte, fn func(k, v []byte) error) error {
	start := s.key(sub)
	cur := s.b.Cursor()
	for k, v := cur.Seek(start); k != nil && bytes.HasPrefix(k, start); k, v = cur.Next() {
		if err := fn(k[len(s.prefix):], v); err != nil {
			return err
		}
	}
	return nil
}

// Reverse is ForEach from the last entry back.
func (s scoped) Reverse(sub []byte, fn func(k, v []byte) (more bool, err error)) error {
	start := s.key(sub)
	cur := s.b.Cursor()
	k, _ := cur.Seek(prefixEnd(start))
	var v []byte
	if k == nil {
		k, v = cur.Last()
	} else {
		k, v = cur.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, start); k, v = cur.Prev() {
		more, err := fn(k[len(s.prefix):], v)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// prefixEnd is the first key after every key that starts with p.
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil // p is all 0xff: nothing comes after
}
