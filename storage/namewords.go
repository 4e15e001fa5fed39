package storage

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
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
//	'w' || word || 0 || contact id -> the contact's name as stored
//	'd' || deletion || 0 || word   -> 1
//
// There is a 'w' entry per word of every name, so a candidate list needs no
// contact decoded. The 'd' entries are a symmetric-delete index over the
// book's vocabulary: each one-rune deletion of every distinct word that can
// have typos (typoWord). Two words within one edit of each other either are
// each other's deletion or share one, so a typo is found with about three
// seeks per rune of the query word. They are kept per word, not per
// contact: words repeat across a book ("bu", "sari"), and an index entry per
// deletion per contact would make the index four times larger and adding
// many contacts in one transaction much slower (bbolt inserts into one
// growing node until commit, at a cost quadratic in the entries added).
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
	// longer words are not names.
	editMaxRunes = 32
)

// keyNameWordsVersion in meta says the name-word index has been built for
// every contact (databases from before the index get it built in Open).
var keyNameWordsVersion = []byte("namewords_v1")

// typoWord reports whether a word can match with a typo: 4 to 32 runes and
// no digit (a number one digit off is another shop, not a typo: "Toko Maju
// 12" is not "Toko Maju 13").
func typoWord(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			return false
		}
		n++
	}
	return n >= editMinRunes && n <= editMaxRunes
}

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
	for i := 0; i < len(w); {
		_, size := utf8.DecodeRuneInString(w[i:]) // 1 for an invalid byte
		v := w[:i] + w[i+size:]
		i += size
		// Equal variants come from runs of the same rune, so they are
		// adjacent: "anna" -> "nna", "ana", "ana", "ann".
		if v != prev || len(out) == 0 {
			out = append(out, v)
		}
		prev = v
	}
	return out
}

// wordKey is 'w' || word || 0 || contact id (without the seller id).
func wordKey(word string, id uint64) []byte {
	k := make([]byte, 0, len(word)+10)
	k = append(k, kindWord)
	k = append(k, word...)
	k = append(k, 0)
	return append(k, u64(id)...)
}

// deletionKey is 'd' || deletion || 0 || word (without the seller id).
func deletionKey(deletion, word string) []byte {
	k := make([]byte, 0, len(deletion)+len(word)+2)
	k = append(k, kindDeletion)
	k = append(k, deletion...)
	k = append(k, 0)
	return append(k, word...)
}

// wordPrefix is 'w' || word || 0: the start of the word's entries.
func wordPrefix(word string) []byte {
	return append(append([]byte{kindWord}, word...), 0)
}

