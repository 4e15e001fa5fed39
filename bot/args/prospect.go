package args

import (
	"errors"

	"github.com/salesbot/salesbot/bot/input"
)

// Prospect is "/prospek NAMA [HP] [#tag ...] [- catatan]" as read.
type Prospect struct {
	Name  string // cleaned, as it will be stored
	Phone string // E.164, "" when not given
	Tags  []string
	Note  string
}

// ParseProspect reads a new prospect. The name runs until a valid
// Indonesian phone number, a #tag or a separator ("-", ":", "Bu Sari:").
// Numbers belong to the name ("Toko 99", "Pelanggan Nomor 001"): a token is
// a phone only when the phone library reads it as a valid number. One that
// looks like a phone (7+ digits starting 0, +62 or 62, or with dashes) but
// is not valid is refused rather than made part of the name. A message
// with a phone and no name is Missing its name, with the phone kept.
func ParseProspect(toks []string) (Prospect, error) {
	var p Prospect
	i := 0
	var name []string
	for ; i < len(toks); i++ {
		t := toks[i]
		if phone, n, ok, err := input.ScanPhone(toks, i); ok {
			if err == nil {
				if len(name) == 0 {
					p.Phone = phone
					i += n - 1
					continue
				}
				break
			}
			if input.LooksLikePhone(t) {
				return p, unclear(PartPhone, join(toks[i:i+max(n, 1)]), err)
			}
		}
		if _, ok := input.ParseTag(t); ok {
			break
		}
		if isSeparator(t) {
			i++
			break
		}
		if w, ok := cutName(t); ok {
			name = append(name, w)
			i++
			break
		}
		name = append(name, t)
	}
	// After the name: a phone and tags in any order, then the note.
	for ; i < len(toks); i++ {
		if phone, n, ok, err := input.ScanPhone(toks, i); ok && p.Phone == "" {
			if err != nil {
				return p, unclear(PartPhone, join(toks[i:i+max(n, 1)]), err)
			}
			p.Phone = phone
			i += n - 1
			continue
		}
		if tag, ok := input.ParseTag(toks[i]); ok {
			p.Tags = AppendTag(p.Tags, tag)
			continue
		}
		if IsSkip(toks[i]) && i == len(toks)-1 && p.Phone == "" {
			continue // "-" for "no phone" in the question
		}
		break
	}
	note, err := cleanText(PartNote, join(toks[i:]))
	if err != nil {
		return p, err
	}
	p.Note = note
	if len(name) == 0 {
		return p, missing(PartName, p)
	}
	p.Name, err = cleanName(join(name))
	return p, err
}

// WithName finishes a prospect that was missing its name.
func (p Prospect) WithName(answer string) (Prospect, error) {
	name, err := cleanName(answer)
	if err != nil {
		return p, err
	}
	if phone, err := input.ParsePhone(answer); err == nil && phone != "" {
		return p, unclear(PartName, answer, errors.New("a phone number is not a name"))
	}
	p.Name = name
	return p, nil
}

// AppendTag adds a tag once.
func AppendTag(tags []string, tag string) []string {
	for _, t := range tags {
		if t == tag {
			return tags
		}
	}
	return append(tags, tag)
}
