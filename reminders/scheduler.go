package reminders

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/storage"
)

// Renderer turns what is due into the seller's message. The bot implements
// it: reminders decides when, the bot decides how it looks.
type Renderer interface {
	Digest(s storage.Seller, nudges []Nudge, more int, now time.Time) storage.OutMessage
	Reminder(s storage.Seller, r storage.Reminder, c *storage.Contact) storage.OutMessage
	Summary(s storage.Seller, week, prev storage.Figures, final bool) storage.OutMessage
}

// DigestLines bounds one digest: the rest stays due for the next day.
const DigestLines = 10

// passWorkers lets sellers of one pass commit together (group commit).
const passWorkers = 16

// Scheduler runs passes over the store.
type Scheduler struct {
	db     *storage.DB
	render Renderer
	loc    *time.Location // operator default timezone
	log    zerolog.Logger
	mu     sync.Mutex // one pass at a time
}

// New makes a scheduler and installs its rules in the store, so the due
// indexes follow them.
func New(ctx context.Context, db *storage.DB, r Renderer, loc *time.Location, log zerolog.Logger) (*Scheduler, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := &Scheduler{db: db, render: r, loc: loc, log: log}
	if err := db.SetRules(ctx, Rules{Default: loc}); err != nil {
		return nil, fmt.Errorf("install reminder rules: %w", err)
	}
	return s, nil
}

// Rules is the storage.Rules of this package.
type Rules struct{ Default *time.Location }

// ContactDue implements storage.Rules.
func (Rules) ContactDue(c storage.Contact, s storage.Seller) time.Time { return NextDue(c, s) }

// SummaryDue implements storage.Rules: the first slot after the last one
// sent (or after the seller joined).
func (r Rules) SummaryDue(s storage.Seller) time.Time {
	base := s.CreatedAt
	if s.LastSummaryAt.After(base) {
		base = s.LastSummaryAt
	}
	if base.IsZero() {
		return time.Time{}
	}
	return NextSummary(base, Location(s, r.Default), s.Settings)
}

// Version implements storage.Rules; change it when a rule changes meaning.
func (r Rules) Version() string { return "reminders/1 tz=" + r.Default.String() }

// Report says what one pass did (or, dry, would do).
type Report struct {
	Reminders int
	Digests   int
	Nudges    int
	Summaries int
	Messages  []storage.OutMessage // dry runs only
}

// Pass sends everything due at now and not sent yet. With dry it changes
// nothing and returns the messages it would send.
func (s *Scheduler) Pass(ctx context.Context, now time.Time, dry bool) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &pass{s: s, now: now, dry: dry}
	if err := p.reminders(ctx); err != nil {
		return p.report, err
	}
	if err := p.digests(ctx); err != nil {
		return p.report, err
	}
	if err := p.summaries(ctx); err != nil {
		return p.report, err
	}
	return p.report, nil
}

type pass struct {
	s      *Scheduler
	now    time.Time
	dry    bool
	mu     sync.Mutex
	report Report
}

// book runs fn on the seller's book: writable normally, read-only when dry.
// Messages fn sends are collected instead of queued in a dry run.
func (p *pass) book(ctx context.Context, seller int64, fn func(tx *storage.Tx, send func(storage.OutMessage) error) error) error {
	if p.dry {
		var out []storage.OutMessage
		err := p.s.db.View(seller, p.now, func(tx *storage.Tx) error {
			return fn(tx, func(m storage.OutMessage) error { out = append(out, m); return nil })
		})
		p.mu.Lock()
		p.report.Messages = append(p.report.Messages, out...)
		p.mu.Unlock()
		return err
	}
	return p.s.db.Change(ctx, seller, p.now, func(tx *storage.Tx) error {
		return fn(tx, tx.Send)
	})
}

