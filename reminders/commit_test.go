package reminders

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/storage"
)

// lines renders a digest as the short numbers it lists and counts renders.
type lines struct {
	mu      sync.Mutex
	renders int
}

func (l *lines) Digest(s storage.Seller, nudges []Nudge, more int, now time.Time) storage.OutMessage {
	l.mu.Lock()
	l.renders++
	l.mu.Unlock()
	var ids []string
	for _, n := range nudges {
		ids = append(ids, fmt.Sprintf("#%d", n.Contact.ID))
	}
	return storage.OutMessage{Text: strings.Join(ids, " ")}
}

func (l *lines) Reminder(s storage.Seller, r storage.Reminder, c *storage.Contact) storage.OutMessage {
	return storage.OutMessage{Text: r.Text}
}

func (l *lines) Summary(s storage.Seller, week, prev storage.Figures, final bool) storage.OutMessage {
	return storage.OutMessage{Text: "summary"}
}

// TestStalePlanIsMadeAgain: the digest is planned and rendered in a read
// transaction and committed later; whatever the seller did in between wins.
func TestStalePlanIsMadeAgain(t *testing.T) {
	ctx := context.Background()
	wib, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, wib)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, tc := range []struct {
		name    string
		between func(tx *storage.Tx) error // what the seller does between plan and commit
		want    string                     // the digest queued, "" for none
		renders int                        // renders in all
	}{
		{"nothing changed: the prepared message is queued", nil, "#1 #2", 1},
		{"a contact was reached meanwhile", func(tx *storage.Tx) error {
			_, _, err := tx.LogContacted(1, "")
			return err
		}, "#2", 2},
		{"both were reached: no digest", func(tx *storage.Tx) error {
			if _, _, err := tx.LogContacted(1, ""); err != nil {
				return err
			}
			_, _, err := tx.LogContacted(2, "")
			return err
		}, "", 1},
		{"today's digest went out meanwhile", func(tx *storage.Tx) error {
			s := tx.Seller()
			s.LastDigestDay = "2026-03-10"
			return tx.SaveSeller(s)
		}, "", 1},
		{"the seller turned nudges off", func(tx *storage.Tx) error {
			s := tx.Seller()
			s.Settings.NudgesOff = true
			return tx.SaveSeller(s)
		}, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := storage.Open(filepath.Join(t.TempDir(), "db"), storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			render := &lines{}
			s, err := New(ctx, db, render, wib, zerolog.Nop())
			if err != nil {
				t.Fatal(err)
			}
			update := int64(0)
			apply := func(when string, fn func(tx *storage.Tx) error) {
				update++
				if err := db.Apply(ctx, storage.Update{ID: update, SellerID: 1, ChatID: 1, At: at(when)}, fn); err != nil {
					t.Fatal(err)
				}
			}
			apply("2026-03-02 10:00", func(tx *storage.Tx) error {
				for _, name := range []string{"Pak Joko", "Bu Ani"} {
					if _, err := tx.AddContact(storage.Contact{Name: name}); err != nil {
						return err
					}
				}
				return nil
			})
			now := at("2026-03-10 09:00")
			p := &pass{s: s, now: now}
			decide := func(tx *storage.Tx) (*plan, error) { return p.digestPlan(tx, []uint64{1, 2}) }
			var prepared *plan
			if err := db.View(1, now, func(tx *storage.Tx) (err error) {
				prepared, err = decide(tx)
				return err
			}); err != nil || prepared == nil {
				t.Fatalf("plan: %v, %v", prepared, err)
			}
			if tc.between != nil {
				apply("2026-03-10 08:59", tc.between)
			}
			if err := p.commit(ctx, 1, prepared, decide); err != nil {
				t.Fatal(err)
			}
			out, err := db.Outbox(0)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, m := range out {
				got += m.Text
			}
			if got != tc.want {
				t.Errorf("queued %q, want %q", got, tc.want)
			}
			sent := 0
			if tc.want != "" {
				sent = 1
			}
			if p.report.Digests != sent {
				t.Errorf("report %+v, want %d digests", p.report, sent)
			}
			if render.renders != tc.renders {
				t.Errorf("%d renders, want %d", render.renders, tc.renders)
			}
			if err := db.View(1, now, func(tx *storage.Tx) error {
				if day := tx.Seller().LastDigestDay; (day == "2026-03-10") != (sent == 1 || tc.name == "today's digest went out meanwhile") {
					t.Errorf("LastDigestDay = %q", day)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
