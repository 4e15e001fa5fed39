package storage

import (
	"bytes"
	"sync"
)

// decodeCache remembers decoded records by their stored bytes. A hit needs
// the stored bytes to be equal to the remembered ones, so it can never
// return a stale value; it only saves decoding the same JSON again (the
// seller's record is read by every update, and decoding was the largest
// cost of a sale).
type decodeCache struct {
	mu  sync.Mutex
	m   map[cacheKey]cacheEntry
	max int
}

type cacheKey struct {
	seller int64
	kind   byte // 's' seller, 'c' contact
	id     uint64
}

type cacheEntry struct {
	raw []byte
	val any
}

func newDecodeCache(max int) *decodeCache {
	return &decodeCache{m: make(map[cacheKey]cacheEntry), max: max}
}

func (c *decodeCache) get(k cacheKey, raw []byte) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || !bytes.Equal(e.raw, raw) {
		return nil, false
	}
	return e.val, true
}

func (c *decodeCache) put(k cacheKey, raw []byte, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		// Drop an arbitrary tenth: cheap, and a miss only costs a decode.
		n := c.max / 10
		for key := range c.m {
			delete(c.m, key)
			if n--; n <= 0 {
				break
			}
		}
	}
	c.m[k] = cacheEntry{raw: append([]byte(nil), raw...), val: val}
}

// getSeller decodes the seller record at key in book, through the cache.
func (db *DB) getSeller(id int64, raw []byte, s *Seller) error {
	if raw == nil {
		return ErrNotFound
	}
	k := cacheKey{seller: id, kind: 's'}
	if v, ok := db.cache.get(k, raw); ok {
		*s = v.(Seller)
		return nil
	}
	if err := decode(raw, s); err != nil {
		return err
	}
	db.cache.put(k, raw, *s)
	return nil
}

// getContact decodes a contact record through the cache.
func (db *DB) getContact(seller int64, id uint64, raw []byte, c *Contact) error {
	if raw == nil {
		return ErrNotFound
	}
	k := cacheKey{seller: seller, kind: 'c', id: id}
	if v, ok := db.cache.get(k, raw); ok {
		*c = v.(Contact).clone()
		return nil
	}
	if err := decode(raw, c); err != nil {
		return err
	}
	db.cache.put(k, raw, c.clone())
	return nil
}
