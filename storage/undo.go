package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Undo reverses exactly the writes of one earlier transaction. While a
// transaction runs, the Tx notes the state every contact and event had
// before its first write there (writeLog); SaveUndo stores those states with
// a fingerprint of what the transaction left, and Undo puts the states back
// only if nothing it covers has changed since, so undoing never loses a
// later change.

// UndoWindow is how long a change can be undone. Records older than that
// are dropped as new ones are saved.
const UndoWindow = 24 * time.Hour

// Undo records live where concurrent sales share pages: bucketUndo is keyed
// by one sequence for all books (undo id -> seller id || unix time of the
// change || JSON), so the records of a group commit are appended to the
// same tail page and pruned from the head. A seller-prefixed bucket cost a
// page per sale and seller (measured: 50 sellers at once went from about
// 15k to 9.6k durable sales/s); a bucket in the seller's book cost more.
// bucketLastUndo (seller id -> the seller's newest undo id, 16 bytes an
// entry, many sellers a page) and each record's Prev link let /batal find
// the seller's last change. A record is only ever read for the seller
// whose id it carries: another seller's id is simply not found.
var (
	bucketUndo     = []byte("undos")
	bucketLastUndo = []byte("last_undo")
)

// UndoLabel describes a change for the seller; storage keeps it opaque and
// the bot renders it ("sale", "prospect", ...).
type UndoLabel struct {
	Kind   string
	Name   string
	Amount int64
	Text   string
}

// Undo is a recorded change that can be undone.
type Undo struct {
	ID         uint64
	Label      UndoLabel
	At         time.Time // when the change was made (the message time)
	Done       bool      // undone already; kept as a tombstone until pruned
	ContactIDs []uint64  // the contacts the change wrote, by id
}

// writeLog is what a transaction has written so far: each contact and event
// with the state it had before its first write in the transaction (nil: it
// did not exist). It lives on the Tx, which is made afresh for every run of
// a transaction, so a group-commit retry starts with an empty log.
type writeLog struct {
	contacts map[uint64]*Contact
	raw      map[uint64][]byte // the contacts' stored bytes before, for SaveUndo to keep as they are
	events   map[eventRef]*Event
}

type eventRef struct{ contact, event uint64 }

// trackContact notes a contact about to be written; before (nil for a new
// contact) becomes the log's and must not be changed by the caller. Only
// the first write of the transaction counts.
func (tx *Tx) trackContact(id uint64, before *Contact) {
	if _, ok := tx.written.contacts[id]; ok {
		return
	}
	if tx.written.contacts == nil {
		tx.written.contacts = make(map[uint64]*Contact, 2)
		tx.written.raw = make(map[uint64][]byte, 2)
	}
	tx.written.contacts[id] = before
	if before != nil {
		if raw := tx.scoped(bucketContacts).Get(u64(id)); raw != nil {
			tx.written.raw[id] = append([]byte(nil), raw...)
		}
	}
}

// trackEvent notes an event about to be written or deleted, like
// trackContact.
func (tx *Tx) trackEvent(contactID, eventID uint64, before *Event) {
	ref := eventRef{contactID, eventID}
	if _, ok := tx.written.events[ref]; ok {
		return
	}
	if tx.written.events == nil {
		tx.written.events = make(map[eventRef]*Event, 2)
	}
	tx.written.events[ref] = before
}

// undoRecord is the stored form of an Undo.
type undoRecord struct {
	ID          uint64
	Label       UndoLabel
	At          time.Time
	Done        bool          `json:",omitempty"`
	Prev        uint64        `json:",omitempty"` // the seller's previous record
	Contacts    []undoContact `json:",omitempty"`
	Events      []undoEvent   `json:",omitempty"`
	FirstBefore uint64        `json:",omitempty"` // the seller's FirstCustomerID before the change
	FirstAfter  uint64        `json:",omitempty"` // and after it
}

// undoContact is one contact the change wrote: its state before (nil: the
// change created it) and a fingerprint of the state it left (Gone: it
// deleted it).
type undoContact struct {
	ID     uint64
	Before *Contact `json:",omitempty"`
	After  uint64   `json:",omitempty"`
	Gone   bool     `json:",omitempty"`

	beforeRaw []byte // Before as it was stored, written as it is
}

