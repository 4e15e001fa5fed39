package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

// seedDue makes a book whose prospect has waited five days by at.
func seedDue(t *testing.T, path string, seller int64, at time.Time) {
	t.Helper()
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Apply(context.Background(), storage.Update{ID: 1, SellerID: seller, ChatID: seller, Name: "Sari", At: at.AddDate(0, 0, -5)},
		func(tx *storage.Tx) error {
			_, err := tx.AddContact(storage.Contact{Name: "Pak Joko", Phone: "+6281211112222"})
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTickDryRunChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tick.db")
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	seedDue(t, path, 7, at)
	env := envMap(map[string]string{"SALESBOT_DB": path})
	args := []string{"salesbot", "tick", "-dry-run", "-at", at.Format(time.RFC3339)}
	for i := 0; i < 2; i++ {
		var out bytes.Buffer
		if err := run(context.Background(), args, env, strings.NewReader(""), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "1 digests") || !strings.Contains(out.String(), "Pak Joko") {
			t.Fatalf("dry run %d printed:\n%s", i, out.String())
		}
	}
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.OutboxLen(); n != 0 {
		t.Errorf("dry run queued %d messages", n)
	}
}

func TestTickSendsOnce(t *testing.T) {
	fake := telegramtest.New(telegramtest.WithToken("42:abc"))
	defer fake.Close()
	fake.AddPrivateChat(telegramtest.User{ID: 7, FirstName: "Sari"})
	path := filepath.Join(t.TempDir(), "tick.db")
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	seedDue(t, path, 7, at)
	env := envMap(map[string]string{"SALESBOT_DB": path, "TELEGRAM_BOT_TOKEN": "42:abc", "TELEGRAM_API_URL": fake.URL()})
	for _, when := range []time.Time{at, at.Add(time.Minute), at.Add(3 * time.Hour)} {
		var out bytes.Buffer
		err := run(context.Background(), []string{"salesbot", "tick", "-at", when.Format(time.RFC3339)}, env, strings.NewReader(""), &out, io.Discard)
		if err != nil {
			t.Fatalf("tick at %s: %v", when, err)
		}
	}
	// One digest, and the Monday summary the pass caught up with.
	var digests, summaries int
	for _, m := range fake.Messages(7) {
		switch {
		case strings.Contains(m.PlainText, "Pak Joko"):
			digests++
		case strings.Contains(m.PlainText, "Ringkasan minggu 16 Nov 2026"):
			summaries++
		default:
			t.Errorf("unexpected message %q", m.PlainText)
		}
	}
	if digests != 1 || summaries != 1 {
		t.Fatalf("sent %d digests and %d summaries, want one each", digests, summaries)
	}
	// Without a token a real tick refuses instead of queueing silently.
	err := run(context.Background(), []string{"salesbot", "tick"}, envMap(map[string]string{"SALESBOT_DB": path}), strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("tick without token: %v", err)
	}
}
