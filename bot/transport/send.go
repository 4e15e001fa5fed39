package transport

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/storage"
)

// deliverer puts one outbox message in front of the seller: Telegram in
// production, a recording wrapper in tests.
type deliverer interface {
	deliver(ctx context.Context, m storage.OutMessage) error
}

// The pacer bounds the rate of sends; the workers must be enough to fill
// its schedule. A worker is busy for a whole send (the wait for its slot,
// the round trip to Telegram and the outbox commit), so at rate r with sends
// taking up to sendLatency, r*sendLatency workers keep every slot taken.
// Workers waiting for a slot also hold the next slots of the schedule: after
// a stall (a slow commit, the process not scheduled) they go at once and the
// fan-out catches up, where too few would leave those slots unused for good.
const (
	sendWorkers = 16                     // at least
	sendLatency = 500 * time.Millisecond // a slow send, generously
)

// sendConcurrency is how many sends may be in flight at once.
func (c *Client) sendConcurrency() int {
	return max(sendWorkers, int(math.Ceil(c.cfg.SendRate*sendLatency.Seconds())))
}

// readLimit bounds the messages the sender holds in memory: it reads more
// only when fewer than half of that wait.
const readLimit = 1000

// runSender delivers the outbox until ctx ends: in queue order per chat,
// chats in parallel, paced within Telegram's limits. A message leaves the
// outbox only once Telegram accepted it (or refused it for good).
//
// The outbox is read incrementally: the sender remembers the last id it
// read and, when a commit signals new messages, decodes only those. A
// command's reply costs one small read, however many other replies are on
// their way. What a failed send left behind (a retry time, the rest of its
// chat's list) is picked up by reading the whole outbox again.
func (c *Client) runSender(ctx context.Context, d deliverer) {
	l := &sendLoop{
		c: c, ctx: ctx, d: d,
		busy:     map[int64]uint64{},
		waiting:  map[int64][]storage.OutMessage{},
		retries:  map[int64]time.Time{},
		hurried:  map[int64]*hurry{},
		free:     map[int64]chan struct{}{},
		finished: make(chan sendDone),
		read:     true,
		full:     true,
		limit:    c.sendConcurrency(),
	}
	l.gone = make(chan struct{})
	c.senderMu.Lock()
	c.senderGone = l.gone
	c.senderMu.Unlock()
	defer close(l.gone)
	l.run()
}

// sendLoop is the sender's state, owned by its one goroutine.
type sendLoop struct {
	c    *Client
	ctx  context.Context
	d    deliverer
	gone chan struct{} // closed when the loop has ended

	busy     map[int64]uint64 // chats with a send goroutine: the last outbox id read when it began
	waiting  map[int64][]storage.OutMessage
	queue    []int64 // chats in waiting, by their first message
	held     int     // messages in waiting
	seen     uint64  // last outbox id read into memory
	retries  map[int64]time.Time
	hurried  map[int64]*hurry        // chats whose busy send is a Hurry
	free     map[int64]chan struct{} // closed when the chat's send ends (Hurry waits)
	finished chan sendDone
	read     bool // read what is new
	full     bool // read everything again
	limit    int  // sends in flight at most
}

type sendDone struct {
	chat    int64
	sent    int
	retryAt time.Time
}

func (l *sendLoop) run() {
	// No rounds: a chat whose turn comes is served at once, whatever the
	// other chats are waiting for (a chat waits up to a second for its
	// allowance; its neighbours' replies must not).
	for {
		if l.read && l.ctx.Err() == nil && l.held < readLimit/2 {
			l.fill()
		}
		if l.ctx.Err() == nil {
			l.dispatch()
		}
		if l.ctx.Err() != nil {
			if len(l.busy) == 0 {
				return
			}
			// Sends in flight finish even on shutdown, and a hurried
			// reply waits for its commit, so its outbox copy is known sent.
			select {
			case f := <-l.finished:
				l.done(f)
			case k := <-l.c.links:
				l.linked(k)
			case h := <-l.c.hurries:
				h.resp <- hurryResp{}
			}
			continue
		}
		var timer <-chan time.Time
		if wake := earliest(l.retries); !wake.IsZero() {
			timer = time.After(time.Until(wake))
		}
		select {
		case <-l.ctx.Done():
		case <-l.c.store.OutboxReady():
			l.read = true
		case f := <-l.finished:
			l.done(f)
		case h := <-l.c.hurries:
			h.resp <- l.hurry(h.msgs)
		case k := <-l.c.links:
			l.linked(k)
		case <-timer:
			now := l.c.now()
			for chat, at := range l.retries {
				if !at.After(now) {
					delete(l.retries, chat)
				}
			}
			l.read = l.read || l.full // after a failed read
		}
	}
}

