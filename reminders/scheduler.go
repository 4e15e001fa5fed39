package reminders

import (
	"context"
	"errors"
	"fmt"
	"sort"
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
// nothing and returns the messages it would send. The three phases run in
// order (a seller's reminder, digest and summary of one pass reach the
// outbox in that order); a failure with one seller does not stop the
// others, and the errors of all phases are returned together.
func (s *Scheduler) Pass(ctx context.Context, now time.Time, dry bool) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &pass{s: s, now: now, dry: dry}
	var errs []error
	for _, phase := range []func(context.Context) error{p.reminders, p.digests, p.summaries} {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		before := len(p.report.Messages)
		if err := phase(ctx); err != nil {
			errs = append(errs, err)
		}
		// Sellers are handled concurrently: list a dry run's messages
		// in a stable order, by seller within each phase.
		msgs := p.report.Messages[before:]
		sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].SellerID < msgs[j].SellerID })
	}
	return p.report, errors.Join(errs...)
}

type pass struct {
	s      *Scheduler
	now    time.Time
	dry    bool
	mu     sync.Mutex
	report Report
}
