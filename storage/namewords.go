package storage

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// The name-word index lets a typed name be resolved by looking up its words
// instead of reading every contact of the book: resolving costs what the
// match costs (a few B-tree seeks per query word), not the size of the book.
//
// Keys of bucketNameWords, after the seller id:
//
//	'w' || word || 0 || contact id    one per word of the name
//	'd' || variant || 0 || contact id one per one-rune deletion of a word of
//	                                  editMinRunes..editMaxRunes runes
//
// The value is the contact's name as stored, so a candidate list needs no
// contact decoded. The 'd' entries are a symmetric-delete index: two words
// within one edit of each other either are each other's deletion or share
// one, so a typo is found with about three seeks per rune of the query word.
const (
	kindWord     byte = 'w'
	kindDeletion byte = 'd'

	// prefixMinRunes is the shortest word that matches as a prefix: "sa"
	// would match half the book.
	prefixMinRunes = 3
	// editMinRunes is the shortest word that gets deletion entries, and so
	// the shortest that matches with a typo; shorter words are too short
	// for one edit to mean a typo rather than another name.
	editMinRunes = 4
	// editMaxRunes bounds the deletion entries a word gets (one per rune):
	// longer words are not names, and would cost an entry per rune.
	editMaxRunes = 32
)

// keyNameWordsVersion in meta says the name-word index has been built for
// every contact (databases from before the index get it built in Open).
var keyNameWordsVersion = []byte("namewords_v1")

// wordTrim is the punctuation trimmed from the ends of a name's words, so
// "Sari," and "(Sari)" are the word "sari".
const wordTrim = ".,:;()'\"-!"

