package args

import (
	"github.com/salesbot/salesbot/bot/input"
)

// SplitName separates the contact's name at the start of toks from what
// follows (a note). need is how many tokens must follow. In order: a short
// number ("#7"); the longest run that is a contact's exact name; an
// explicit separator ("-", ":", "Bu Sari:"); the longest run that names a
// contact directly or among choices; else, when something must follow, the
// first word with the honorifics before it ("Pak Hadi"), or all of it.
func SplitName(toks []string, b Book, need int) (string, []string) {
	if len(toks) == 0 {
		return "", nil
	}
	if _, ok := input.ParseShortNumber(toks[0]); ok {
		return toks[0], toks[1:]
	}
	need = max(need, 0)
	maxK := min(len(toks), max(1, len(toks)-need))
	for k := min(maxK, maxNameWords); k >= 1; k-- {
		if _, ok := b.Exact(join(toks[:k])); ok && (k == len(toks) || !continuesName(toks, k) || need > 0) {
			return join(toks[:k]), toks[k:]
		}
	}
	for i := 1; i < len(toks); i++ {
		if isSeparator(toks[i]) {
			return join(toks[:i]), toks[i+1:]
		}
		if w, ok := cutName(toks[i-1]); ok {
			return join(append(append([]string(nil), toks[:i-1]...), w)), toks[i:]
		}
	}
	// The split whose name fits a contact best; of equal fits the longest.
	bestK, bestFit := 0, NotClose
	for k := min(maxK, maxNameWords); k >= 1; k-- {
		if k < len(toks) && continuesName(toks, k) && need == 0 {
			continue
		}
		if fit := Resolve(join(toks[:k]), b).Fit; fit > bestFit {
			bestK, bestFit = k, fit
		}
	}
	if bestK > 0 {
		return join(toks[:bestK]), toks[bestK:]
	}
	if need == 0 {
		return join(toks), nil
	}
	k := 1
	for k < len(toks) {
		if _, ok := filler(lower(toks[k-1])); !ok {
			break
		}
		k++
	}
	return join(toks[:k]), toks[k:]
}

// Contacted is "/hubungi NAMA [catatan]".
type Contacted struct {
	Name string
	Note string
}

// ParseContacted reads "/hubungi NAMA [catatan]".
func ParseContacted(toks []string, b Book) (Contacted, error) {
	name, rest := SplitName(toks, b, 0)
	if name == "" {
		return Contacted{}, missing(PartName, Contacted{})
	}
	note, err := cleanText(PartNote, join(rest))
	return Contacted{Name: name, Note: note}, err
}

// Note is "/catat NAMA catatan".
type Note struct {
	Name string
	Text string
}

// ParseNote reads "/catat NAMA catatan". A name alone is Missing its note
// (the bot asks and takes the next message).
func ParseNote(toks []string, b Book) (Note, error) {
	if len(toks) == 0 {
		return Note{}, missing(PartName, Note{})
	}
	if _, ok := b.Exact(join(toks)); ok || len(toks) == 1 {
		return Note{Name: join(toks)}, missing(PartNote, Note{Name: join(toks)})
	}
	name, rest := SplitName(toks, b, 1)
	text, err := cleanText(PartNote, join(rest))
	if err != nil {
		return Note{Name: name}, err
	}
	if text == "" {
		return Note{Name: name}, missing(PartNote, Note{Name: name})
	}
	return Note{Name: name, Text: text}, nil
}

// ParseName reads a command whose only argument is a contact: /lihat,
// /hapus, /penjualan.
func ParseName(toks []string) (string, error) {
	if len(toks) == 0 {
		return "", missing(PartName, nil)
	}
	return join(toks), nil
}
