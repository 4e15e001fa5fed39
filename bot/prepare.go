package bot

import (
	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// preparedSale is a /jual read and its buyer resolved in a read-only
// transaction before the write one, so that the single database writer,
// which runs every seller's update in turn, only writes. A seller's names
// change only through the seller's own updates, and those run one at a
// time (lockChat), so what was read still holds when the write runs; the
// write checks the contact is still there all the same.
type preparedSale struct {
	sale      args.Sale
	contactID uint64 // the buyer, found directly; 0: the write decides
}

// prepare reads a /jual ahead of its transaction (sales are the hot path).
// Anything unusual (a question to ask, a refusal, a new seller) is left to
// the handler in the write transaction.
func (s *Server) prepare(r *request) {
	if r.Command != "jual" || r.Callback != nil {
		return
	}
	_ = s.store.View(r.SellerID, r.At, func(tx *storage.Tx) error {
		c := newCtx(s, tx, *r)
		sale, err := args.ParseSale(input.SplitArgs(r.Args), c.book)
		if err != nil || c.book.err != nil || sale.Small {
			return nil
		}
		ct, res, err := c.resolve(sale.Name)
		if err != nil || !res.Found {
			return nil
		}
		r.sale = &preparedSale{sale: sale, contactID: ct.ID}
		return nil
	})
}