// fill reads what is new in the outbox (everything after a failure).
func (l *sendLoop) fill() {
	if l.full {
		clear(l.waiting)
		l.queue, l.held, l.seen, l.full = l.queue[:0], 0, 0, false
	}
	ask := readLimit - l.held
	if ask <= 0 {
		return
	}
	msgs, err := l.c.store.OutboxAfter(l.seen, ask)
	// A full read may have left messages beyond it: read on as memory
	// frees up.
	l.read = len(msgs) == ask
	if err != nil {
		l.c.log.Error().Err(err).Msg("read outbox")
		l.retries[0], l.full = l.c.now().Add(time.Second), true
		return
	}
	for _, m := range msgs {
		l.seen = max(l.seen, m.ID)
		if last, ok := l.busy[m.ChatID]; ok && m.ID <= last {
			continue // in flight (a full read)
		}
		if len(l.waiting[m.ChatID]) == 0 {
			l.queue = append(l.queue, m.ChatID)
		}
		l.waiting[m.ChatID] = append(l.waiting[m.ChatID], m)
		l.held++
	}
}

// dispatch starts a send for every waiting chat that is free to go.
func (l *sendLoop) dispatch() {
	now := l.c.now()
	kept := l.queue[:0]
	for _, chat := range l.queue {
		_, inFlight := l.busy[chat]
		at, isHeld := l.retries[chat]
		if inFlight || len(l.busy) >= l.limit || (isHeld && at.After(now)) {
			kept = append(kept, chat)
			continue
		}
		delete(l.retries, chat)
		list := l.waiting[chat]
		delete(l.waiting, chat)
		l.held -= len(list)
		l.busy[chat] = list[len(list)-1].ID
		go func() {
			sent, retryAt := l.c.sendChat(l.ctx, l.d, list, false)
			l.finished <- sendDone{chat, sent, retryAt}
		}()
	}
	clear(l.queue[len(kept):])
	l.queue = kept
}

// freed marks a chat's send ended and tells a Hurry waiting for it.
func (l *sendLoop) freed(chat int64) {
	delete(l.busy, chat)
	if ch := l.free[chat]; ch != nil {
		close(ch)
		delete(l.free, chat)
	}
}

// done takes a finished send.
func (l *sendLoop) done(f sendDone) {
	if h := l.hurried[f.chat]; h != nil {
		h.sent, h.retryAt, h.sendDone = f.sent, f.retryAt, true
		h.h.result <- f.sent
		l.settle(f.chat, h)
		return
	}
	l.freed(f.chat)
	if !f.retryAt.IsZero() {
		// The chat's unsent messages are in the outbox with their new
		// times; read them again and hold the chat till then.
		l.retries[f.chat] = f.retryAt
		l.read, l.full = true, true
	}
}

// earliest is the soonest of the retry times (zero if none).
func earliest(times map[int64]time.Time) time.Time {
	var min time.Time
	for _, t := range times {
		if min.IsZero() || t.Before(min) {
			min = t
		}
	}
	return min
}

// sendRound sends what is ready and returns when to look again for
// messages held back (zero: only when something new is queued).
func (c *Client) sendRound(ctx context.Context, d deliverer) time.Time {
	for {
		msgs, err := c.store.Outbox(1000)
		if err != nil {
			c.log.Error().Err(err).Msg("read outbox")
			return c.now().Add(time.Second)
		}
		if len(msgs) == 0 {
			return time.Time{}
		}
		order, grouped := byChat(msgs)
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			wake     time.Time
			progress bool
		)
		sem := make(chan struct{}, c.sendConcurrency())
		for _, chat := range order {
			if ctx.Err() != nil {
				break
			}
			sem <- struct{}{}
			wg.Add(1)
			go func(list []storage.OutMessage) {
				defer func() { <-sem; wg.Done() }()
				sent, retryAt := c.sendChat(ctx, d, list, false)
				mu.Lock()
				defer mu.Unlock()
				progress = progress || sent > 0
				if !retryAt.IsZero() && (wake.IsZero() || retryAt.Before(wake)) {
					wake = retryAt
				}
			}(grouped[chat])
		}
		wg.Wait()
		if ctx.Err() != nil || len(msgs) < 1000 || !progress {
			return wake
		}
	}
}

