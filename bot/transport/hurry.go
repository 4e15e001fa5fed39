package transport

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// Hurry lets the answer of an update that changes nothing (a card, a
// list, the help: storage.DB.Peek) go out while it is being committed,
// instead of after: the seller's reply does not wait for an fsync.
//
// The sender starts sending at once if the chat has nothing of its own
// queued or on the way (so the answer cannot overtake an earlier reply);
// otherwise Hurry returns nil and the caller commits the answer with the
// update id (storage.DB.Respond) for the usual way. With a Hurried, the
// caller asks Delivered: if Telegram took everything, the update needs
// nothing more. If not, the caller commits the answer and reports the
// outbox ids with Committed; once both the sends and the commit are done,
// the copies of what went out are marked sent, and what did not go out (a
// 429, the network) is sent from the outbox.
//
// What this changes on a crash: if the process dies after the answer went
// out but before its commit, Telegram delivers the update again and it is
// answered again, the same window the outbox has between a send and its
// commit. An answer is never lost: it is either committed, or its update
// is not confirmed.
func (c *Client) Hurry(ctx context.Context, msgs []storage.OutMessage) *Hurried {
	if len(msgs) == 0 {
		return nil
	}
	for _, m := range msgs[1:] {
		if m.ChatID != msgs[0].ChatID {
			return nil
		}
	}
	c.senderMu.Lock()
	gone := c.senderGone
	c.senderMu.Unlock()
	if gone == nil {
		return nil // no sender running (salesbot tick)
	}
	// The chat's previous reply may still be on its way (a seller who
	// types as soon as it shows): wait a moment for it, then ask again.
	deadline := time.NewTimer(hurryWait)
	defer deadline.Stop()
	for range 2 {
		req := hurryReq{msgs: msgs, resp: make(chan hurryResp, 1)}
		var r hurryResp
		select {
		case c.hurries <- req:
			r = <-req.resp
		case <-gone:
			return nil
		case <-ctx.Done():
			return nil
		}
		if r.h != nil || r.free == nil {
			return r.h
		}
		select {
		case <-r.free:
		case <-deadline.C:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
	return nil
}

// hurryWait is how long Hurry waits for a chat's send in flight to end.
const hurryWait = 10 * time.Millisecond

// Hurried is an answer the sender is sending ahead of its commit.
type Hurried struct {
	c      *Client
	chat   int64
	n      int
	gone   chan struct{}
	result chan int // how many of the messages left, once the sends end
}

// Delivered waits up to grace for the sends and reports whether every
// message left (Telegram took it, or refused it for good). Then the
// answer needs no commit at all and must not be committed; otherwise the
// caller commits it and calls Committed. A nil h was never sent: false.
func (h *Hurried) Delivered(grace time.Duration) bool {
	if h == nil {
		return false
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case sent := <-h.result:
		if sent == h.n {
			h.Committed(nil, errDelivered)
			return true
		}
	case <-t.C:
	}
	return false
}

// errDelivered settles a hurried answer that went out before any commit:
// there is no outbox copy to mark sent.
var errDelivered = errors.New("delivered before its commit")

// Committed reports the commit of a hurried answer: the outbox ids of its
// messages, in order, or the error that kept them out of the outbox. It
// must be called exactly once unless Delivered returned true; h may be nil
// (Hurry declined).
func (h *Hurried) Committed(ids []uint64, err error) {
	if h == nil {
		return
	}
	select {
	case h.c.links <- link{chat: h.chat, ids: ids, err: err}:
	case <-h.gone:
	}
}

type hurryReq struct {
	msgs []storage.OutMessage
	resp chan hurryResp
}

// hurryResp is the sender's answer to a Hurry: the hurried answer, or nil
// and, when the chat is only busy with a send in flight, a channel closed
// when that send ends.
type hurryResp struct {
	h    *Hurried
	free <-chan struct{}
}

type link struct {
	chat int64
	ids  []uint64
	err  error
}

// hurry is the sender's record of a hurried answer until both its sends
// and its commit are known.
type hurry struct {
	h        *Hurried
	sent     int // of h's messages, how many left (accepted or refused for good)
	retryAt  time.Time
	sendDone bool
	linked   bool
	ids      []uint64
	err      error
}

// hurry starts sending msgs if their chat is free: nothing of the chat
// waiting, on the way or held back, and nothing unread that could be the
// chat's.
func (l *sendLoop) hurry(msgs []storage.OutMessage) hurryResp {
	chat := msgs[0].ChatID
	if l.held < readLimit/2 {
		l.fill() // what was committed before the answer goes first
	}
	_, inFlight := l.busy[chat]
	_, isHeld := l.retries[chat]
	if l.read || l.full || inFlight || isHeld || len(l.waiting[chat]) > 0 || len(l.busy) >= l.limit {
		if inFlight && !isHeld && len(l.waiting[chat]) == 0 {
			free := l.free[chat]
			if free == nil {
				free = make(chan struct{})
				l.free[chat] = free
			}
			return hurryResp{free: free}
		}
		return hurryResp{}
	}
	h := &Hurried{c: l.c, chat: chat, n: len(msgs), gone: l.gone, result: make(chan int, 1)}
	l.busy[chat] = l.seen
	l.hurried[chat] = &hurry{h: h}
	go func() {
		sent, retryAt := l.c.sendChat(l.ctx, l.d, msgs, true)
		l.finished <- sendDone{chat, sent, retryAt}
	}()
	return hurryResp{h: h}
}

// linked takes the commit of a hurried answer.
func (l *sendLoop) linked(k link) {
	h := l.hurried[k.chat]
	if h == nil {
		return
	}
	h.linked, h.ids, h.err = true, k.ids, k.err
	l.settle(k.chat, h)
}

// settle ends a hurried answer once both its sends and its commit are
// known: the outbox copies of what went out are marked sent and leave
// memory; the rest wait in the outbox like any message, after retryAt.
func (l *sendLoop) settle(chat int64, h *hurry) {
	if !h.sendDone || !h.linked {
		return
	}
	delete(l.hurried, chat)
	l.freed(chat)
	if h.err != nil || len(h.ids) != h.h.n {
		// Delivered before any commit, or not committed: then the update
		// is not confirmed either, so Telegram sends it again and it is
		// answered again.
		return
	}
	l.fill() // the copies, if the commit's signal is not read yet
	sent := h.ids[:h.sent]
	if len(sent) > 0 {
		if err := l.c.store.OutboxSent(context.WithoutCancel(l.ctx), sent...); err != nil {
			l.c.log.Error().Err(err).Msg("outbox update")
		}
		l.forget(chat, sent)
	}
	if h.sent < h.h.n && !h.retryAt.IsZero() {
		if err := l.c.store.OutboxRetry(context.WithoutCancel(l.ctx), h.ids[h.sent], h.retryAt); err != nil {
			l.c.log.Error().Err(err).Msg("outbox update")
		}
		l.retries[chat] = h.retryAt
	}
}

// forget drops sent messages of a chat from memory.
func (l *sendLoop) forget(chat int64, ids []uint64) {
	list := l.waiting[chat]
	kept := slices.DeleteFunc(list, func(m storage.OutMessage) bool { return slices.Contains(ids, m.ID) })
	l.held -= len(list) - len(kept)
	if len(kept) > 0 {
		l.waiting[chat] = kept
		return
	}
	delete(l.waiting, chat)
	if i := slices.Index(l.queue, chat); i >= 0 {
		l.queue = slices.Delete(l.queue, i, i+1)
	}
}
