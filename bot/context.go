package bot

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// hctx is what a handler works with: the request, the seller's book inside
// the update's transaction, and reply helpers. It is made afresh each time
// the transaction function runs (group commits may run it twice).
type hctx struct {
	s    *Server
	tx   *storage.Tx
	r    request
	lang string
	loc  *time.Location
}

func newCtx(s *Server, tx *storage.Tx, r request) *hctx {
	c := &hctx{s: s, tx: tx, r: r, lang: r.Lang, loc: s.loc}
	seller := tx.Seller()
	if seller.Timezone != "" {
		if loc, err := time.LoadLocation(seller.Timezone); err == nil {
			c.loc = loc
		}
	}
	return c
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
func (c *hctx) t(id string, kv ...any) string { return c.s.texts.get(c.lang, id, kv...) }

// reply queues a message to the seller's chat, split if it is too long; the
// buttons go under the last part.
func (c *hctx) reply(text string, buttons ...[]storage.Button) error {
	for _, m := range splitMessage(storage.OutMessage{ChatID: c.r.ChatID, Text: text, HTML: true, Buttons: buttons}) {
		if err := c.tx.Send(m); err != nil {
			return err
		}
	}
	return nil
}

// show replaces the message a button was pressed on (paging, choices), or
// sends a new one when there is no such message.
func (c *hctx) show(text string, buttons ...[]storage.Button) error {
	if c.r.Callback == nil || c.r.Callback.MessageID == 0 || utf16Len(text) > maxMessage {
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