// NameWords returns the words of NameKey(name), each with leading and
// trailing punctuation (. , : ; ( ) ' " - !) trimmed; words left empty are
// dropped. Digits are words: "Toko 99" gives ["toko", "99"].
func NameWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(NameKey(name)) {
		if w = strings.Trim(w, wordTrim); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// NameRef is a contact's id and name read from the name indexes, without
// decoding the contact: enough to list candidates or confirm a match.
type NameRef struct {
	ID   uint64
	Name string
}

// indexable reports whether a word can be a key of the index: the key ends
// in 0 || contact id, so a word containing a zero byte (which a cleaned
// name never has) would make the key ambiguous; it is neither indexed nor
// looked up.
func indexable(w string) bool { return w != "" && strings.IndexByte(w, 0) < 0 }

// deletions returns the distinct one-rune deletions of w, in order of the
// rune deleted.
func deletions(w string) []string {
	out := make([]string, 0, utf8.RuneCountInString(w))
	prev := ""
	for i, r := range w {
		v := w[:i] + w[i+utf8.RuneLen(r):]
		// Equal variants come from runs of the same rune, so they are
		// adjacent: "anna" -> "nna", "ana", "ana", "ann".
		if v != prev || len(out) == 0 {
			out = append(out, v)
		}
		prev = v
	}
	return out
}

// wordKey is kind || word || 0 || contact id (without the seller id).
func wordKey(kind byte, word string, id uint64) []byte {
	k := make([]byte, 0, len(word)+10)
	k = append(k, kind)
	k = append(k, word...)
	k = append(k, 0)
	return append(k, u64(id)...)
}

// nameIndexKeys are the index keys of a contact with that name, each once.
func nameIndexKeys(name string, id uint64) [][]byte {
	var keys [][]byte
	seen := map[string]bool{}
	add := func(kind byte, w string) {
		k := wordKey(kind, w, id)
		if !seen[string(k)] {
			seen[string(k)] = true
			keys = append(keys, k)
		}
	}
	for _, w := range NameWords(name) {
		if !indexable(w) {
			continue
		}
		add(kindWord, w)
		if n := utf8.RuneCountInString(w); n >= editMinRunes && n <= editMaxRunes {
			for _, v := range deletions(w) {
				add(kindDeletion, v)
			}
		}
	}
	return keys
}

// indexName adds the contact's name to the word index.
func (tx *Tx) indexName(id uint64, name string) error {
	words := tx.scoped(bucketNameWords)
	for _, k := range nameIndexKeys(name, id) {
		if err := words.Put(k, []byte(name)); err != nil {
			return fmt.Errorf("index name of #%d: %w", id, err)
		}
	}
	return nil
}

// unindexName removes the contact's name from the word index.
func (tx *Tx) unindexName(id uint64, name string) error {
	words := tx.scoped(bucketNameWords)
	for _, k := range nameIndexKeys(name, id) {
		if err := words.Delete(k); err != nil {
			return fmt.Errorf("unindex name of #%d: %w", id, err)
		}
	}
	return nil
}

// renameIndex moves a contact's index entries from its old name to its new
// one. The values hold the name as stored, so a change of case alone
// (same NameKey) rewrites them too.
func (tx *Tx) renameIndex(id uint64, oldName, newName string) error {
	if oldName == newName {
		return nil
	}
	if err := tx.unindexName(id, oldName); err != nil {
		return err
	}
	return tx.indexName(id, newName)
}

// buildNameWords builds the word index of every book, once: databases
// written before the index existed have contacts but no entries. It runs
// in Open's update, so the index is complete before any write can miss it.
func buildNameWords(btx *bolt.Tx) error {
	meta := btx.Bucket(bucketMeta)
	if meta.Get(keyNameWordsVersion) != nil {
		return nil
	}
	// Start from an empty bucket: whatever is there was not built for
	// every contact.
	if err := btx.DeleteBucket(bucketNameWords); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
		return fmt.Errorf("build name index: %w", err)
	}
	words, err := btx.CreateBucket(bucketNameWords)
	if err != nil {
		return fmt.Errorf("build name index: %w", err)
	}
	err = btx.Bucket(bucketContacts).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil
		}
		var c struct{ Name string }
		if err := decode(v, &c); err != nil {
			return fmt.Errorf("contact %x: %w", k, err)
		}
		for _, ik := range nameIndexKeys(c.Name, readU64(k[8:])) {
			full := append(append(make([]byte, 0, 8+len(ik)), k[:8]...), ik...)
			if err := words.Put(full, []byte(c.Name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("build name index: %w", err)
	}
	if err := meta.Put(keyNameWordsVersion, []byte("1")); err != nil {
		return fmt.Errorf("build name index: %w", err)
	}
	return nil
}

// NameRef returns the id and stored name of the contact whose NameKey
// equals name's: one lookup in the names bucket and one in the word index,
// no contact decoded (a contact whose name has no words, such as "!!", is
// read instead). ok is false when there is no such contact.
func (tx *Tx) NameRef(name string) (NameRef, bool, error) {
	key := NameKey(name)
	if key == "" {
		return NameRef{}, false, nil
	}
	raw := tx.scoped(bucketNames).Get([]byte(key))
	if raw == nil {
		return NameRef{}, false, nil
	}
	id := readU64(raw)
	if c, ok := tx.cache[id]; ok {
		return NameRef{ID: id, Name: c.Name}, true, nil
	}
	words := tx.scoped(bucketNameWords)
	for _, w := range NameWords(key) {
		if !indexable(w) {
			continue
		}
		if v := words.Get(wordKey(kindWord, w, id)); v != nil {
			return NameRef{ID: id, Name: string(v)}, true, nil
		}
		break // the first word is indexed if any is: no entry means no index
	}
	c, err := tx.Contact(id)
	if err != nil {
		return NameRef{}, false, fmt.Errorf("name %q: %w", name, err)
	}
	return NameRef{ID: id, Name: c.Name}, true, nil
}

// NameCandidates returns the contacts (each once, at most limit) that have a
// name word x close to one of the query words w (from NameWords; they are
// folded again with NameKey). x is close to w when:
//
//   - x == w;
//   - x starts with w, and w has 3 or more runes;
//   - w starts with x, and x has 3 or more runes;
//   - x and w are within one edit (insertion, deletion, substitution, or swap
//     of two adjacent runes), the longer has 4 to 32 runes and the shorter
//     3 or more ("sri" finds "sari", "sary" and "asri" find it too).
//
// The result may hold a few more (words two edits apart that share a
// deletion); the caller's matcher decides what is close enough. Contacts
// matching more query words come first, then closer matches (equal before
// prefix before typo), then by id. Each query word reads at most limit
// contacts from the index, so the cost is a few seeks per rune of the query
// and does not grow with the book; when more than limit contacts match a
// word (a common honorific such as "bu"), those with the lowest index keys
// are taken. limit <= 0 returns nothing.
func (tx *Tx) NameCandidates(words []string, limit int) ([]NameRef, error) {
	if limit <= 0 {
		return nil, nil
	}
	query := foldQuery(words)
	if len(query) == 0 {
		return nil, nil
	}
	s := &candidateScan{
		cur:    tx.tx.Bucket(bucketNameWords).Cursor(),
		prefix: i64(tx.seller.ID),
		names:  map[uint64]string{},
	}
	for _, w := range query {
		if err := s.word(w, limit); err != nil {
			return nil, fmt.Errorf("name candidates: %w", err)
		}
	}
	return rankCandidates(query, s.order, s.names, limit), nil
}

// foldQuery folds the query words as names are indexed, each once, in
// order.
func foldQuery(words []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, in := range words {
		for _, w := range NameWords(in) {
			if indexable(w) && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// candidateScan collects candidates from the index; order keeps the order
// they were found in.
type candidateScan struct {
	cur    *bolt.Cursor
	prefix []byte // seller id
	names  map[uint64]string
	order  []uint64
}

// lookup is one range of the index a query word reads: the entries of kind
// whose word is word (whole) or starts with it.
type lookup struct {
	kind  byte
	word  string
	whole bool
}

// lookups are the ranges that hold every word close to w, strongest rule
// first, so a common word that fills the quota still gives its exact
// matches.
func lookups(w string) []lookup {
	n := utf8.RuneCountInString(w)
	out := []lookup{{kindWord, w, true}}
	if n >= prefixMinRunes {
		// Words that start with the query: "sar" for "sari".
		out = append(out, lookup{kindWord, w, false})
		// Words the query starts with: "sarinah" typed for "sari".
		for i, k := 0, 0; i < len(w); k++ {
			_, size := utf8.DecodeRuneInString(w[i:])
			i += size
			if k+1 >= prefixMinRunes && i < len(w) {
				out = append(out, lookup{kindWord, w[:i], true})
			}
		}
		// Words one rune longer, of which the query is a deletion: "sri"
		// for "sari".
		if n+1 >= editMinRunes && n+1 <= editMaxRunes {
			out = append(out, lookup{kindDeletion, w, true})
		}
	}
	if n >= editMinRunes && n <= editMaxRunes {
		for _, v := range deletions(w) {
			// Words one rune shorter ("sari" for "sarti"), then words of
			// the same length: a substitution or a swap leaves a deletion
			// the two share ("sary" and "sari" share "sar", "asri" and
			// "sari" share "sri").
			out = append(out, lookup{kindWord, v, true}, lookup{kindDeletion, v, true})
		}
	}
	return out
}

// word collects the contacts close to one query word until limit contacts
// matched it.
func (s *candidateScan) word(w string, limit int) error {
	got := map[uint64]bool{}
	for _, l := range lookups(w) {
		if len(got) >= limit {
			return nil
		}
		if err := s.scan(l, got, limit); err != nil {
			return err
		}
	}
	return nil
}

// scan reads one range of the index until limit contacts have matched this
// query word (got).
func (s *candidateScan) scan(l lookup, got map[uint64]bool, limit int) error {
	start := make([]byte, 0, len(s.prefix)+len(l.word)+2)
	start = append(append(append(start, s.prefix...), l.kind), l.word...)
	if l.whole {
		start = append(start, 0)
	}
	head := len(s.prefix) + 1
	for k, v := s.cur.Seek(start); k != nil && bytes.HasPrefix(k, start); k, v = s.cur.Next() {
		if len(k) < head+9 || k[len(k)-9] != 0 {
			return fmt.Errorf("name index: bad key %x", k)
		}
		id := readU64(k[len(k)-8:])
		if !got[id] {
			got[id] = true
			if _, ok := s.names[id]; !ok {
				s.names[id] = string(v)
				s.order = append(s.order, id)
			}
		}
		if len(got) >= limit {
			return nil
		}
	}
	return nil
}

// rankCandidates orders the candidates by how many query words they match,
// then by how closely, then by id, and keeps limit.
func rankCandidates(query []string, ids []uint64, names map[uint64]string, limit int) []NameRef {
	type ranked struct {
		ref     NameRef
		matched int
		cost    int
	}
	qr := make([][]rune, len(query))
	for i, w := range query {
		qr[i] = []rune(w)
	}
	all := make([]ranked, 0, len(ids))
	for _, id := range ids {
		r := ranked{ref: NameRef{ID: id, Name: names[id]}}
		var xs [][]rune
		for _, x := range NameWords(r.ref.Name) {
			xs = append(xs, []rune(x))
		}
		for _, w := range qr {
			best := -1
			for _, x := range xs {
				if c := wordCloseness(w, x); c >= 0 && (best < 0 || c < best) {
					best = c
				}
			}
			if best >= 0 {
				r.matched++
				r.cost += best
			}
		}
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.matched != b.matched {
			return a.matched > b.matched
		}
		if a.cost != b.cost {
			return a.cost < b.cost
		}
		return a.ref.ID < b.ref.ID
	})
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]NameRef, len(all))
	for i, r := range all {
		out[i] = r.ref
	}
	return out
}

// wordCloseness is how the name word x matches the query word w under the
// rules of NameCandidates: 0 equal, 1 one is a prefix of the other, 2 one
// edit apart, -1 none of these.
func wordCloseness(w, x []rune) int {
	switch {
	case string(w) == string(x):
		return 0
	case len(w) >= prefixMinRunes && hasRunePrefix(x, w), len(x) >= prefixMinRunes && hasRunePrefix(w, x):
		return 1
	}
	short, long := min(len(w), len(x)), max(len(w), len(x))
	if long >= editMinRunes && long <= editMaxRunes && short >= editMinRunes-1 && oneEdit(w, x) {
		return 2
	}
	return -1
}

func hasRunePrefix(s, p []rune) bool {
	if len(p) > len(s) {
		return false
	}
	for i := range p {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}

// oneEdit reports whether a and b (not equal) are one insertion, deletion,
// substitution or swap of two adjacent runes apart.
func oneEdit(a, b []rune) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) != len(b) {
		return string(a[i+1:]) == string(b[i:])
	}
	if i == len(a) {
		return false // equal
	}
	if string(a[i+1:]) == string(b[i+1:]) {
		return true // substitution
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
}
