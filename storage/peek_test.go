package storage

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestPeek(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "peek.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	u := Update{ID: 1, SellerID: 7, ChatID: 7, Name: "Sari", Lang: "id", At: at}
	if err := db.Apply(ctx, u, func(tx *Tx) error {
		_, err := tx.AddContact(Contact{Name: "Bu Sari"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	show := func(tx *Tx) error {
		c, err := tx.ContactByName("Bu Sari")
		if err != nil {
			return err
		}
		return tx.Send(OutMessage{Text: c.Name})
	}
	txid := func() int {
		var id int
		_ = db.bolt.View(func(btx *bolt.Tx) error { id = int(btx.ID()); return nil })
		return id
	}
	before := txid()

	next := u
	next.ID, next.At = 2, at.Add(time.Minute)
	t.Run("answers without writing", func(t *testing.T) {
		msgs, err := db.Peek(next, show)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].Text != "Bu Sari" || msgs[0].ChatID != 7 || msgs[0].SellerID != 7 ||
			msgs[0].Kind != OutSend || !msgs[0].CreatedAt.Equal(next.At) || msgs[0].ID != 0 {
			t.Errorf("messages = %+v", msgs)
		}
		if n, _ := db.OutboxLen(); n != 0 {
			t.Errorf("outbox holds %d", n)
		}
		if txid() != before {
			t.Error("Peek committed a transaction")
		}
		// The update is not recorded: it can still be applied.
		if _, err := db.Peek(next, show); err != nil {
			t.Errorf("second Peek: %v", err)
		}
	})
	t.Run("a write is refused and changes nothing", func(t *testing.T) {
		_, err := db.Peek(next, func(tx *Tx) error {
			if err := tx.Send(OutMessage{Text: "x"}); err != nil {
				return err
			}
			return tx.SetDialog(Dialog{Command: "catat"})
		})
		if !errors.Is(err, ErrNeedsWrite) {
			t.Fatalf("err = %v, want ErrNeedsWrite", err)
		}
		if txid() != before {
			t.Error("committed")
		}
	})
	t.Run("fn's own error", func(t *testing.T) {
		boom := errors.New("boom")
		if _, err := db.Peek(next, func(*Tx) error { return boom }); !errors.Is(err, boom) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("seller record due a refresh", func(t *testing.T) {
		for name, v := range map[string]Update{
			"new seller":  {ID: 3, SellerID: 8, ChatID: 8, At: at},
			"new name":    {ID: 3, SellerID: 7, ChatID: 7, Name: "Sari Dewi", At: at},
			"new chat":    {ID: 3, SellerID: 7, ChatID: 70, At: at},
			"hour passed": {ID: 3, SellerID: 7, ChatID: 7, Name: "Sari", At: at.Add(time.Hour)},
		} {
			if _, err := db.Peek(v, show); !errors.Is(err, ErrNeedsWrite) {
				t.Errorf("%s: err = %v, want ErrNeedsWrite", name, err)
			}
		}
	})
	t.Run("repeat", func(t *testing.T) {
		if _, err := db.Peek(u, show); !errors.Is(err, ErrDuplicate) {
			t.Errorf("err = %v, want ErrDuplicate", err)
		}
	})
	t.Run("closing no dialog writes nothing", func(t *testing.T) {
		if _, err := db.Peek(next, func(tx *Tx) error { return tx.ClearDialog() }); err != nil {
			t.Errorf("err = %v", err)
		}
	})
}

func TestOutboxAfterReadsOnlyNewer(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "after.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var ids []uint64
	for _, text := range []string{"a", "b", "c"} {
		got, err := db.Respond(ctx, 0, time.Now(), []OutMessage{{ChatID: 1, SellerID: 1, Text: text}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got...)
	}
	for _, tc := range []struct {
		after uint64
		limit int
		want  []string
	}{
		{0, 0, []string{"a", "b", "c"}},
		{ids[0], 0, []string{"b", "c"}},
		{ids[0], 1, []string{"b"}},
		{ids[2], 0, nil},
	} {
		msgs, err := db.OutboxAfter(tc.after, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range msgs {
			got = append(got, m.Text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("after %d limit %d: %v, want %v", tc.after, tc.limit, got, tc.want)
		}
	}
}
