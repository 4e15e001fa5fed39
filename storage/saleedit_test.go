package storage_test

import (
	"errors"
	"testing"

	"github.com/salesbot/salesbot/storage"
)

// twoBuyers is a book where Bu Sari (#1) bought twice, four days apart, and
// Pak Hadi (#2) once in between; it returns the ids of Bu Sari's sales.
func twoBuyers(t *testing.T) (*book, uint64, uint64) {
	t.Helper()
	b := newBook(t)
	var first, second uint64
	b.must(func(tx *storage.Tx) error {
		if _, err := tx.AddContact(storage.Contact{Name: "Bu Sari"}); err != nil {
			return err
		}
		_, err := tx.AddContact(storage.Contact{Name: "Pak Hadi"})
		return err
	})
	b.must(func(tx *storage.Tx) error {
		_, e, err := tx.RecordSale(1, 100000, "gamis")
		first = e.ID
		return err
	})
	b.at = b.at.AddDate(0, 0, 2)
	b.must(func(tx *storage.Tx) error { _, _, err := tx.RecordSale(2, 20000, "kaos"); return err })
	b.at = b.at.AddDate(0, 0, 2)
	b.must(func(tx *storage.Tx) error {
		if _, err := tx.AddEvent(1, storage.EventNote, "suka biru"); err != nil {
			return err
		}
		_, e, err := tx.RecordSale(1, 350000, "kerudung")
		second = e.ID
		return err
	})
	return b, first, second
}

func TestContactSales(t *testing.T) {
	b, first, second := twoBuyers(t)
	b.view(func(tx *storage.Tx) error {
		sales, err := tx.ContactSales(1)
		if err != nil {
			return err
		}
		if len(sales) != 2 || sales[0].ID != second || sales[1].ID != first || sales[0].Amount != 350000 {
			t.Errorf("sales of #1 = %+v", sales)
		}
		if sales, _ := tx.ContactSales(2); len(sales) != 1 {
			t.Errorf("sales of #2 = %+v", sales)
		}
		if _, err := tx.ContactSales(9); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("sales of a missing contact: %v", err)
		}
		return nil
	})
}

