package reminders

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/salesbot/salesbot/storage"
)

// reminders sends the seller's own reminders whose minute has come. They
// ignore quiet hours: the seller chose the time. A seller who blocked the
// bot gets nothing: the reminders are dropped, as their minute is gone.
func (p *pass) reminders(ctx context.Context) error {
	due, err := p.s.db.DueReminders(p.now)
	if err != nil {
		return err
	}
	sellers, ids := bySeller(due, func(d storage.ReminderDue) int64 { return d.SellerID },
		func(d storage.ReminderDue) uint64 { return d.ReminderID })
	// Reminders are few and each must be taken in the write transaction
	// that sends it, so they are planned there directly.
	var (
		mu    sync.Mutex
		first error
	)
	parallel(ctx, sellers, passInFlight, func(seller int64) {
		pl, err := p.book(ctx, seller, func(tx *storage.Tx, take bool) (*plan, error) {
			return p.reminderPlan(tx, ids[seller], take)
		})
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			mu.Lock()
			if first == nil {
				first = fmt.Errorf("seller %d: %w", seller, err)
			}
			mu.Unlock()
			return
		}
		if pl != nil {
			p.add(pl)
		}
	})
	if err := ctx.Err(); err != nil && first == nil {
		first = err
	}
	return first
}

// book runs fn in the seller's write transaction (read-only when dry) and
// returns its plan once committed, after queuing the plan's messages.
func (p *pass) book(ctx context.Context, seller int64, fn func(tx *storage.Tx, write bool) (*plan, error)) (*plan, error) {
	if p.dry {
		var pl *plan
		err := p.s.db.View(seller, p.now, func(tx *storage.Tx) (err error) {
			pl, err = fn(tx, false)
			return err
		})
		return pl, err
	}
	var done *plan
	err := p.s.db.Change(ctx, seller, p.now, func(tx *storage.Tx) error {
		done = nil
		pl, err := fn(tx, true)
		if err != nil || pl == nil {
			return err
		}
		if err := pl.apply(tx); err != nil {
			return err
		}
		done = pl
		return nil
	})
	return done, err
}

// reminderPlan takes (when take) and renders the seller's due reminders.
func (p *pass) reminderPlan(tx *storage.Tx, ids []uint64, take bool) (*plan, error) {
	s := tx.Seller()
	var pending map[uint64]storage.Reminder
	if !take {
		rs, err := tx.Reminders()
		if err != nil {
			return nil, err
		}
		pending = map[uint64]storage.Reminder{}
		for _, r := range rs {
			pending[r.ID] = r
		}
	}
	pl := &plan{}
	for _, id := range ids {
		var r storage.Reminder
		var err error
		if take {
			r, err = tx.TakeReminder(id)
		} else if rr, ok := pending[id]; ok {
			r = rr
		} else {
			err = storage.ErrNotFound
		}
		if errors.Is(err, storage.ErrNotFound) {
			continue // cancelled or sent meanwhile
		}
		if err != nil {
			return nil, err
		}
		if !s.Active {
			continue // taken, not sent
		}
		var about *storage.Contact
		if r.ContactID != 0 {
			if c, err := tx.Contact(r.ContactID); err == nil {
				about = &c
			}
		}
		pl.msgs = append(pl.msgs, addressed(s, p.s.render.Reminder(s, r, about)))
		pl.count.Reminders++
	}
	return pl, nil
}

// digests sends each seller with due follow-ups one digest a day.
func (p *pass) digests(ctx context.Context) error {
	due, err := p.s.db.Due(p.now, 0)
	if err != nil {
		return err
	}
	sellers, ids := bySeller(due, func(d storage.DueEntry) int64 { return d.SellerID },
		func(d storage.DueEntry) uint64 { return d.ContactID })
	return p.each(ctx, sellers, func(tx *storage.Tx) (*plan, error) {
		return p.digestPlan(tx, ids[tx.Seller().ID])
	})
}

// digestPlan is the seller's digest now, if one is due: the contacts of
// the due index (ids) that are due by the rules, most important first.
// Most sellers, most of the day, are outside their digest hour or had
// today's digest: that is found out before reading any contact.
func (p *pass) digestPlan(tx *storage.Tx, ids []uint64) (*plan, error) {
	s := tx.Seller()
	day, ok := DigestDue(s, Location(s, p.s.loc), p.now)
	if !ok || !s.Active {
		return nil, nil
	}
	stamp := tx.Stamp(ids)
	nudges := make([]Nudge, 0, len(ids))
	for _, id := range ids {
		c, err := tx.Contact(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n, ok := DueNow(c, s, p.now); ok {
			nudges = append(nudges, n)
		}
	}
	if len(nudges) == 0 {
		return nil, nil
	}
	Order(nudges, p.now)
	more := 0
	if len(nudges) > DigestLines {
		more = len(nudges) - DigestLines
		nudges = nudges[:DigestLines]
	}
	return &plan{
		msgs:   []storage.OutMessage{addressed(s, p.s.render.Digest(s, nudges, more, p.now))},
		record: func(s *storage.Seller) { s.LastDigestDay = day },
		count:  Report{Digests: 1, Nudges: len(nudges)},
		ids:    ids,
		stamp:  stamp,
	}, nil
}

// summaries sends the weekly summary of the week just ended to every seller
// whose slot has come. After downtime only the latest week is sent.
func (p *pass) summaries(ctx context.Context) error {
	sellers, err := p.s.db.DueSummaries(p.now)
	if err != nil {
		return err
	}
	return p.each(ctx, sellers, p.summaryPlan)
}

// summaryPlan is the seller's weekly summary, if its slot has come. The
// figures read the whole book; that happens here, in parallel and outside
// the single writer.
func (p *pass) summaryPlan(tx *storage.Tx) (*plan, error) {
	s := tx.Seller()
	if s.NextSummaryAt.IsZero() || s.NextSummaryAt.After(p.now) {
		return nil, nil
	}
	loc := Location(s, p.s.loc)
	// The latest slot at or before now (never before the one due), counted
	// in the seller's zone so a slot stays at its local hour.
	slot := NextSummary(p.now, loc, s.Settings).AddDate(0, 0, -7)
	if slot.Before(s.NextSummaryAt) {
		slot = s.NextSummaryAt
	}
	pl := &plan{
		record: func(s *storage.Seller) { s.LastSummaryAt = slot },
		stamp:  tx.Stamp(nil),
	}
	if !s.Active {
		return pl, nil // blocked the bot: the slot moves on, nothing is sent
	}
	from, to := storage.LastWeek(slot, loc)
	week, prev, err := tx.TwoWeeks(from, to)
	if err != nil {
		return nil, err
	}
	// Overdue follow-ups cannot be recounted for a past week: compare
	// with what the last summary said.
	prev.Overdue = s.LastOverdue
	pl.record = func(s *storage.Seller) { s.LastSummaryAt, s.LastOverdue = slot, week.Overdue }
	pl.msgs = []storage.OutMessage{addressed(s, p.s.render.Summary(s, week, prev, true))}
	pl.count.Summaries = 1
	return pl, nil
}