// byChat groups messages by chat, keeping each chat's messages in queue
// order; order lists the chats by their first message.
func byChat(msgs []storage.OutMessage) (order []int64, by map[int64][]storage.OutMessage) {
	by = map[int64][]storage.OutMessage{}
	for _, m := range msgs {
		if _, ok := by[m.ChatID]; !ok {
			order = append(order, m.ChatID)
		}
		by[m.ChatID] = append(by[m.ChatID], m)
	}
	return order, by
}

// sendChat sends one chat's messages in order and stops at the first that
// must wait; it returns how many left the outbox and when to retry. Replies
// that piled up are joined first (joinQueued).
//
// A hurried list (Hurry) is not in the outbox yet: it is sent as it is,
// without joining, and nothing is recorded; the caller settles the outbox
// copies once they are committed.
func (c *Client) sendChat(ctx context.Context, d deliverer, list []storage.OutMessage, hurried bool) (int, time.Time) {
	now := c.now()
	due := len(list)
	for i, m := range list {
		if m.NotBefore.After(now) {
			due = i
			break
		}
	}
	sent := 0
	var todo []outgoing
	if hurried {
		for _, m := range list[:due] {
			todo = append(todo, outgoing{msg: m, ids: []uint64{m.ID}})
		}
	} else {
		todo = c.joinQueued(list[:due])
	}
	for _, o := range todo {
		m := o.msg
		counted := m.Kind != storage.OutAnswer
		if err := c.pacer.wait(ctx, m.ChatID, counted); err != nil {
			return sent, time.Time{}
		}
		if len(o.ids) == 1 && c.now().Sub(m.CreatedAt) < lateReply {
			m.ReplyTo = 0 // on time: it follows its command anyway
		}
		// A send in flight finishes even if shutdown starts meanwhile.
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		err := d.deliver(sendCtx, m)
		cancel()
		wait, _ := tooManyRequests(err)
		c.pacer.sent(m.ChatID, counted, wait)
		retry, drop := c.classify(m, err)
		log := c.log.With().Int64("seller", m.SellerID).Uint64("outbox", m.ID).Int("joined", len(o.ids)).Str("kind", string(m.Kind)).Logger()
		switch {
		case drop:
			if err != nil {
				log.Warn().Err(Scrub(err, c.cfg.Token)).Msg("message refused for good; dropped")
			}
			if hurried {
				sent++
				continue
			}
			if err := c.store.OutboxSent(context.WithoutCancel(ctx), o.ids...); err != nil {
				log.Error().Err(err).Msg("outbox update")
				return sent, c.now().Add(time.Second)
			}
			sent += len(o.ids)
		default:
			at := c.now().Add(retry)
			log.Warn().Err(Scrub(err, c.cfg.Token)).Dur("retry_in", retry).Int("attempts", m.Attempts+1).Msg("send failed; will retry")
			if hurried {
				return sent, at
			}
			for _, id := range o.ids {
				if err := c.store.OutboxRetry(context.WithoutCancel(ctx), id, at); err != nil {
					log.Error().Err(err).Msg("outbox update")
				}
			}
			return sent, at
		}
	}
	if due < len(list) {
		return sent, list[due].NotBefore
	}
	return sent, time.Time{}
}

