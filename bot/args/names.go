package args

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// Ref is a contact of the book: its short number and name.
type Ref = storage.NameRef

// Book is the read-only view of one seller's names that reading a command
// needs. The bot builds one per update over the storage name index, so a
// lookup costs what the match costs, not the size of the book.
type Book interface {
	// Exact is the contact whose name equals name, ignoring case and spacing.
	Exact(name string) (Ref, bool)
	// ByID is the contact with that short number (#7).
	ByID(id uint64) (Ref, bool)
	// Candidates are the contacts with a name word equal to, starting with,
	// starting, or one edit from one of words: a superset of the close
	// names, which Compare then judges.
	Candidates(words []string) []Ref
}

// Closeness is how a typed name fits a contact's name.
type Closeness int

// From no fit to the same name.
const (
	// NotClose: a different person.
	NotClose Closeness = iota
	// Close: only similar (a typo, a longer or shorter name, another
	// honorific); the seller must pick it, never acted on silently.
	Close
	// Prefix: the typed words start the name's distinctive words ("sar",
	// "Bu Sari" for "Bu Sari Dewi"); used directly when only one fits.
	Prefix
	// Words: the distinctive words are the same, the honorifics left out or
	// the same ("sari" for "Bu Sari"); used directly when only one fits.
	Words
	// Same: the same name up to case, spacing and synonyms ("Ibu Sari" is
	// "Bu Sari").
	Same
)

// nameWords is a name split for comparing: its words canonical (synonyms
// folded), and the distinctive ones (neither honorific nor business word).
type nameWords struct {
	canon    []string
	distinct []string
	fillers  []string
}

func splitName(name string) nameWords {
	var w nameWords
	for _, word := range storage.NameWords(name) {
		if c, ok := filler(word); ok {
			w.canon = append(w.canon, c)
			w.fillers = append(w.fillers, c)
			continue
		}
		w.canon = append(w.canon, word)
		w.distinct = append(w.distinct, word)
	}
	return w
}

// Compare judges how the typed query fits a contact's name. Honorifics and
// business words (words.go) are left out when judging closeness. Two names
// are close only when their distinctive words are equal, one is a prefix
// (3+ letters) of the other, or they differ by one edit (a swap counts as
// one) in a word of 4 or more letters; digits must match exactly, so
// "Toko 9" is not "Toko 99".
func Compare(query, name string) Closeness {
	q, n := splitName(query), splitName(name)
	if len(q.canon) == 0 || len(n.canon) == 0 {
		return NotClose
	}
	if slices.Equal(q.canon, n.canon) {
		return Same
	}
	if len(q.distinct) == 0 || len(n.distinct) == 0 {
		return NotClose // only honorifics: nothing says who is meant
	}
	best := NotClose
	if len(q.distinct) <= len(n.distinct) {
		best = align(q.distinct, n.distinct)
	}
	if len(n.distinct) < len(q.distinct) && align(n.distinct, q.distinct) >= Close {
		// The query says more than the name: "Pak Budi Santoso" for "Pak Budi".
		best = max(best, Close)
	}
	if best >= Prefix && !subset(q.fillers, n.fillers) {
		best = Close // "Pak Sari" for "Bu Sari"
	}
	return best
}

// align fits the words a as a run inside b, word by word (pairFit); the
// weakest pair decides, and at most one pair may be a one-edit typo.
func align(a, b []string) Closeness {
	best := NotClose
	for start := 0; start+len(a) <= len(b); start++ {
		fit := Words
		if len(a) < len(b) {
			fit = Prefix
		}
		edits := 0
		for i, w := range a {
			pair, edit := pairFit(w, b[start+i])
			if edit {
				edits++
			}
			fit = min(fit, pair)
		}
		if edits > 1 {
			fit = NotClose
		}
		best = max(best, fit)
	}
	return best
}