// indexWords are the distinct indexable words of a name, in order.
func indexWords(name string) []string {
	var out []string
	for _, w := range NameWords(name) {
		if indexable(w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// wordUsed reports whether any contact of the book has the word.
func (tx *Tx) wordUsed(word string) bool {
	words := tx.scoped(bucketNameWords)
	start := words.key(wordPrefix(word))
	k, _ := words.b.Cursor().Seek(start)
	return k != nil && bytes.HasPrefix(k, start)
}

// addWord indexes one word of a contact's name; the first contact with the
// word brings its deletions into the vocabulary.
func (tx *Tx) addWord(id uint64, word, name string) error {
	words := tx.scoped(bucketNameWords)
	if typoWord(word) && !tx.wordUsed(word) {
		for _, v := range deletions(word) {
			if err := words.Put(deletionKey(v, word), deletionValue); err != nil {
				return fmt.Errorf("index word %q: %w", word, err)
			}
		}
	}
	if err := words.Put(wordKey(word, id), []byte(name)); err != nil {
		return fmt.Errorf("index word %q: %w", word, err)
	}
	return nil
}

// removeWord takes one word of a contact's name out of the index; the last
// contact with the word takes its deletions with it.
func (tx *Tx) removeWord(id uint64, word string) error {
	words := tx.scoped(bucketNameWords)
	if err := words.Delete(wordKey(word, id)); err != nil {
		return fmt.Errorf("unindex word %q: %w", word, err)
	}
	if !typoWord(word) || tx.wordUsed(word) {
		return nil
	}
	for _, v := range deletions(word) {
		if err := words.Delete(deletionKey(v, word)); err != nil {
			return fmt.Errorf("unindex word %q: %w", word, err)
		}
	}
	return nil
}

// deletionValue is the value of 'd' entries: only the key matters.
var deletionValue = []byte{1}

// indexName adds the contact's name to the word index.
func (tx *Tx) indexName(id uint64, name string) error {
	for _, w := range indexWords(name) {
		if err := tx.addWord(id, w, name); err != nil {
			return fmt.Errorf("index name of #%d: %w", id, err)
		}
	}
	return nil
}

// unindexName removes the contact's name from the word index.
func (tx *Tx) unindexName(id uint64, name string) error {
	for _, w := range indexWords(name) {
		if err := tx.removeWord(id, w); err != nil {
			return fmt.Errorf("unindex name of #%d: %w", id, err)
		}
	}
	return nil
}

// renameIndex moves a contact's index entries from its old name to its new
// one. The 'w' values hold the name as stored, so a change of case alone
// (same words) rewrites them too.
func (tx *Tx) renameIndex(id uint64, oldName, newName string) error {
	if oldName == newName {
		return nil
	}
	newWords := indexWords(newName)
	for _, w := range indexWords(oldName) {
		if !slices.Contains(newWords, w) {
			if err := tx.removeWord(id, w); err != nil {
				return fmt.Errorf("rename #%d: %w", id, err)
			}
		}
	}
	for _, w := range newWords {
		if err := tx.addWord(id, w, newName); err != nil {
			return fmt.Errorf("rename #%d: %w", id, err)
		}
	}
	return nil
}

// nameEntries are the index entries (keys without the seller id) of the
// named contacts, as if they were the only ones in the book.
func nameEntries(names map[uint64]string) map[string][]byte {
	out := map[string][]byte{}
	for id, name := range names {
		for _, w := range indexWords(name) {
			out[string(wordKey(w, id))] = []byte(name)
			if typoWord(w) {
				for _, v := range deletions(w) {
					out[string(deletionKey(v, w))] = deletionValue
				}
			}
		}
	}
	return out
}

// buildNameWords builds the word index of every book, once: databases
// written before the index existed have contacts but no entries. It runs
// in Open's update, so the index is complete before any write can miss it.
// Each book's entries are put in key order: bbolt splits nodes only at
// commit, and inserting in random order into the one growing node would
// cost time quadratic in the size of the book.
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
	var seller []byte
	names := map[uint64]string{}
	flush := func() error {
		entries := nameEntries(names)
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := words.Put(append(append([]byte(nil), seller...), k...), entries[k]); err != nil {
				return err
			}
		}
		clear(names)
		return nil
	}
	err = btx.Bucket(bucketContacts).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil
		}
		if !bytes.Equal(k[:8], seller) {
			if err := flush(); err != nil {
				return err
			}
			seller = append(seller[:0], k[:8]...)
		}
		var c struct{ Name string }
		if err := decode(v, &c); err != nil {
			return fmt.Errorf("contact %x: %w", k, err)
		}
		names[readU64(k[8:])] = c.Name
		return nil
	})
	if err == nil {
		err = flush()
	}
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
		if v := words.Get(wordKey(w, id)); v != nil {
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
//     of two adjacent runes), the longer has 4 to 32 runes, the shorter 3
//     or more, and neither has a digit ("sri", "sary", "sarii" and "asri"
//     find "sari"; "Toko 12" is not a typo of "Toko 13").
//
// The result may hold a few more (words two edits apart that share a
// deletion); the caller's matcher decides what is close enough. Contacts
// matching more query words come first, then closer matches (equal before
// prefix before typo), then by id. Each query word reads at most limit
// contacts from the index, so the cost is a few seeks per rune of the query
// and does not grow with the book; when more than limit contacts match a
// word (a common honorific such as "bu"), the first ones in index order
// (exact words first, then by word and id) are taken. limit <= 0 returns
// nothing.
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
		limit:  limit,
	}
	for _, w := range query {
		if err := s.word(w); err != nil {
			return nil, fmt.Errorf("name candidates: %w", err)
		}
	}
	return rankCandidates(query, s.order, s.names, limit), nil
}

