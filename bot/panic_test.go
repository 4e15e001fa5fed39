package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/salesbot/salesbot/storage"
)

func TestPanickingHandlerApologisesAndChangesNothing(t *testing.T) {
	s := newOfflineServer(t)
	ctx := context.Background()
	s.routes["catat"].run = func(c *hctx, _ []string) error {
		if _, err := c.tx.AddContact(storage.Contact{Name: "Setengah Jadi"}); err != nil {
			return err
		}
		panic("boom")
	}
	if err := s.Handle(ctx, saleUpdate(1, 7, "/catat x y")); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if err := s.Handle(ctx, saleUpdate(2, 7, "/jual Bu Sari 350rb")); err != nil {
		t.Fatalf("the next update: %v", err)
	}
	out, err := s.store.Outbox(0)
	if err != nil || len(out) != 2 {
		t.Fatalf("outbox = %d messages, %v; want the apology and the sale", len(out), err)
	}
	if !strings.Contains(out[0].Text, "Maaf") || !strings.Contains(out[1].Text, "Rp350.000") {
		t.Errorf("replies = %q, %q", out[0].Text, out[1].Text)
	}
	// The panicking update is recorded (not retried forever), its write is not.
	if err := s.Handle(ctx, saleUpdate(1, 7, "/catat x y")); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.store.OutboxLen(); n != 2 {
		t.Errorf("the repeated update was handled again")
	}
	found := false
	_ = s.store.View(7, s.now(), func(tx *storage.Tx) error {
		_, err := tx.ContactByName("Setengah Jadi")
		found = err == nil
		return nil
	})
	if found {
		t.Error("the panicking handler's write was kept")
	}
}