// classify decides what a send result means: gone from the outbox (sent,
// or refused for good), or retry after a delay. On 429 the pacer was
// already paused for retry_after (pacer.sent), so the message waits at
// least that long too.
func (c *Client) classify(m storage.OutMessage, err error) (retry time.Duration, drop bool) {
	if err == nil {
		return 0, true
	}
	if wait, ok := tooManyRequests(err); ok {
		return wait, false
	}
	var api *apiError
	switch {
	case errors.Is(err, tgbot.ErrorForbidden):
		// The seller blocked the bot: stop writing to them until they return.
		if err := c.store.SetActive(context.Background(), m.SellerID, false); err != nil && !errors.Is(err, storage.ErrNotFound) {
			c.log.Error().Err(err).Int64("seller", m.SellerID).Msg("mark inactive")
		}
		return 0, true
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound), errors.Is(err, tgbot.ErrorUnauthorized):
		// Telegram will never accept this one (edited message gone, query
		// expired, chat unknown): retrying cannot help.
		return 0, true
	case errors.As(err, &api) && api.Code >= 400 && api.Code < 500:
		return 0, true
	default:
		// Network trouble or a 5xx: try again later, never give up.
		return retryDelay(m.Attempts), false
	}
}

// tooManyRequests is Telegram's retry_after if err is a 429 (at least one
// second), else 0, false.
func tooManyRequests(err error) (time.Duration, bool) {
	var tooMany *tgbot.TooManyRequestsError
	var api *apiError
	switch {
	case errors.As(err, &tooMany):
		return max(time.Duration(tooMany.RetryAfter)*time.Second, time.Second), true
	case errors.As(err, &api) && api.Code == 429:
		return max(api.RetryAfter, time.Second), true
	}
	return 0, false
}

// retryDelay is exponential backoff from 1s up to 5 minutes.
func retryDelay(attempts int) time.Duration {
	d := time.Second
	for i := 0; i < attempts && d < 5*time.Minute; i++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

// telegramDeliverer sends through the go-telegram/bot client.
type telegramDeliverer struct{ c *Client }

func (t *telegramDeliverer) deliver(ctx context.Context, m storage.OutMessage) error {
	tg := t.c.tg
	var markup models.ReplyMarkup
	if len(m.Buttons) > 0 {
		markup = keyboard(m.Buttons)
	}
	mode := models.ParseMode("")
	if m.HTML {
		mode = models.ParseModeHTML
	}
	noPreview := &models.LinkPreviewOptions{IsDisabled: tgbot.True()}
	var err error
	switch m.Kind {
	case storage.OutAnswer:
		_, err = tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: m.CallbackQueryID, Text: m.Text})
	case storage.OutEdit:
		_, err = tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: m.ChatID, MessageID: m.EditMessageID,
			Text: m.Text, ParseMode: mode, ReplyMarkup: markup, LinkPreviewOptions: noPreview})
		if err != nil && strings.Contains(err.Error(), "message is not modified") {
			err = nil
		}
	case storage.OutDocument:
		_, err = tg.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: m.ChatID,
			Document: &models.InputFileUpload{Filename: m.FileName, Data: strings.NewReader(string(m.FileData))},
			Caption:  m.Text, ParseMode: mode})
	default:
		var reply *models.ReplyParameters
		if m.ReplyTo != 0 {
			// The seller may have deleted their message: send anyway.
			reply = &models.ReplyParameters{MessageID: m.ReplyTo, AllowSendingWithoutReply: true}
		}
		_, err = tg.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: m.ChatID, Text: m.Text, ParseMode: mode,
			ReplyMarkup: markup, LinkPreviewOptions: noPreview, ReplyParameters: reply})
	}
	return err
}

func keyboard(rows [][]storage.Button) *models.InlineKeyboardMarkup {
	kb := &models.InlineKeyboardMarkup{}
	for _, row := range rows {
		var r []models.InlineKeyboardButton
		for _, b := range row {
			r = append(r, models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data, URL: b.URL})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// Flush delivers the outbox now (for `salesbot tick`): it returns when the
// outbox is empty or when what is left must wait longer than maxWait
// (Telegram asked to retry later), with the number left.
func (c *Client) Flush(ctx context.Context, maxWait time.Duration) (int, error) {
	d := &telegramDeliverer{c: c}
	deadline := c.now().Add(maxWait)
	for {
		wake := c.sendRound(ctx, d)
		n, err := c.store.OutboxLen()
		if err != nil || n == 0 {
			return n, err
		}
		if wake.IsZero() || wake.After(deadline) {
			return n, nil
		}
		select {
		case <-ctx.Done():
			return n, ctx.Err()
		case <-time.After(time.Until(wake)):
		}
	}
}
