package reminders

import (
	"context"
	"errors"
	"fmt"
	"runtime"
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

// A plan is what one seller gets in one phase: messages rendered, and what
// to record with them so they are not sent again.
type plan struct {
	msgs   []storage.OutMessage
	record func(s *storage.Seller) // marks the seller's record (nil: nothing)
	count  Report                  // what the plan adds to the report
	// ids and stamp say what the plan was made from (the seller's record
	// and these contacts, as stored); the write checks they did not change.
	ids   []uint64
	stamp uint64
}

// planFunc decides what the seller gets now, from their book; nil if
// nothing. It only reads, so it can run in a read-only transaction.
type planFunc func(tx *storage.Tx) (*plan, error)

// planWorkers prepare sellers' plans concurrently (reading, decoding and
// rendering are CPU work, done outside the single writer).
var planWorkers = max(4, 2*runtime.GOMAXPROCS(0))

const (
	// passInFlight bounds the writes waiting for the single writer at
	// once; many waiting writes share one transaction and one fsync.
	passInFlight = 1024
)

// each runs the phase for every seller in two steps. First, concurrently
// and read-only, plan decides and renders what the seller gets. Then one
// write transaction per seller (the writes of many sellers share commits)
// checks that the seller's record and the contacts the plan read are still
// exactly as they were, records the plan on the seller and queues its
// messages, so a message and the record that it was sent are committed
// together or not at all. If something changed meanwhile, the plan is made
// again inside the write transaction. A dry pass stops after the first step.
func (p *pass) each(ctx context.Context, sellers []int64, decide planFunc) error {
	var (
		mu     sync.Mutex
		first  error
		failed int
	)
	fail := func(seller int64, err error) {
		if errors.Is(err, storage.ErrNotFound) {
			return // the seller or the entry went away meanwhile
		}
		mu.Lock()
		defer mu.Unlock()
		if failed++; first == nil {
			first = fmt.Errorf("seller %d: %w", seller, err)
		}
	}
	var writes sync.WaitGroup
	inFlight := make(chan struct{}, passInFlight)
	parallel(ctx, sellers, planWorkers, func(seller int64) {
		var pl *plan
		err := p.s.db.View(seller, p.now, func(tx *storage.Tx) (err error) {
			pl, err = safePlan(decide, tx)
			return err
		})
		if err != nil {
			fail(seller, err)
			return
		}
		if pl == nil {
			return
		}
		if p.dry {
			p.add(pl)
			return
		}
		inFlight <- struct{}{}
		writes.Add(1)
		go func() {
			defer func() { <-inFlight; writes.Done() }()
			if err := p.commit(ctx, seller, pl, decide); err != nil {
				fail(seller, err)
			}
		}()
	})
	writes.Wait()
	if err := ctx.Err(); err != nil && first == nil {
		first = err
	}
	if failed > 1 {
		return fmt.Errorf("%d sellers failed, the first: %w", failed, first)
	}
	return first
}

// commit records the plan and queues its messages in one write transaction.
func (p *pass) commit(ctx context.Context, seller int64, prepared *plan, decide planFunc) error {
	var done *plan
	err := p.s.db.Change(ctx, seller, p.now, func(tx *storage.Tx) error {
		done = nil // the function may run again (group commit): start over
		pl := prepared
		if tx.Stamp(pl.ids) != pl.stamp {
			var err error
			if pl, err = decide(tx); err != nil || pl == nil {
				return err
			}
		}
		if pl.record != nil {
			s := tx.Seller()
			pl.record(&s)
			if err := tx.SaveSeller(s); err != nil {
				return err
			}
		}
		for _, m := range pl.msgs {
			if err := tx.Send(m); err != nil {
				return err
			}
		}
		done = pl
		return nil
	})
	if err != nil {
		return err
	}
	if done != nil {
		p.add(done) // counted once committed
	}
	return nil
}

// safePlan runs plan, turning a panic (in a Renderer, say) into the
// seller's error: it runs on the pass's own goroutines, where a panic would
// take the whole bot down.
func safePlan(decide planFunc, tx *storage.Tx) (pl *plan, err error) {
	defer func() {
		if r := recover(); r != nil {
			pl, err = nil, fmt.Errorf("plan panicked: %v", r)
		}
	}()
	return decide(tx)
}

// addressed fills in the seller and chat of a rendered message as tx.Send
// will, so what a dry run returns says where each message would go.
func addressed(s storage.Seller, m storage.OutMessage) storage.OutMessage {
	m.SellerID = s.ID
	if m.ChatID == 0 {
		m.ChatID = s.ChatID
	}
	return m
}

func (p *pass) add(pl *plan) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.report.Reminders += pl.count.Reminders
	p.report.Digests += pl.count.Digests
	p.report.Nudges += pl.count.Nudges
	p.report.Summaries += pl.count.Summaries
	if p.dry {
		p.report.Messages = append(p.report.Messages, pl.msgs...)
	}
}

// parallel calls fn for every seller on n goroutines, until ctx ends.
func parallel(ctx context.Context, sellers []int64, n int, fn func(seller int64)) {
	jobs := make(chan int64)
	var wg sync.WaitGroup
	for i := 0; i < min(n, len(sellers)); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				fn(id)
			}
		}()
	}
	for _, id := range sellers {
		if ctx.Err() != nil {
			break
		}
		jobs <- id
	}
	close(jobs)
	wg.Wait()
}

// bySeller groups index entries by seller, sellers in order of their
// earliest entry.
func bySeller[E any](entries []E, seller func(E) int64, id func(E) uint64) ([]int64, map[int64][]uint64) {
	ids := map[int64][]uint64{}
	var sellers []int64
	for _, e := range entries {
		s := seller(e)
		if _, ok := ids[s]; !ok {
			sellers = append(sellers, s)
		}
		ids[s] = append(ids[s], id(e))
	}
	return sellers, ids
}

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
		for _, m := range pl.msgs {
			if err := tx.Send(m); err != nil {
				return err
			}
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
	week, prev, err := twoWeeks(tx, from.AddDate(0, 0, -7), from, to)
	if err != nil {
		return nil, err
	}
	pl.msgs = []storage.OutMessage{addressed(s, p.s.render.Summary(s, week, prev, true))}
	pl.count.Summaries = 1
	return pl, nil
}

// twoWeeks is tx.Figures of [from, to) and of [prevFrom, from), reading
// (and decoding) the book's contacts once instead of twice: they are most
// of the cost of a Monday pass.
func twoWeeks(tx *storage.Tx, prevFrom, from, to time.Time) (week, prev storage.Figures, err error) {
	contacts, err := tx.Contacts()
	if err != nil {
		return week, prev, err
	}
	sales, err := tx.Sales(prevFrom, to)
	if err != nil {
		return week, prev, err
	}
	// Sales come oldest first: the previous week's, then this week's.
	split := sort.Search(len(sales), func(i int) bool { return !sales[i].At.Before(from) })
	return storage.WeekFigures(contacts, sales[split:], from, to),
		storage.WeekFigures(contacts, sales[:split], prevFrom, from), nil
}
