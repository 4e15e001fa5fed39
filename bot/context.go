package bot

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/salesbot/salesbot/bot/transport"
	"github.com/salesbot/salesbot/storage"
)

// hctx is what a handler works with: the request, the seller's book inside
// the update's transaction, and reply helpers. It is made afresh each time
// the transaction function runs (group commits may run it twice).
type hctx struct {
	view
	tx   *storage.Tx
	book *txBook // the seller's names, for the grammar
	r    request
}

// view renders text for one seller: their language and timezone. Handlers
// and the scheduler's messages both use it.
type view struct {
	s    *Server
	lang string
	loc  *time.Location
}

func (s *Server) viewFor(seller storage.Seller, lang string) view {
	v := view{s: s, lang: lang, loc: s.loc}
	if v.lang == "" {
		v.lang = seller.Lang
	}
	if seller.Timezone != "" {
		if loc, err := time.LoadLocation(seller.Timezone); err == nil {
			v.loc = loc
		}
	}
	return v
}

func newCtx(s *Server, tx *storage.Tx, r request) *hctx {
	return &hctx{view: s.viewFor(tx.Seller(), r.Lang), tx: tx, book: newBook(tx), r: r}
}

// userError is bad input: the transaction is rolled back and the seller gets
// the localized message. Nothing they had is changed.
type userError struct {
	id string
	kv []any
}

func (e *userError) Error() string { return "refused: " + e.id }

// fail refuses the request with a localized message.
func fail(id string, kv ...any) error { return &userError{id: id, kv: kv} }

// errHandler marks a handler bug (error or panic): the seller gets an apology.
var errHandler = errors.New("handler failed")

func (s *Server) dispatch(c *hctx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: panic: %v\n%s", errHandler, p, debug.Stack())
		}
	}()
	err = s.route(c)
	var ue *userError
	if err != nil && !errors.As(err, &ue) {
		err = fmt.Errorf("%w: %w", errHandler, err)
	}
	return err
}

// t renders a message in the seller's language.
func (v view) t(id string, kv ...any) string { return v.s.texts.get(v.lang, id, kv...) }

// reply queues a message to the seller's chat, split if it is too long; the
// buttons go under the last part.
func (c *hctx) reply(text string, buttons ...[]storage.Button) error {
	for _, m := range splitMessage(storage.OutMessage{ChatID: c.r.ChatID, Text: text, HTML: true, Buttons: buttons, ReplyTo: c.r.MessageID}) {
		if err := c.tx.Send(m); err != nil {
			return err
		}
	}
	return nil
}

// show replaces the message a button was pressed on (paging, choices), or
// sends a new one when there is no such message.
func (c *hctx) show(text string, buttons ...[]storage.Button) error {
	if c.r.Callback == nil || c.r.Callback.MessageID == 0 || transport.UTF16Len(text) > maxMessage {
		return c.reply(text, buttons...)
	}
	return c.tx.Send(storage.OutMessage{Kind: storage.OutEdit, ChatID: c.r.ChatID, EditMessageID: c.r.Callback.MessageID, Text: text, HTML: true, Buttons: buttons})
}

// answer stops the spinner on a pressed button, optionally with a toast.
func (c *hctx) answer(text string) error {
	if c.r.Callback == nil {
		return nil
	}
	return c.tx.Send(storage.OutMessage{Kind: storage.OutAnswer, ChatID: c.r.ChatID, CallbackQueryID: c.r.Callback.ID, Text: plainText(text, 200)})
}
