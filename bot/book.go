package bot

import (
	"errors"
	"strings"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/storage"
)

// maxCandidates bounds how many contacts one name lookup considers.
const maxCandidates = 200

// txBook is the seller's names as the grammar (bot/args) sees them, over
// the storage name index of this update's transaction. It remembers what it
// looked up, since readers try several splits of the same words. The
// grammar's Book has no errors, so the first database error is kept here
// and checked by the handler.
type txBook struct {
	tx    *storage.Tx
	err   error
	memo  map[string][]args.Ref
	exact map[string]args.Ref // "" ID: not a contact
}

func newBook(tx *storage.Tx) *txBook { return &txBook{tx: tx} }

func (b *txBook) fail(err error) {
	if b.err == nil && err != nil && !errors.Is(err, storage.ErrNotFound) {
		b.err = err
	}
}

func (b *txBook) Exact(name string) (args.Ref, bool) {
	if ref, ok := b.exact[name]; ok {
		return ref, ref.ID != 0
	}
	ref, ok, err := b.tx.NameRef(name)
	b.fail(err)
	if !ok || err != nil {
		ref = args.Ref{}
	}
	if b.exact == nil {
		b.exact = map[string]args.Ref{}
	}
	b.exact[name] = ref
	return ref, ref.ID != 0
}

func (b *txBook) ByID(id uint64) (args.Ref, bool) {
	ct, err := b.tx.Contact(id)
	b.fail(err)
	if err != nil {
		return args.Ref{}, false
	}
	return args.Ref{ID: ct.ID, Name: ct.Name}, true
}

func (b *txBook) Candidates(words []string) []args.Ref {
	key := strings.Join(words, "\x00")
	if refs, ok := b.memo[key]; ok {
		return refs
	}
	refs, err := b.tx.NameCandidates(words, maxCandidates)
	b.fail(err)
	if b.memo == nil {
		b.memo = map[string][]args.Ref{}
	}
	b.memo[key] = refs
	return refs
}