// each runs fn for every seller, several at once so their writes share
// commits; it returns the first error.
func each(sellers []int64, fn func(seller int64) error) error {
	jobs := make(chan int64)
	errs := make(chan error, passWorkers)
	var wg sync.WaitGroup
	for i := 0; i < passWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				if err := fn(id); err != nil && !errors.Is(err, storage.ErrNotFound) {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, id := range sellers {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

// reminders sends the seller's own reminders whose minute has come. They
// ignore quiet hours: the seller chose the time.
func (p *pass) reminders(ctx context.Context) error {
	due, err := p.s.db.DueReminders(p.now)
	if err != nil {
		return err
	}
	bySeller := map[int64][]uint64{}
	var sellers []int64
	for _, d := range due {
		if _, ok := bySeller[d.SellerID]; !ok {
			sellers = append(sellers, d.SellerID)
		}
		bySeller[d.SellerID] = append(bySeller[d.SellerID], d.ReminderID)
	}
	return each(sellers, func(seller int64) error {
		return p.book(ctx, seller, func(tx *storage.Tx, send func(storage.OutMessage) error) error {
			sent := 0
			for _, id := range bySeller[seller] {
				r, err := p.takeReminder(tx, id)
				if errors.Is(err, storage.ErrNotFound) {
					continue // cancelled or sent meanwhile
				}
				if err != nil {
					return err
				}
				var about *storage.Contact
				if r.ContactID != 0 {
					if c, err := tx.Contact(r.ContactID); err == nil {
						about = &c
					}
				}
				if err := send(p.s.render.Reminder(tx.Seller(), r, about)); err != nil {
					return err
				}
				sent++
			}
			p.count(func(r *Report) { r.Reminders += sent })
			return nil
		})
	})
}

func (p *pass) takeReminder(tx *storage.Tx, id uint64) (storage.Reminder, error) {
	if !p.dry {
		return tx.TakeReminder(id)
	}
	rs, err := tx.Reminders()
	if err != nil {
		return storage.Reminder{}, err
	}
	for _, r := range rs {
		if r.ID == id {
			return r, nil
		}
	}
	return storage.Reminder{}, storage.ErrNotFound
}

func (p *pass) count(f func(r *Report)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(&p.report)
}

// digests sends each seller with due follow-ups one digest a day.
func (p *pass) digests(ctx context.Context) error {
	due, err := p.s.db.Due(p.now, 0)
	if err != nil {
		return err
	}
	bySeller := map[int64][]uint64{}
	var sellers []int64
	for _, d := range due {
		if _, ok := bySeller[d.SellerID]; !ok {
			sellers = append(sellers, d.SellerID)
		}
		bySeller[d.SellerID] = append(bySeller[d.SellerID], d.ContactID)
	}
	return each(sellers, func(seller int64) error {
		// Most sellers are outside their digest hour or had today's
		// digest: find that out in a read transaction, write only to send.
		var ready bool
		err := p.s.db.View(seller, p.now, func(tx *storage.Tx) error {
			s := tx.Seller()
			_, ready = DigestDue(s, Location(s, p.s.loc), p.now)
			ready = ready && s.Active
			return nil
		})
		if err != nil || !ready {
			return err
		}
		return p.book(ctx, seller, func(tx *storage.Tx, send func(storage.OutMessage) error) error {
			s := tx.Seller()
			day, ok := DigestDue(s, Location(s, p.s.loc), p.now)
			if !ok || !s.Active {
				return nil
			}
			var nudges []Nudge
			for _, id := range bySeller[seller] {
				c, err := tx.Contact(id)
				if errors.Is(err, storage.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if n, ok := DueNow(c, s, p.now); ok {
					nudges = append(nudges, n)
				}
			}
			if len(nudges) == 0 {
				return nil
			}
			Order(nudges, p.now)
			more := 0
			if len(nudges) > DigestLines {
				more = len(nudges) - DigestLines
				nudges = nudges[:DigestLines]
			}
			if !p.dry {
				s.LastDigestDay = day
				if err := tx.SaveSeller(s); err != nil {
					return err
				}
			}
			if err := send(p.s.render.Digest(s, nudges, more, p.now)); err != nil {
				return err
			}
			p.count(func(r *Report) { r.Digests++; r.Nudges += len(nudges) })
			return nil
		})
	})
}

// summaries sends the weekly summary of the week just ended to every seller
// whose slot has come. After downtime only the latest week is sent.
func (p *pass) summaries(ctx context.Context) error {
	sellers, err := p.s.db.DueSummaries(p.now)
	if err != nil {
		return err
	}
	return each(sellers, func(seller int64) error {
		return p.book(ctx, seller, func(tx *storage.Tx, send func(storage.OutMessage) error) error {
			s := tx.Seller()
			slot := s.NextSummaryAt
			if slot.IsZero() || slot.After(p.now) {
				return nil
			}
			for !slot.AddDate(0, 0, 7).After(p.now) {
				slot = slot.AddDate(0, 0, 7)
			}
			loc := Location(s, p.s.loc)
			from, to := storage.LastWeek(slot, loc)
			week, err := tx.Figures(from, to)
			if err != nil {
				return err
			}
			prev, err := tx.Figures(from.AddDate(0, 0, -7), from)
			if err != nil {
				return err
			}
			if !p.dry {
				s.LastSummaryAt = slot
				if err := tx.SaveSeller(s); err != nil {
					return err
				}
			}
			if !s.Active {
				return nil // blocked the bot: the slot moves on, nothing is sent
			}
			if err := send(p.s.render.Summary(s, week, prev, true)); err != nil {
				return err
			}
			p.count(func(r *Report) { r.Summaries++ })
			return nil
		})
	})
}