func TestEditSale(t *testing.T) {
	b, first, second := twoBuyers(t)
	before := b.contact(1)
	id := b.saved("edit_sale", func(tx *storage.Tx) error {
		c, e, err := tx.EditSale(1, second, 300000, "kerudung segi empat")
		if err != nil {
			return err
		}
		if e.Amount != 300000 || e.Text != "kerudung segi empat" || e.ID != second {
			t.Errorf("edited sale = %+v", e)
		}
		if c.Total != 400000 || c.Purchases != 2 || c.Stage != storage.StageCustomer || c.FirstSaleAmount != 100000 {
			t.Errorf("contact after edit = %+v", c)
		}
		return nil
	})
	var total int64
	for _, s := range b.sales() {
		total += s.Amount
	}
	if total != 420000 {
		t.Errorf("sales index total = %d, want 420000", total)
	}
	// The first sale's amount is the first purchase's.
	b.must(func(tx *storage.Tx) error {
		c, _, err := tx.EditSale(1, first, 90000, "gamis")
		if c.FirstSaleAmount != 90000 {
			t.Errorf("first sale amount = %d", c.FirstSaleAmount)
		}
		return err
	})
	for _, tc := range []struct {
		name    string
		contact uint64
		event   uint64
		amount  int64
		want    error
	}{
		{"another contact's sale", 2, second, 1000, storage.ErrNotFound},
		{"not a sale", 1, second - 1, 1000, storage.ErrNotFound}, // the note
		{"no such event", 1, 999, 1000, storage.ErrNotFound},
		{"zero amount", 1, second, 0, nil},
	} {
		err := b.change(func(tx *storage.Tx) error {
			_, _, err := tx.EditSale(tc.contact, tc.event, tc.amount, "")
			return err
		})
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// Undo the first correction: it was overtaken by the second one on the
	// same contact.
	if err := b.undo(id); !errors.Is(err, storage.ErrChanged) {
		t.Errorf("undo under a later edit: %v", err)
	}
	// Put back, the later edit no longer stands in the way: what the first
	// correction covers is as it left it.
	b.must(func(tx *storage.Tx) error { _, _, err := tx.EditSale(1, first, 100000, "gamis"); return err })
	if err := b.undo(id); err != nil {
		t.Errorf("undo once the later edit is put back: %v", err)
	}
	if c := b.contact(1); asJSON(t, c) != asJSON(t, before) {
		t.Errorf("after undo\n got %+v\nwant %+v", c, before)
	}
}

// TestUndoEditSale: a correction recorded with SaveUndo can be undone.
func TestUndoEditSale(t *testing.T) {
	b, _, second := twoBuyers(t)
	before, salesBefore := b.contact(1), b.sales()
	id := b.saved("edit_sale", func(tx *storage.Tx) error {
		_, _, err := tx.EditSale(1, second, 300000, "x")
		return err
	})
	if err := b.undo(id); err != nil {
		t.Fatal(err)
	}
	if asJSON(t, b.contact(1)) != asJSON(t, before) || asJSON(t, b.sales()) != asJSON(t, salesBefore) {
		t.Errorf("after undo: %+v %+v\nwant %+v %+v", b.contact(1), b.sales(), before, salesBefore)
	}
	b.view(func(tx *storage.Tx) error {
		sales, err := tx.ContactSales(1)
		if len(sales) != 2 || sales[0].Amount != 350000 || sales[0].Text != "kerudung" {
			t.Errorf("sales after undo = %+v", sales)
		}
		return err
	})
}

func TestDeleteSale(t *testing.T) {
	b, first, second := twoBuyers(t)
	weeks := func() (storage.Figures, storage.Figures) {
		var week, prev storage.Figures
		from := t0.AddDate(0, 0, -1)
		b.view(func(tx *storage.Tx) (err error) {
			week, prev, err = tx.TwoWeeks(from, from.AddDate(0, 0, 7))
			return err
		})
		return week, prev
	}
	week, _ := weeks()
	if week.Sales != 3 || week.Revenue != 470000 || week.NewCustomers != 1 || week.NewBuyers != 2 {
		t.Fatalf("week before = %+v", week)
	}
	before, salesBefore, dueBefore := b.contact(1), b.sales(), b.due()
	id := b.saved("delete_sale", func(tx *storage.Tx) error {
		c, err := tx.DeleteSale(1, second)
		if err != nil {
			return err
		}
		if c.Stage != storage.StageConsumer || c.Purchases != 1 || c.Total != 100000 || !c.SecondSaleAt.IsZero() ||
			!c.LastSaleAt.Equal(c.FirstSaleAt) || c.FirstSaleAmount != 100000 {
			t.Errorf("after deleting the repeat order: %+v", c)
		}
		return nil
	})
	week, _ = weeks()
	if week.Sales != 2 || week.Revenue != 120000 || week.NewCustomers != 0 || week.NewBuyers != 2 {
		t.Errorf("week after deleting the repeat order = %+v", week)
	}
	b.view(func(tx *storage.Tx) error {
		h, err := tx.History(1, 0)
		if len(h) != 3 { // created, sale, note
			t.Errorf("history = %+v", h)
		}
		return err
	})
	if err := b.undo(id); err != nil {
		t.Fatal(err)
	}
	if asJSON(t, b.contact(1)) != asJSON(t, before) || asJSON(t, b.sales()) != asJSON(t, salesBefore) ||
		asJSON(t, b.due()) != asJSON(t, dueBefore) {
		t.Errorf("after undo: %+v %+v %+v\nwant %+v %+v %+v", b.contact(1), b.sales(), b.due(), before, salesBefore, dueBefore)
	}
	if week, _ = weeks(); week.Sales != 3 || week.NewCustomers != 1 {
		t.Errorf("week after undo = %+v", week)
	}

	// Deleting both of Bu Sari's sales: she is a prospect again and Pak
	// Hadi becomes the first customer.
	b.must(func(tx *storage.Tx) error {
		if _, err := tx.DeleteSale(1, second); err != nil {
			return err
		}
		c, err := tx.DeleteSale(1, first)
		if c.Stage != storage.StageProspect || c.Purchases != 0 || c.Total != 0 || !c.FirstSaleAt.IsZero() || !c.LastSaleAt.IsZero() {
			t.Errorf("after deleting every sale: %+v", c)
		}
		return err
	})
	if f := b.sellerRecord().FirstCustomerID; f != 2 {
		t.Errorf("first customer = %d, want 2", f)
	}
	err := b.change(func(tx *storage.Tx) error { _, err := tx.DeleteSale(1, first); return err })
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("deleting a deleted sale: %v", err)
	}
	if len(b.sales()) != 1 {
		t.Errorf("sales = %+v", b.sales())
	}
}
