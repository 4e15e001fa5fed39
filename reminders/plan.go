package reminders

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/salesbot/salesbot/storage"
)

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
		if err := pl.apply(tx); err != nil {
			return err
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

// apply records the plan on the seller and queues its messages, in the
// caller's write transaction.
func (pl *plan) apply(tx *storage.Tx) error {
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
	return nil
}
