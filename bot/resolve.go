package bot

import (
	"errors"
	"strings"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// splitName separates the contact name at the start of args from what
// follows (a note, a field). keepRest is how many trailing tokens must be
// left. The longest run of tokens that names an existing contact wins; then
// an explicit separator ("-", "name:"); then the longest run that matches a
// contact by prefix or closeness; else the first token (or all of them when
// nothing needs to follow).
func (c *hctx) splitName(args []string, keepRest int) (string, []string, error) {
	if len(args) == 0 {
		return "", nil, nil
	}
	if _, ok := input.ParseShortNumber(args[0]); ok {
		return args[0], args[1:], nil
	}
	maxK := len(args) - keepRest
	if maxK < 1 {
		maxK = 1
	}
	for k := maxK; k >= 1; k-- {
		_, err := c.tx.ContactByName(strings.Join(args[:k], " "))
		if err == nil {
			return strings.Join(args[:k], " "), args[k:], nil
		}
		if !errors.Is(err, storage.ErrNotFound) {
			return "", nil, err
		}
	}
	for k := 1; k <= maxK && k < len(args); k++ {
		if args[k] == "-" || args[k] == "—" || args[k] == ":" {
			return strings.Join(args[:k], " "), args[k+1:], nil
		}
		if t := args[k-1]; strings.HasSuffix(t, ":") || strings.HasSuffix(t, ",") {
			args2 := append(append([]string{}, args[:k-1]...), strings.TrimRight(t, ":,"))
			return strings.Join(args2, " "), args[k:], nil
		}
	}
	named, err := c.named()
	if err != nil {
		return "", nil, err
	}
	for k := maxK; k >= 1; k-- {
		if kind, _ := input.MatchName(strings.Join(args[:k], " "), named); kind != input.MatchNone {
			return strings.Join(args[:k], " "), args[k:], nil
		}
	}
	if keepRest == 0 {
		return strings.Join(args, " "), nil, nil
	}
	return args[0], args[1:], nil
}

func (c *hctx) named() ([]input.Named, error) {
	all, err := c.tx.Contacts()
	if err != nil {
		return nil, err
	}
	named := make([]input.Named, len(all))
	for i, ct := range all {
		named[i] = input.Named{ID: ct.ID, Name: ct.Name}
	}
	return named, nil
}

// lookup is what a typed name resolves to.
type lookup struct {
	contact    storage.Contact
	found      bool
	candidates []storage.Contact // several fit, or only close ones
	close      bool              // the candidates are only similar names
}

// lookupName resolves a typed name or short number within the seller's book.
func (c *hctx) lookupName(name string) (lookup, error) {
	// Compare what would have been stored: invisible and control
	// characters are not part of a name.
	if clean, err := input.CleanName(name); err == nil {
		name = clean
	}
	if id, ok := input.ParseShortNumber(name); ok {
		ct, err := c.tx.Contact(id)
		if errors.Is(err, storage.ErrNotFound) {
			return lookup{}, fail("contact_not_found_id", "Ref", shortRef(id))
		}
		return lookup{contact: ct, found: err == nil}, err
	}
	ct, err := c.tx.ContactByName(name)
	if err == nil {
		return lookup{contact: ct, found: true}, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return lookup{}, err
	}
	named, err := c.named()
	if err != nil {
		return lookup{}, err
	}
	kind, matches := input.MatchName(name, named)
	if kind == input.MatchNone {
		return lookup{}, nil
	}
	var cands []storage.Contact
	for _, m := range matches {
		ct, err := c.tx.Contact(m.ID)
		if err != nil {
			return lookup{}, err
		}
		cands = append(cands, ct)
	}
	if kind == input.MatchPrefix && len(cands) == 1 {
		return lookup{contact: cands[0], found: true}, nil
	}
	return lookup{candidates: cands, close: kind == input.MatchClose}, nil
}

// findContact resolves name for cmd. When several contacts fit, it asks
// with buttons (the question is the reply: ok is false and nothing is
// written); when none does, it refuses. rest is what the command needs
// again once the seller picks.
func (c *hctx) findContact(cmd, name string, rest []string) (storage.Contact, bool, error) {
	l, err := c.lookupName(name)
	if err != nil {
		return storage.Contact{}, false, err
	}
	switch {
	case l.found:
		return l.contact, true, nil
	case len(l.candidates) == 1 && l.close:
		// One similar name: that is who was meant; the reply names them.
		return l.candidates[0], true, nil
	case len(l.candidates) > 0:
		return storage.Contact{}, false, c.askWhich(cmd, name, rest, l.candidates, false)
	default:
		return storage.Contact{}, false, fail("contact_not_found", "Name", name)
	}
}

// askWhich stores the question and shows one button per candidate (plus
// "new contact" when offerNew, and cancel).
func (c *hctx) askWhich(cmd, name string, rest []string, cands []storage.Contact, offerNew bool) error {
	ids := make([]uint64, len(cands))
	for i, ct := range cands {
		ids[i] = ct.ID
	}
	pid, err := c.tx.AddPending(storage.Pending{Kind: cmd, Args: append([]string{name}, rest...), ContactIDs: ids})
	if err != nil {
		return err
	}
	var rows [][]storage.Button
	for i, ct := range cands {
		rows = append(rows, []storage.Button{{Text: buttonText(c.t("btn_contact", "Name", ct.Name, "ID", ct.ID)),
			Data: cbData{kind: cbPick, id: pid, arg: itoa(i)}.encode(c.r.SellerID)}})
	}
	if offerNew {
		rows = append(rows, []storage.Button{{Text: buttonText(c.t("btn_new_contact", "Name", name)), Data: cbData{kind: cbPick, id: pid, arg: "new"}.encode(c.r.SellerID)}})
	}
	rows = append(rows, []storage.Button{{Text: c.t("btn_cancel"), Data: cbData{kind: cbPick, id: pid, arg: "x"}.encode(c.r.SellerID)}})
	return c.reply(c.t("ask_which", "Name", name), rows...)
}

// buttonText is the plain label of a button (buttons take no HTML).
func buttonText(s string) string { return plainText(s, 60) }