// MarshalJSON writes Before from the bytes it was stored as, when known:
// encoding the contact again is most of what SaveUndo would cost, and it
// runs inside the single writer on every sale.
func (u undoContact) MarshalJSON() ([]byte, error) {
	type plain undoContact
	p := plain(u)
	if u.beforeRaw != nil {
		p.Before = nil
	}
	b, err := json.Marshal(p)
	if err != nil || u.beforeRaw == nil {
		return b, err
	}
	b = append(b[:len(b)-1], `,"Before":`...)
	b = append(b, u.beforeRaw...)
	return append(b, '}'), nil
}

// undoEvent is one event the change wrote, like undoContact.
type undoEvent struct {
	ContactID uint64
	ID        uint64
	Before    *Event `json:",omitempty"`
	After     uint64 `json:",omitempty"`
	Gone      bool   `json:",omitempty"`
}

func (r undoRecord) view() Undo {
	u := Undo{ID: r.ID, Label: r.Label, At: r.At, Done: r.Done}
	for _, c := range r.Contacts {
		u.ContactIDs = append(u.ContactIDs, c.ID)
	}
	return u
}

// storedPrint fingerprints a contact as stored (its JSON), without the
// DueAt member: the due index maintenance rewrites DueAt whenever the
// settings or the rules change, and that is no change to undo over. DueAt
// is the last field of Contact (a test keeps it so) and its value a quoted
// time; inside names and notes a quote is always escaped, so the member
// cannot be mistaken. FNV, not maphash: records outlive the process. It
// hashes the bytes already stored rather than encoding the contact again,
// which matters: SaveUndo runs inside the single writer on every sale.
func storedPrint(raw []byte) uint64 {
	if i := bytes.LastIndex(raw, dueAtMember); i >= 0 {
		rest := raw[i+len(dueAtMember):]
		if len(rest) > 0 && rest[0] == '"' {
			if j := bytes.IndexByte(rest[1:], '"'); j >= 0 {
				h := fnv.New64a()
				_, _ = h.Write(raw[:i])
				_, _ = h.Write(rest[j+2:])
				return h.Sum64()
			}
		}
	}
	return bytesPrint(raw)
}

var dueAtMember = []byte(`,"DueAt":`)

func bytesPrint(b []byte) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(b)
	return h.Sum64()
}

// expired reports a change made more than UndoWindow before now.
func (tx *Tx) expired(at time.Time) bool { return at.Before(tx.now.Add(-UndoWindow)) }

// SaveUndo records everything this transaction has written so far (contacts,
// events, the seller's first customer) so that Undo can reverse it, and
// returns the record's id. Records older than UndoWindow are dropped on the
// way. ErrNothingToUndo if no contact or event was written.
func (tx *Tx) SaveUndo(l UndoLabel) (uint64, error) {
	if len(tx.written.contacts) == 0 && len(tx.written.events) == 0 {
		return 0, fmt.Errorf("save undo: %w", ErrNothingToUndo)
	}
	rec := undoRecord{Label: l, At: tx.now, FirstBefore: tx.firstBefore, FirstAfter: tx.seller.FirstCustomerID}
	ids := make([]uint64, 0, len(tx.written.contacts))
	for id := range tx.written.contacts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		uc := undoContact{ID: id, Before: tx.written.contacts[id], beforeRaw: tx.written.raw[id]}
		// The contact as the transaction left it, as stored: no encoding.
		if raw := tx.scoped(bucketContacts).Get(u64(id)); raw == nil {
			uc.Gone = true
		} else {
			uc.After = storedPrint(raw)
		}
		if uc.Before == nil && uc.Gone {
			continue // created and deleted here: nothing to reverse
		}
		rec.Contacts = append(rec.Contacts, uc)
	}
	refs := make([]eventRef, 0, len(tx.written.events))
	for ref := range tx.written.events {
		refs = append(refs, ref)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].contact != refs[j].contact {
			return refs[i].contact < refs[j].contact
		}
		return refs[i].event < refs[j].event
	})
	events := tx.scoped(bucketEvents)
	for _, ref := range refs {
		ue := undoEvent{ContactID: ref.contact, ID: ref.event, Before: tx.written.events[ref]}
		if raw := events.Get(eventKey(ref.contact, ref.event)); raw != nil {
			ue.After = bytesPrint(raw)
		} else {
			ue.Gone = true
		}
		if ue.Before == nil && ue.Gone {
			continue
		}
		rec.Events = append(rec.Events, ue)
	}
	b := tx.tx.Bucket(bucketUndo)
	var err error
	if rec.ID, err = b.NextSequence(); err != nil {
		return 0, fmt.Errorf("save undo: %w", err)
	}
	last := tx.tx.Bucket(bucketLastUndo)
	if prev := last.Get(i64(tx.seller.ID)); len(prev) == 8 {
		rec.Prev = readU64(prev)
	}
	if err := tx.putUndo(b, rec); err != nil {
		return 0, fmt.Errorf("save undo: %w", err)
	}
	if err := last.Put(i64(tx.seller.ID), u64(rec.ID)); err != nil {
		return 0, fmt.Errorf("save undo: %w", err)
	}
	if err := tx.pruneUndo(b); err != nil {
		return 0, fmt.Errorf("save undo: %w", err)
	}
	return rec.ID, nil
}

