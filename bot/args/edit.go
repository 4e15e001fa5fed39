package args

import (
	"strings"

	"github.com/salesbot/salesbot/bot/input"
)

// Edit is "/ubah NAMA nama|hp|tag|catatan NILAI" as read.
type Edit struct {
	Name  string // the contact, as typed
	Field Field
	// The new value, read for its field: NewName (cleaned), Phone (E.164;
	// "" clears it), Tags (replacing the old ones), Note.
	NewName string
	Phone   string
	Tags    []string
	Note    string
}

// ParseEdit reads /ubah. A field word can be part of a name ("Toko No
// Name hp 0812..."), so the split is chosen by what the book holds: the
// longest exact name before a field word, then a name that fits a contact,
// then the split whose value reads for its field, then the first.
func ParseEdit(toks []string, b Book) (Edit, error) {
	var at []int
	for i := 1; i < len(toks); i++ {
		if _, ok := ParseField(toks[i]); ok {
			at = append(at, i)
		}
	}
	if len(toks) == 0 {
		return Edit{}, missing(PartName, Edit{})
	}
	if len(at) == 0 {
		// No field word: the name alone asks for the field; a name and an
		// unknown word ("umur") says which fields there are.
		for k := len(toks); k >= 1; k-- {
			_, isRef := input.ParseShortNumber(join(toks[:k]))
			if _, ok := b.Exact(join(toks[:k])); !ok && !(isRef && k == 1) {
				continue
			}
			if k == len(toks) {
				return Edit{Name: join(toks)}, missing(PartField, Edit{Name: join(toks)})
			}
			return Edit{Name: join(toks[:k])}, unclear(PartField, toks[k], nil)
		}
		if Fits(join(toks), b) {
			return Edit{Name: join(toks)}, missing(PartField, Edit{Name: join(toks)})
		}
		return Edit{}, unclear(PartField, "", nil)
	}
	pick := -1
	if _, ok := input.ParseShortNumber(toks[0]); ok {
		pick = 1
		if _, ok := ParseField(toks[1]); !ok {
			return Edit{Name: toks[0]}, unclear(PartField, toks[1], nil)
		}
	}
	for k := len(at) - 1; k >= 0 && pick < 0; k-- {
		if _, ok := b.Exact(join(toks[:at[k]])); ok {
			pick = at[k]
		}
	}
	for k := 0; k < len(at) && pick < 0; k++ {
		if Fits(join(toks[:at[k]]), b) {
			pick = at[k]
		}
	}
	for k := len(at) - 1; k >= 0 && pick < 0; k-- {
		if _, err := editValue(toks[at[k]], toks[at[k]+1:]); err == nil {
			pick = at[k]
		}
	}
	if pick < 0 {
		pick = at[0]
	}
	e, err := editValue(toks[pick], toks[pick+1:])
	e.Name = join(toks[:pick])
	if p, ok := AsProblem(err); ok {
		p.Partial = e
	}
	return e, err
}

// EditValue reads the new value of a field (the answer to "Nilai barunya?").
func EditValue(field Field, value string) (Edit, error) {
	for w, f := range fieldWords {
		if f == field {
			return editValue(w, input.SplitArgs(value))
		}
	}
	return Edit{}, unclear(PartField, string(field), nil)
}

func editValue(fieldWord string, value []string) (Edit, error) {
	f, _ := ParseField(fieldWord)
	e := Edit{Field: f}
	v := strings.TrimSpace(join(value))
	if v == "" && f != FieldPhone && f != FieldTag && f != FieldNote {
		return e, missing(PartValue, e)
	}
	switch f {
	case FieldName:
		name, err := cleanName(v)
		if err != nil {
			return e, err
		}
		e.NewName = name
	case FieldPhone:
		if v == "" {
			return e, missing(PartValue, e)
		}
		if IsSkip(v) {
			return e, nil
		}
		p, err := input.ParsePhone(v)
		if err != nil {
			return e, unclear(PartPhone, v, err)
		}
		e.Phone = p
	case FieldTag:
		if v == "" {
			return e, missing(PartValue, e)
		}
		if IsSkip(v) {
			return e, nil
		}
		for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' }) {
			tag, ok := input.ParseTag("#" + strings.TrimPrefix(t, "#"))
			if !ok {
				return e, unclear(PartTag, t, nil)
			}
			e.Tags = AppendTag(e.Tags, tag)
		}
	case FieldNote:
		if v == "" {
			return e, missing(PartValue, e)
		}
		note, err := cleanText(PartNote, v)
		if err != nil {
			return e, err
		}
		if IsSkip(v) {
			note = ""
		}
		e.Note = note
	}
	return e, nil
}
