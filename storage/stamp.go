package storage

import (
	"encoding/binary"
	"hash/maphash"
)

// stampSeed is per process: stamps are compared within one process only.
var stampSeed = maphash.MakeSeed()

// Stamp fingerprints the seller's record and the named contacts exactly as
// they are stored. Two transactions that get the same stamp read the same
// bytes (up to a 64-bit hash collision), so a decision made and rendered in
// a read-only transaction still holds in a later write transaction that gets
// an equal stamp: the scheduler prepares its messages outside the single
// writer this way and only checks and records inside it. A contact that
// does not exist stamps differently from any stored one.
func (tx *Tx) Stamp(contactIDs []uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(stampSeed)
	var head [9]byte
	add := func(v []byte) {
		binary.BigEndian.PutUint64(head[:8], uint64(len(v)))
		head[8] = 0
		if v == nil {
			head[8] = 1
		}
		_, _ = h.Write(head[:])
		_, _ = h.Write(v)
	}
	add(tx.book.Get(keyInfo))
	contacts := tx.scoped(bucketContacts)
	var key [8]byte
	for _, id := range contactIDs {
		binary.BigEndian.PutUint64(key[:], id)
		add(contacts.Get(key[:]))
	}
	return h.Sum64()
}