func (tx *Tx) putUndo(b *bolt.Bucket, rec undoRecord) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode undo %d: %w", rec.ID, err)
	}
	v := make([]byte, 0, 16+len(data))
	v = append(append(append(v, i64(tx.seller.ID)...), timeKey(rec.At)...), data...)
	return b.Put(u64(rec.ID), v)
}

// getUndo reads this seller's record id; ErrNotFound for a missing id and
// for another seller's.
func (tx *Tx) getUndo(b *bolt.Bucket, id uint64) (undoRecord, error) {
	var rec undoRecord
	v := b.Get(u64(id))
	if len(v) < 16 || readU64(v[:8]) != uint64(tx.seller.ID) {
		return rec, ErrNotFound
	}
	if err := decode(v[16:], &rec); err != nil {
		return rec, err
	}
	return rec, nil
}

// pruneUndo drops the records of all books that are surely past the window.
// Keys are in creation order, so the old ones are at the front; a write
// drops at most a page's worth, the rest go with the next writes. The time
// in each value is whole seconds, so a record is dropped only once the
// second after it is past the window too.
func (tx *Tx) pruneUndo(b *bolt.Bucket) error {
	cutoff := tx.now.Add(-UndoWindow)
	cur := b.Cursor()
	var old [][]byte
	for k, v := cur.First(); k != nil && len(v) >= 16 && len(old) < 64; k, v = cur.Next() {
		if time.Unix(int64(readU64(v[8:16]))+1, 0).After(cutoff) {
			break
		}
		old = append(old, append([]byte(nil), k...))
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// LastUndo returns the newest change that can still be undone (not undone,
// not older than UndoWindow at the transaction's time); ok is false if
// there is none.
func (tx *Tx) LastUndo() (Undo, bool, error) {
	b := tx.tx.Bucket(bucketUndo)
	v := tx.tx.Bucket(bucketLastUndo).Get(i64(tx.seller.ID))
	for id := uint64(0); len(v) == 8; {
		id, v = readU64(v), nil
		rec, err := tx.getUndo(b, id)
		if errors.Is(err, ErrNotFound) {
			break // pruned: older ones are gone too
		}
		if err != nil {
			return Undo{}, false, fmt.Errorf("last undo: %w", err)
		}
		if tx.expired(rec.At) {
			break // records before this one are older still
		}
		if !rec.Done {
			return rec.view(), true, nil
		}
		if rec.Prev != 0 {
			v = u64(rec.Prev)
		}
	}
	return Undo{}, false, nil
}

// Undo reverses the change recorded as id as if it had never happened:
// events it created are deleted and those it changed or deleted put back
// (with the sales index), contacts it created are deleted and those it
// changed or deleted get their state back (names, word and due indexes
// follow), and the seller's first customer is what it was. It fails with
// ErrNotFound (no such record in this book), ErrUndone, ErrExpired, or
// ErrChanged (something it covers changed since; then nothing is changed).
func (tx *Tx) Undo(id uint64) (Undo, error) {
	b := tx.tx.Bucket(bucketUndo)
	rec, err := tx.getUndo(b, id)
	switch {
	case err != nil:
		return Undo{}, fmt.Errorf("undo %d: %w", id, err)
	case rec.Done:
		return Undo{}, fmt.Errorf("undo %d: %w", id, ErrUndone)
	case tx.expired(rec.At):
		return Undo{}, fmt.Errorf("undo %d: %w", id, ErrExpired)
	}
	now, err := tx.undoCheck(rec)
	if err != nil {
		return Undo{}, fmt.Errorf("undo %d: %w", id, err)
	}
	if err := tx.undoApply(rec, now); err != nil {
		return Undo{}, fmt.Errorf("undo %d: %w", id, err)
	}
	rec.Done = true
	if err := tx.putUndo(b, rec); err != nil {
		return Undo{}, fmt.Errorf("undo %d: %w", id, err)
	}
	return rec.view(), nil
}

// undoNow is the current state of what a record covers, read by undoCheck
// and used by undoApply.
type undoNow struct {
	contacts map[uint64]*Contact // nil: does not exist
	events   map[eventRef]*Event
}

// undoCheck verifies that everything the record covers is as the change
// left it, and that the names it gives back are free; ErrChanged if not.
// It writes nothing.
func (tx *Tx) undoCheck(rec undoRecord) (undoNow, error) {
	now := undoNow{contacts: map[uint64]*Contact{}, events: map[eventRef]*Event{}}
	events := tx.scoped(bucketEvents)
	created := map[eventRef]bool{}
	for _, ue := range rec.Events {
		ref := eventRef{ue.ContactID, ue.ID}
		raw := events.Get(eventKey(ue.ContactID, ue.ID))
		if ue.Gone != (raw == nil) || (raw != nil && bytesPrint(raw) != ue.After) {
			return now, fmt.Errorf("event %d of #%d: %w", ue.ID, ue.ContactID, ErrChanged)
		}
		if raw != nil {
			var e Event
			if err := decode(raw, &e); err != nil {
				return now, err
			}
			now.events[ref] = &e
		}
		if ue.Before == nil {
			created[ref] = true
		}
	}
	tracked := map[uint64]bool{}
	for _, uc := range rec.Contacts {
		tracked[uc.ID] = true
	}
	names := tx.scoped(bucketNames)
	for _, uc := range rec.Contacts {
		c, err := tx.Contact(uc.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			if !uc.Gone {
				return now, fmt.Errorf("contact #%d deleted: %w", uc.ID, ErrChanged)
			}
		case err != nil:
			return now, err
		case uc.Gone:
			return now, fmt.Errorf("contact #%d: %w", uc.ID, ErrChanged)
		default:
			if storedPrint(tx.scoped(bucketContacts).Get(u64(uc.ID))) != uc.After {
				return now, fmt.Errorf("contact #%d: %w", uc.ID, ErrChanged)
			}
			now.contacts[uc.ID] = &c
		}
		if uc.Before == nil {
			// A contact the change created goes with all its history,
			// which must be the change's own: a later note would be lost.
			err := events.ForEach(u64(uc.ID), func(k, _ []byte) error {
				if !created[eventRef{uc.ID, readU64(k[8:])}] {
					return fmt.Errorf("contact #%d has later history: %w", uc.ID, ErrChanged)
				}
				return nil
			})
			if err != nil {
				return now, err
			}
			continue
		}
		// The name given back must be free, or held by a contact the undo
		// rewrites as well.
		if owner := names.Get([]byte(NameKey(uc.Before.Name))); owner != nil && !tracked[readU64(owner)] {
			return now, fmt.Errorf("name %q of #%d taken by #%d: %w", uc.Before.Name, uc.ID, readU64(owner), ErrChanged)
		}
	}
	return now, nil
}

// undoApply puts back the states of a checked record.
func (tx *Tx) undoApply(rec undoRecord, now undoNow) error {
	if tx.seller.FirstCustomerID == rec.FirstAfter && rec.FirstBefore != rec.FirstAfter {
		s := tx.seller
		s.FirstCustomerID = rec.FirstBefore
		if err := tx.storeSeller(s); err != nil {
			return err
		}
	}
	if err := tx.undoEvents(rec, now); err != nil {
		return err
	}
	if err := tx.undoContacts(rec, now); err != nil {
		return err
	}
	// The due time of a first customer may depend on being the first.
	for _, id := range []uint64{rec.FirstBefore, rec.FirstAfter} {
		if _, ok := now.contacts[id]; ok || id == 0 {
			continue
		}
		if err := tx.refreshDue(id); err != nil {
			return err
		}
	}
	if first := tx.seller.FirstCustomerID; first != 0 {
		c, err := tx.Contact(first)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err != nil || c.Purchases == 0 {
			return tx.electFirstCustomer()
		}
	}
	return nil
}

func (tx *Tx) undoEvents(rec undoRecord, now undoNow) error {
	events := tx.scoped(bucketEvents)
	sales := tx.tx.Bucket(bucketSales)
	for _, ue := range rec.Events {
		ref := eventRef{ue.ContactID, ue.ID}
		key := eventKey(ue.ContactID, ue.ID)
		cur := now.events[ref]
		tx.trackEvent(ue.ContactID, ue.ID, cur)
		if cur != nil && cur.Kind == EventSale {
			if err := sales.Delete(saleKey(tx.seller.ID, *cur)); err != nil {
				return fmt.Errorf("unindex sale %d: %w", ue.ID, err)
			}
		}
		if ue.Before == nil {
			if err := events.Delete(key); err != nil {
				return fmt.Errorf("delete event %d: %w", ue.ID, err)
			}
			continue
		}
		if err := events.put(key, ue.Before); err != nil {
			return fmt.Errorf("restore event %d: %w", ue.ID, err)
		}
		if ue.Before.Kind == EventSale {
			if err := sales.Put(saleKey(tx.seller.ID, *ue.Before), saleValue(*ue.Before)); err != nil {
				return fmt.Errorf("index sale %d: %w", ue.ID, err)
			}
		}
	}
	return nil
}

func (tx *Tx) undoContacts(rec undoRecord, now undoNow) error {
	names := tx.scoped(bucketNames)
	contacts := tx.scoped(bucketContacts)
	// First take away what the change added: contacts it created, and the
	// names it gave, so the names given back below are free.
	for _, uc := range rec.Contacts {
		cur := now.contacts[uc.ID]
		if cur == nil {
			continue
		}
		key := []byte(NameKey(cur.Name))
		if uc.Before != nil && NameKey(uc.Before.Name) == string(key) {
			continue
		}
		if owner := names.Get(key); owner != nil && readU64(owner) == uc.ID {
			if err := names.Delete(key); err != nil {
				return fmt.Errorf("restore contact #%d: %w", uc.ID, err)
			}
		}
		if uc.Before != nil {
			continue
		}
		tx.trackContact(uc.ID, cur)
		if err := tx.unindexName(uc.ID, cur.Name); err != nil {
			return err
		}
		if err := tx.unindexDue(*cur); err != nil {
			return err
		}
		if err := contacts.Delete(u64(uc.ID)); err != nil {
			return fmt.Errorf("delete contact #%d: %w", uc.ID, err)
		}
		delete(tx.cache, uc.ID)
	}
	for _, uc := range rec.Contacts {
		if uc.Before == nil {
			continue
		}
		c := uc.Before.clone()
		cur := now.contacts[uc.ID]
		key := []byte(NameKey(c.Name))
		switch {
		case cur == nil:
			// Deleted by the change: not in the due index any more.
			c.DueAt = time.Time{}
			if err := names.Put(key, u64(c.ID)); err != nil {
				return fmt.Errorf("restore contact #%d: %w", c.ID, err)
			}
			if err := tx.indexName(c.ID, c.Name); err != nil {
				return err
			}
		default:
			c.DueAt = cur.DueAt // what the due index holds
			if NameKey(cur.Name) != string(key) {
				if err := names.Put(key, u64(c.ID)); err != nil {
					return fmt.Errorf("restore contact #%d: %w", c.ID, err)
				}
			}
			if err := tx.renameIndex(c.ID, cur.Name, c.Name); err != nil {
				return err
			}
		}
		tx.trackContact(c.ID, cur)
		if err := tx.storeContact(c); err != nil {
			return err
		}
	}
	return nil
}

// refreshDue recomputes one contact's due time (after the seller's first
// customer changed), if it exists.
func (tx *Tx) refreshDue(id uint64) error {
	c, err := tx.Contact(id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	before := c.DueAt
	if err := tx.reindexDue(&c); err != nil {
		return err
	}
	if before.Equal(c.DueAt) {
		return nil
	}
	if err := tx.scoped(bucketContacts).put(u64(c.ID), c); err != nil {
		return fmt.Errorf("reindex #%d: %w", c.ID, err)
	}
	tx.remember(c)
	return nil
}

// UndoSeries reverses the seller's changes from first to last (by the
// seller's own order, both included), newest first, as one: a joined reply
// to a pasted batch of commands carries one button for all of them.
// Changes already undone are passed over. The errors are Undo's: on any of
// them the caller must roll the whole transaction back, since the newer
// changes of the series may have been reversed already.
func (tx *Tx) UndoSeries(last, first uint64) ([]Undo, error) {
	b := tx.tx.Bucket(bucketUndo)
	var done []Undo
	for id := last; id != 0 && id >= first; {
		rec, err := tx.getUndo(b, id)
		if err != nil {
			return done, fmt.Errorf("undo series %d-%d: %w", first, last, err)
		}
		if !rec.Done {
			u, err := tx.Undo(id)
			if err != nil {
				return done, fmt.Errorf("undo series %d-%d: %w", first, last, err)
			}
			done = append(done, u)
		}
		id = rec.Prev
	}
	if len(done) == 0 {
		return nil, fmt.Errorf("undo series %d-%d: %w", first, last, ErrUndone)
	}
	return done, nil
}