// foldQuery folds the query words as names are indexed, each once, in
// order.
func foldQuery(words []string) []string {
	var out []string
	for _, in := range words {
		for _, w := range NameWords(in) {
			if indexable(w) && !slices.Contains(out, w) {
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
	limit  int
	names  map[uint64]string
	order  []uint64
	got    map[uint64]bool // contacts that matched the current query word
	key    []byte          // seek key buffer
}

// lookup is one range of the index a query word reads: the contacts with
// the word (whole) or with a word starting with it, or (kindDeletion) with
// a word of which it is a deletion.
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
	}
	if !typoWord(w) && !(n == editMinRunes-1 && !hasDigit(w)) {
		return out
	}
	// Words one rune longer, of which the query is a deletion: "sri" for
	// "sari".
	if n+1 <= editMaxRunes {
		out = append(out, lookup{kindDeletion, w, true})
	}
	if typoWord(w) {
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

func hasDigit(w string) bool {
	return strings.IndexFunc(w, unicode.IsDigit) >= 0
}

// word collects the contacts close to one query word until limit contacts
// matched it.
func (s *candidateScan) word(w string) error {
	s.got = map[uint64]bool{}
	for _, l := range lookups(w) {
		if s.full() {
			return nil
		}
		var err error
		if l.kind == kindDeletion {
			err = s.deletion(l.word)
		} else {
			err = s.contacts(l.word, l.whole)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *candidateScan) full() bool { return len(s.got) >= s.limit }

// seek positions the cursor at the first key starting with kind || word
// (|| 0 if whole) and returns that prefix.
func (s *candidateScan) seek(kind byte, word string, whole bool) ([]byte, []byte, []byte) {
	s.key = append(append(append(s.key[:0], s.prefix...), kind), word...)
	if whole {
		s.key = append(s.key, 0)
	}
	k, v := s.cur.Seek(s.key)
	return s.key, k, v
}

// contacts reads the contacts with the word (whole) or with a word that
// starts with it.
func (s *candidateScan) contacts(word string, whole bool) error {
	start, k, v := s.seek(kindWord, word, whole)
	for ; k != nil && bytes.HasPrefix(k, start) && !s.full(); k, v = s.cur.Next() {
		if len(k) < len(s.prefix)+10 || k[len(k)-9] != 0 {
			return fmt.Errorf("name index: bad key %x", k)
		}
		id := readU64(k[len(k)-8:])
		if s.got[id] {
			continue
		}
		s.got[id] = true
		if _, ok := s.names[id]; !ok {
			s.names[id] = string(v)
			s.order = append(s.order, id)
		}
	}
	return nil
}

// deletion reads the contacts with a word of which v is a deletion: the
// words from the 'd' entries, then their contacts. Every indexed word has
// a contact, so limit words are enough to fill the quota.
func (s *candidateScan) deletion(v string) error {
	var words []string
	start, k, _ := s.seek(kindDeletion, v, true)
	for ; k != nil && bytes.HasPrefix(k, start) && len(words) < s.limit; k, _ = s.cur.Next() {
		words = append(words, string(k[len(start):]))
	}
	for _, w := range words {
		if s.full() {
			return nil
		}
		if err := s.contacts(w, true); err != nil {
			return err
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
	all := make([]ranked, 0, len(ids))
	for _, id := range ids {
		r := ranked{ref: NameRef{ID: id, Name: names[id]}}
		xs := NameWords(r.ref.Name)
		for _, w := range query {
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
func wordCloseness(w, x string) int {
	switch {
	case w == x:
		return 0
	case strings.HasPrefix(x, w) && utf8.RuneCountInString(w) >= prefixMinRunes,
		strings.HasPrefix(w, x) && utf8.RuneCountInString(x) >= prefixMinRunes:
		return 1
	}
	short, long := w, x
	if utf8.RuneCountInString(short) > utf8.RuneCountInString(long) {
		short, long = long, short
	}
	if typoWord(long) && !hasDigit(short) && utf8.RuneCountInString(short) >= editMinRunes-1 &&
		oneEdit([]rune(w), []rune(x)) {
		return 2
	}
	return -1
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
