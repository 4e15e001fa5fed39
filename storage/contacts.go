package storage

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NameKey is the form under which names are unique in a book: Unicode case
// folded, NFKC, spaces collapsed. "Bu  SARI" and "bu sari" are the same contact.
func NameKey(name string) string {
	if key, ok := asciiKey(name); ok {
		return key
	}
	folded := cases.Fold().String(norm.NFKC.String(name))
	return strings.Join(strings.Fields(folded), " ")
}

// asciiKey is NameKey for plain ASCII names (most of them), without the
// Unicode tables: for ASCII, folding is lowering and NFKC is the identity.
func asciiKey(name string) (string, bool) {
	var b strings.Builder
	b.Grow(len(name))
	space := false
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch >= 0x80 || (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\v' && ch != '\f') || ch == 0x7f:
			return "", false
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			if 'A' <= ch && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			b.WriteByte(ch)
		}
	}
	return b.String(), true
}

// Contacts returns every contact in the book, by short number.
func (tx *Tx) Contacts() ([]Contact, error) {
	var out []Contact
	err := tx.scoped(bucketContacts).ForEach(nil, func(_, v []byte) error {
		var c Contact
		if err := decode(v, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	return out, nil
}

// ContactsByActivity returns the contacts of a stage ("" = all, lost ones
// only when stage is ""), newest activity first.
func (tx *Tx) ContactsByActivity(stage Stage) ([]Contact, error) {
	all, err := tx.Contacts()
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, c := range all {
		if stage == "" || (c.Stage == stage && !c.Lost) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].LastActivityAt.Equal(out[j].LastActivityAt) {
			return out[i].LastActivityAt.After(out[j].LastActivityAt)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// Contact returns the contact with that short number.
func (tx *Tx) Contact(id uint64) (Contact, error) {
	if c, ok := tx.cache[id]; ok {
		return c.clone(), nil
	}
	var c Contact
	if err := tx.db.getContact(tx.seller.ID, id, tx.scoped(bucketContacts).Get(u64(id)), &c); err != nil {
		return Contact{}, fmt.Errorf("contact #%d: %w", id, err)
	}
	tx.remember(c)
	return c, nil
}

// remember keeps a decoded contact for the rest of the transaction: a
// command reads the same contact several times, and decoding is most of
// its cost.
func (tx *Tx) remember(c Contact) {
	if tx.cache == nil {
		tx.cache = map[uint64]Contact{}
	}
	tx.cache[c.ID] = c.clone()
}

func (c Contact) clone() Contact {
	c.Tags = append([]string(nil), c.Tags...)
	return c
}

// HasName reports whether a contact with that name (NameKey) exists,
// without reading it.
func (tx *Tx) HasName(name string) bool {
	return tx.scoped(bucketNames).Get([]byte(NameKey(name))) != nil
}

// ContactByName finds the contact whose NameKey equals the name's.
func (tx *Tx) ContactByName(name string) (Contact, error) {
	id := tx.scoped(bucketNames).Get([]byte(NameKey(name)))
	if id == nil {
		return Contact{}, fmt.Errorf("contact %q: %w", name, ErrNotFound)
	}
	return tx.Contact(readU64(id))
}

// AddContact stores a new contact and gives it the next short number.
// ErrExists if the name is taken. Times default to the message time.
func (tx *Tx) AddContact(c Contact) (Contact, error) {
	key := NameKey(c.Name)
	if key == "" {
		return Contact{}, fmt.Errorf("add contact: empty name")
	}
	names := tx.scoped(bucketNames)
	if names.Get([]byte(key)) != nil {
		return Contact{}, fmt.Errorf("add contact %q: %w", c.Name, ErrExists)
	}
	id := readU64(tx.book.Get(keyContactSeq)) + 1
	if err := tx.book.Put(keyContactSeq, u64(id)); err != nil {
		return Contact{}, fmt.Errorf("add contact: %w", err)
	}
	c.ID = id
	if c.CreatedAt.IsZero() {
		c.CreatedAt = tx.now
	}
	if c.LastContactAt.IsZero() {
		c.LastContactAt = c.CreatedAt
	}
	if c.LastActivityAt.IsZero() {
		c.LastActivityAt = c.CreatedAt
	}
	c.Stage = StageFor(c.Purchases)
	if err := names.Put([]byte(key), u64(id)); err != nil {
		return Contact{}, fmt.Errorf("add contact: %w", err)
	}
	if err := tx.indexName(id, c.Name); err != nil {
		return Contact{}, fmt.Errorf("add contact: %w", err)
	}
	tx.trackContact(id, nil)
	if err := tx.storeContact(c); err != nil {
		return Contact{}, err
	}
	if _, err := tx.addEvent(Event{ContactID: id, Kind: EventCreated, At: c.CreatedAt}); err != nil {
		return Contact{}, err
	}
	return c, nil
}

// SaveContact stores a changed contact. A new name must not be taken
// (ErrExists). The stage is always derived from the purchases.
func (tx *Tx) SaveContact(c Contact) error {
	old, err := tx.Contact(c.ID)
	if err != nil {
		return fmt.Errorf("save contact: %w", err)
	}
	oldKey, newKey := NameKey(old.Name), NameKey(c.Name)
	if newKey == "" {
		return fmt.Errorf("save contact #%d: empty name", c.ID)
	}
	names := tx.scoped(bucketNames)
	if oldKey != newKey {
		if owner := names.Get([]byte(newKey)); owner != nil && readU64(owner) != c.ID {
			return fmt.Errorf("rename contact #%d to %q: %w", c.ID, c.Name, ErrExists)
		}
		if err := names.Delete([]byte(oldKey)); err != nil {
			return fmt.Errorf("rename contact: %w", err)
		}
		if err := names.Put([]byte(newKey), u64(c.ID)); err != nil {
			return fmt.Errorf("rename contact: %w", err)
		}
	}
	if err := tx.renameIndex(c.ID, old.Name, c.Name); err != nil {
		return fmt.Errorf("rename contact: %w", err)
	}
	c.Stage = StageFor(c.Purchases)
	c.DueAt = old.DueAt
	// old is this call's own copy: the log can keep it without cloning.
	tx.trackContact(c.ID, &old)
	return tx.storeContact(c)
}

// DeleteContact removes the contact with its history and sales.
func (tx *Tx) DeleteContact(id uint64) error {
	c, err := tx.Contact(id)
	if err != nil {
		return fmt.Errorf("delete contact: %w", err)
	}
	events := tx.scoped(bucketEvents)
	sales := tx.tx.Bucket(bucketSales)
	var keys [][]byte
	err = events.ForEach(u64(id), func(k, v []byte) error {
		var e Event
		if err := decode(v, &e); err != nil {
			return err
		}
		if e.Kind == EventSale {
			if err := sales.Delete(saleKey(tx.seller.ID, e)); err != nil {
				return err
			}
		}
		tx.trackEvent(id, e.ID, &e)
		keys = append(keys, append([]byte(nil), k...))
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete contact #%d: %w", id, err)
	}
	for _, k := range keys {
		if err := events.Delete(k); err != nil {
			return fmt.Errorf("delete contact #%d: %w", id, err)
		}
	}
	if err := tx.scoped(bucketNames).Delete([]byte(NameKey(c.Name))); err != nil {
		return fmt.Errorf("delete contact #%d: %w", id, err)
	}
	if err := tx.unindexName(id, c.Name); err != nil {
		return fmt.Errorf("delete contact #%d: %w", id, err)
	}
	before := c
	tx.trackContact(id, &before)
	if err := tx.unindexDue(c); err != nil {
		return err
	}
	if err := tx.scoped(bucketContacts).Delete(u64(id)); err != nil {
		return fmt.Errorf("delete contact #%d: %w", id, err)
	}
	delete(tx.cache, id)
	if tx.seller.FirstCustomerID == id {
		return tx.electFirstCustomer()
	}
	return nil
}

// storeContact writes the contact and keeps the due index in step.
func (tx *Tx) storeContact(c Contact) error {
	if err := tx.reindexDue(&c); err != nil {
		return err
	}
	if err := tx.scoped(bucketContacts).put(u64(c.ID), c); err != nil {
		return fmt.Errorf("store contact #%d: %w", c.ID, err)
	}
	tx.remember(c)
	return nil
}

// Search finds contacts whose name, phone, tags or history text contain the
// word (case folded), newest activity first.
func (tx *Tx) Search(word string) ([]Contact, error) {
	q := NameKey(word)
	if q == "" {
		return nil, nil
	}
	digits := onlyDigits(q)
	hit := map[uint64]bool{}
	err := tx.scoped(bucketEvents).ForEach(nil, func(_, v []byte) error {
		var e Event
		if err := decode(v, &e); err != nil {
			return err
		}
		if e.Text != "" && strings.Contains(NameKey(e.Text), q) {
			hit[e.ContactID] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	all, err := tx.ContactsByActivity("")
	if err != nil {
		return nil, err
	}
	var out []Contact
	for _, c := range all {
		if hit[c.ID] || strings.Contains(NameKey(c.Name), q) || matchPhone(c.Phone, digits) || matchTags(c.Tags, q) ||
			strings.Contains(NameKey(c.LostReason+" "+c.StopReason), q) {
			out = append(out, c)
		}
	}
	return out, nil
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// matchPhone matches "0812..." typed the local way against "+62812..." stored.
func matchPhone(phone, digits string) bool {
	if phone == "" || len(digits) < 3 {
		return false
	}
	stored := onlyDigits(phone)
	if strings.Contains(stored, digits) {
		return true
	}
	if strings.HasPrefix(digits, "0") && strings.HasPrefix(stored, "62") {
		return strings.Contains("0"+stored[2:], digits)
	}
	return false
}

func matchTags(tags []string, q string) bool {
	q = strings.TrimPrefix(q, "#")
	for _, t := range tags {
		if strings.Contains(t, q) {
			return true
		}
	}
	return false
}

// electFirstCustomer makes the earliest remaining buyer the seller's first
// customer, after the first one was deleted.
func (tx *Tx) electFirstCustomer() error {
	all, err := tx.Contacts()
	if err != nil {
		return err
	}
	s := tx.seller
	s.FirstCustomerID = 0
	var first time.Time
	for _, c := range all {
		if c.Purchases > 0 && (s.FirstCustomerID == 0 || c.FirstSaleAt.Before(first)) {
			s.FirstCustomerID, first = c.ID, c.FirstSaleAt
		}
	}
	if err := tx.storeSeller(s); err != nil {
		return err
	}
	if s.FirstCustomerID == 0 {
		return nil
	}
	c, err := tx.Contact(s.FirstCustomerID)
	if err != nil {
		return err
	}
	return tx.SaveContact(c)
}

// MarkLost archives a prospect the seller gave up on, with the reason.
func (tx *Tx) MarkLost(id uint64, reason string) (Contact, error) {
	c, err := tx.Contact(id)
	if err != nil {
		return Contact{}, fmt.Errorf("mark lost: %w", err)
	}
	c.Lost, c.LostReason, c.LostAt = true, reason, tx.now
	if err := tx.SaveContact(c); err != nil {
		return Contact{}, fmt.Errorf("mark lost: %w", err)
	}
	if _, err := tx.addEvent(Event{ContactID: id, Kind: EventLost, Text: reason}); err != nil {
		return Contact{}, err
	}
	return c, nil
}

// Snooze holds the contact's follow-ups until the given time.
func (tx *Tx) Snooze(id uint64, until time.Time) (Contact, error) {
	c, err := tx.Contact(id)
	if err != nil {
		return Contact{}, fmt.Errorf("snooze: %w", err)
	}
	c.SnoozeUntil = until
	if err := tx.SaveContact(c); err != nil {
		return Contact{}, fmt.Errorf("snooze: %w", err)
	}
	return c, nil
}
