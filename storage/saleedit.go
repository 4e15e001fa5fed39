package storage

import (
	"fmt"
	"sort"
	"time"
)

// Correcting a sale recorded wrongly (wrong amount, recorded twice): the
// sale event and the sales index change, and the contact's purchase
// figures are computed again from the sale events that remain, so they
// cannot drift from the history. Both corrections are tracked writes: a
// SaveUndo after them makes the correction itself undoable.

// ContactSales returns the contact's sale events, newest first. ErrNotFound
// if there is no such contact.
func (tx *Tx) ContactSales(contactID uint64) ([]Event, error) {
	if _, err := tx.Contact(contactID); err != nil {
		return nil, fmt.Errorf("sales of #%d: %w", contactID, err)
	}
	var out []Event
	err := tx.scoped(bucketEvents).Reverse(u64(contactID), func(_, v []byte) (bool, error) {
		var e Event
		if err := decode(v, &e); err != nil {
			return false, err
		}
		if e.Kind == EventSale {
			out = append(out, e)
		}
		return true, nil
	})
	if err != nil {
		return nil, fmt.Errorf("sales of #%d: %w", contactID, err)
	}
	return out, nil
}

// saleEvent reads one sale of the contact; ErrNotFound if eventID is not a
// sale of that contact.
func (tx *Tx) saleEvent(contactID, eventID uint64) (Event, error) {
	var e Event
	raw := tx.scoped(bucketEvents).Get(eventKey(contactID, eventID))
	if raw == nil {
		return Event{}, ErrNotFound
	}
	if err := decode(raw, &e); err != nil {
		return Event{}, err
	}
	if e.Kind != EventSale {
		return Event{}, ErrNotFound
	}
	return e, nil
}

// EditSale changes the amount (whole Rupiah, > 0) and text of one sale of
// the contact, and returns the contact and the sale as they are now.
// ErrNotFound if eventID is not a sale of that contact.
func (tx *Tx) EditSale(contactID, eventID uint64, amount int64, text string) (Contact, Event, error) {
	if amount <= 0 {
		return Contact{}, Event{}, fmt.Errorf("edit sale %d: amount %d not positive", eventID, amount)
	}
	old, err := tx.saleEvent(contactID, eventID)
	if err != nil {
		return Contact{}, Event{}, fmt.Errorf("edit sale %d of #%d: %w", eventID, contactID, err)
	}
	e := old
	e.Amount, e.Text = amount, text
	tx.trackEvent(contactID, eventID, &old)
	if err := tx.scoped(bucketEvents).put(eventKey(contactID, eventID), e); err != nil {
		return Contact{}, Event{}, fmt.Errorf("edit sale %d: %w", eventID, err)
	}
	// Same time and id: the index entry keeps its key, only the amount changes.
	if err := tx.tx.Bucket(bucketSales).Put(saleKey(tx.seller.ID, e), saleValue(e)); err != nil {
		return Contact{}, Event{}, fmt.Errorf("edit sale %d: index: %w", eventID, err)
	}
	c, err := tx.recountSales(contactID)
	if err != nil {
		return Contact{}, Event{}, fmt.Errorf("edit sale %d: %w", eventID, err)
	}
	return c, e, nil
}

// DeleteSale removes one sale of the contact and returns the contact as it
// is now. ErrNotFound if eventID is not a sale of that contact.
func (tx *Tx) DeleteSale(contactID, eventID uint64) (Contact, error) {
	old, err := tx.saleEvent(contactID, eventID)
	if err != nil {
		return Contact{}, fmt.Errorf("delete sale %d of #%d: %w", eventID, contactID, err)
	}
	tx.trackEvent(contactID, eventID, &old)
	if err := tx.scoped(bucketEvents).Delete(eventKey(contactID, eventID)); err != nil {
		return Contact{}, fmt.Errorf("delete sale %d: %w", eventID, err)
	}
	if err := tx.tx.Bucket(bucketSales).Delete(saleKey(tx.seller.ID, old)); err != nil {
		return Contact{}, fmt.Errorf("delete sale %d: index: %w", eventID, err)
	}
	c, err := tx.recountSales(contactID)
	if err != nil {
		return Contact{}, fmt.Errorf("delete sale %d: %w", eventID, err)
	}
	return c, nil
}

// recountSales sets the contact's purchase figures from its sale events and
// saves it (the stage follows). If it was the seller's first customer and
// its first sale moved or went, the first customer is elected again.
func (tx *Tx) recountSales(contactID uint64) (Contact, error) {
	c, err := tx.Contact(contactID)
	if err != nil {
		return Contact{}, err
	}
	sales, err := tx.ContactSales(contactID)
	if err != nil {
		return Contact{}, err
	}
	firstBefore := c.FirstSaleAt
	setPurchases(&c, sales)
	if err := tx.SaveContact(c); err != nil {
		return Contact{}, err
	}
	if tx.seller.FirstCustomerID == contactID && (c.Purchases == 0 || !c.FirstSaleAt.Equal(firstBefore)) {
		if err := tx.electFirstCustomer(); err != nil {
			return Contact{}, err
		}
	}
	// As stored: with the due time SaveContact computed.
	return tx.Contact(contactID)
}

// setPurchases computes Purchases, Total, FirstSaleAt, FirstSaleAmount,
// SecondSaleAt and LastSaleAt from the sales, in time order (ties by id).
// The other times (last contact, activity) stay: a correction is not news
// about the buyer.
func setPurchases(c *Contact, sales []Event) {
	sort.Slice(sales, func(i, j int) bool {
		if !sales[i].At.Equal(sales[j].At) {
			return sales[i].At.Before(sales[j].At)
		}
		return sales[i].ID < sales[j].ID
	})
	c.Purchases, c.Total = len(sales), 0
	c.FirstSaleAt, c.FirstSaleAmount, c.SecondSaleAt, c.LastSaleAt = time.Time{}, 0, time.Time{}, time.Time{}
	for _, e := range sales {
		c.Total += e.Amount
	}
	if len(sales) > 0 {
		c.FirstSaleAt, c.FirstSaleAmount = sales[0].At, sales[0].Amount
		c.LastSaleAt = sales[len(sales)-1].At
	}
	if len(sales) > 1 {
		c.SecondSaleAt = sales[1].At
	}
}
