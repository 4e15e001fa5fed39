package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

func decode(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}

func eventKey(contactID, eventID uint64) []byte {
	return append(u64(contactID), u64(eventID)...)
}

func saleKey(seller int64, e Event) []byte {
	k := make([]byte, 0, 24)
	k = append(k, i64(seller)...)
	k = append(k, timeKey(e.At)...)
	return append(k, u64(e.ID)...)
}

// saleValue is a sale's entry in the sales index: contact id || amount.
func saleValue(e Event) []byte {
	return append(u64(e.ContactID), i64(e.Amount)...)
}

func (tx *Tx) addEvent(e Event) (Event, error) {
	// Event ids come from one sequence for all sellers: a per-seller counter
	// would dirty the seller's book on every sale.
	id, err := tx.tx.Bucket(bucketEvents).NextSequence()
	if err != nil {
		return Event{}, fmt.Errorf("add event: %w", err)
	}
	e.ID = id
	if e.At.IsZero() {
		e.At = tx.now
	}
	tx.trackEvent(e.ContactID, id, nil)
	if err := tx.scoped(bucketEvents).put(eventKey(e.ContactID, id), e); err != nil {
		return Event{}, fmt.Errorf("add event: %w", err)
	}
	if e.Kind == EventSale {
		if err := tx.tx.Bucket(bucketSales).Put(saleKey(tx.seller.ID, e), saleValue(e)); err != nil {
			return Event{}, fmt.Errorf("index sale: %w", err)
		}
	}
	return e, nil
}

// RecordSale adds a sale of amount (whole Rupiah) to the contact and moves it
// along the funnel: the first sale makes a konsumen, a later one a pelanggan.
// A sale is also a contact with the buyer, so the follow-up clock resets.
func (tx *Tx) RecordSale(contactID uint64, amount int64, text string) (Contact, Event, error) {
	if amount <= 0 {
		return Contact{}, Event{}, fmt.Errorf("record sale: amount %d not positive", amount)
	}
	c, err := tx.Contact(contactID)
	if err != nil {
		return Contact{}, Event{}, fmt.Errorf("record sale: %w", err)
	}
	e, err := tx.addEvent(Event{ContactID: c.ID, Kind: EventSale, Amount: amount, Text: text})
	if err != nil {
		return Contact{}, Event{}, fmt.Errorf("record sale: %w", err)
	}
	if c.Purchases == 0 || e.At.Before(c.FirstSaleAt) {
		c.FirstSaleAt, c.FirstSaleAmount = e.At, amount
	}
	c.Purchases++
	if c.Purchases == 2 {
		c.SecondSaleAt = e.At
	}
	c.Total += amount
	if tx.seller.FirstCustomerID == 0 {
		s := tx.seller
		s.FirstCustomerID = c.ID
		if err := tx.storeSeller(s); err != nil {
			return Contact{}, Event{}, fmt.Errorf("record sale: %w", err)
		}
	}
	c.Lost, c.LostReason, c.StopReason, c.LostAt = false, "", "", time.Time{}
	c.SnoozeUntil = time.Time{}
	c.LastSaleAt = later(c.LastSaleAt, e.At)
	c.LastContactAt = later(c.LastContactAt, e.At)
	c.LastActivityAt = later(c.LastActivityAt, e.At)
	if err := tx.SaveContact(c); err != nil {
		return Contact{}, Event{}, fmt.Errorf("record sale: %w", err)
	}
	c.Stage = StageFor(c.Purchases)
	return c, e, nil
}

// LogContacted records that the seller reached the contact; it resets the
// follow-up clock.
func (tx *Tx) LogContacted(contactID uint64, text string) (Contact, Event, error) {
	return tx.touch(contactID, EventContacted, text, true)
}

// AddNote adds a note to the contact's history.
func (tx *Tx) AddNote(contactID uint64, text string) (Contact, Event, error) {
	return tx.touch(contactID, EventNote, text, false)
}

// AddEvent records a free event (edited, lost) in the contact's history.
func (tx *Tx) AddEvent(contactID uint64, kind EventKind, text string) (Event, error) {
	_, e, err := tx.touch(contactID, kind, text, false)
	return e, err
}

func (tx *Tx) touch(contactID uint64, kind EventKind, text string, contacted bool) (Contact, Event, error) {
	c, err := tx.Contact(contactID)
	if err != nil {
		return Contact{}, Event{}, fmt.Errorf("record %s: %w", kind, err)
	}
	e, err := tx.addEvent(Event{ContactID: c.ID, Kind: kind, Text: text})
	if err != nil {
		return Contact{}, Event{}, fmt.Errorf("record %s: %w", kind, err)
	}
	if contacted {
		c.LastContactAt = later(c.LastContactAt, e.At)
		c.SnoozeUntil = time.Time{}
	}
	c.LastActivityAt = later(c.LastActivityAt, e.At)
	if err := tx.SaveContact(c); err != nil {
		return Contact{}, Event{}, fmt.Errorf("record %s: %w", kind, err)
	}
	return c, e, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// History returns the contact's events, newest first, at most limit (0 = all).
func (tx *Tx) History(contactID uint64, limit int) ([]Event, error) {
	var out []Event
	err := tx.scoped(bucketEvents).Reverse(u64(contactID), func(_, v []byte) (bool, error) {
		var e Event
		if err := decode(v, &e); err != nil {
			return false, err
		}
		out = append(out, e)
		return limit <= 0 || len(out) < limit, nil
	})
	if err != nil {
		return nil, fmt.Errorf("history #%d: %w", contactID, err)
	}
	return out, nil
}

// Sale is one entry of the time-ordered sales index, for reports.
type Sale struct {
	ContactID uint64
	EventID   uint64
	At        time.Time
	Amount    int64
}

// Sales returns the book's sales with from <= At < to, oldest first.
func (tx *Tx) Sales(from, to time.Time) ([]Sale, error) {
	cur := tx.tx.Bucket(bucketSales).Cursor()
	seller := i64(tx.seller.ID)
	end := append(append([]byte(nil), seller...), timeKey(to)...)
	var out []Sale
	for k, v := cur.Seek(append(append([]byte(nil), seller...), timeKey(from)...)); k != nil && bytes.Compare(k, end) < 0; k, v = cur.Next() {
		if len(k) != 24 || len(v) != 16 {
			return nil, fmt.Errorf("sales index: bad entry")
		}
		out = append(out, Sale{
			At:        time.Unix(int64(readU64(k[8:16])), 0),
			EventID:   readU64(k[16:]),
			ContactID: readU64(v[:8]),
			Amount:    int64(readU64(v[8:])),
		})
	}
	return out, nil
}