// pairFit judges one typed word w against one name word x: equal (Words),
// w starts x (Prefix, 3+ letters), x starts w (Close, 3+ letters), or one
// edit apart in words of 4+ letters (Close, edit). Numbers must be equal.
func pairFit(w, x string) (Closeness, bool) {
	nw, nx := utf8.RuneCountInString(w), utf8.RuneCountInString(x)
	switch {
	case w == x:
		return Words, false
	case !isWord(w) || !isWord(x):
		return NotClose, false
	case nw >= 3 && strings.HasPrefix(x, w):
		return Prefix, false
	case nx >= 3 && strings.HasPrefix(w, x):
		return Close, false
	case nw >= 4 && nx >= 4 && input.EditDistance(w, x) == 1:
		return Close, true
	}
	return NotClose, false
}

// isWord reports a word with a letter: digits must match exactly.
func isWord(w string) bool {
	return strings.ContainsFunc(w, func(r rune) bool { return r < '0' || r > '9' })
}

func subset(a, b []string) bool {
	for _, w := range a {
		if !slices.Contains(b, w) {
			return false
		}
	}
	return true
}

// Resolution is what a typed name resolves to in the book.
type Resolution struct {
	Found   bool
	Contact Ref
	// Choices are the contacts to offer when not Found: several that fit
	// equally, or (Close) only similar names.
	Choices []Ref
	Close   bool
	// Fit is how well the best contact fits (Same for an exact name).
	Fit Closeness
}

// maxChoices keeps a "which contact?" question to a screenful of buttons.
const maxChoices = 6

// Resolve finds the contact a typed name or short number ("#7") means. An
// exact name, the same name up to synonyms, or a unique prefix is Found;
// several that fit, or only similar names, are Choices: the bot never acts
// on another contact than the one typed unless the seller picks it.
func Resolve(name string, b Book) Resolution {
	name = strings.TrimSpace(name)
	if id, ok := input.ParseShortNumber(name); ok {
		ref, found := b.ByID(id)
		if !found {
			return Resolution{}
		}
		return Resolution{Found: true, Contact: ref, Fit: Same}
	}
	if ref, ok := b.Exact(name); ok {
		return Resolution{Found: true, Contact: ref, Fit: Same}
	}
	q := splitName(name)
	if len(q.distinct) == 0 {
		return Resolution{}
	}
	type scored struct {
		ref  Ref
		fit  Closeness
		diff int // how many distinctive words the lengths differ by
	}
	var fits []scored
	top := NotClose
	for _, ref := range b.Candidates(q.distinct) {
		if fit := Compare(name, ref.Name); fit > NotClose {
			diff := len(splitName(ref.Name).distinct) - len(q.distinct)
			fits = append(fits, scored{ref, fit, max(diff, -diff)})
			top = max(top, fit)
		}
	}
	slices.SortFunc(fits, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.fit, a.fit), cmp.Compare(a.diff, b.diff),
			cmp.Compare(storage.NameKey(a.ref.Name), storage.NameKey(b.ref.Name)), cmp.Compare(a.ref.ID, b.ref.ID))
	})
	// Several that fit directly are all offered; of names only similar,
	// those closest in length ("Bu Sari" before "Bu Sari Dewi" for "Bu Sary").
	var choices []Ref
	for _, f := range fits {
		if f.fit == top && len(choices) < maxChoices && (top > Close || f.diff == fits[0].diff) {
			choices = append(choices, f.ref)
		}
	}
	switch {
	case top == NotClose:
		return Resolution{}
	case top > Close && len(choices) == 1:
		return Resolution{Found: true, Contact: choices[0], Fit: top}
	default:
		return Resolution{Choices: choices, Close: top == Close, Fit: top}
	}
}

// Fits reports whether a typed name names a contact, directly or as one of
// the choices: how the readers below decide where a name ends.
func Fits(name string, b Book) bool {
	r := Resolve(name, b)
	return r.Found || len(r.Choices) > 0
}
