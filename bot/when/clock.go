package when

import (
	"strings"
	"time"
)

// clockResult is a time of day. nextDay is set for "jam 12 malam" and
// "jam 1 malam": said on a given evening they mean the small hours that
// follow it. zone is set when the seller named WIB/WITA/WIT.
//
// today is set when the words themselves pin the reading to today ("nanti
// sore", "malam ini", "tonight"), so no day may follow. halfOpen is set for
// an hour 1-11 written without a part of day, am/pm or leading zero ("jam
// 7", "7.30"): it may be the morning or the evening, and resolve picks.
type clockResult struct {
	hour, minute int
	nextDay      bool
	zone         *time.Location
	today        bool
	halfOpen     bool
}

// period is a part of the day. Indonesians mostly use a 12-hour clock with
// the part of day after it ("jam 3 sore"), so the same digit means
// different hours.
type period int

const (
	pagi period = iota + 1
	siang
	sore
	malam
)

var periodWords = map[string]entry{
	"pagi": id(int(pagi)), "siang": id(int(siang)), "sore": id(int(sore)), "malam": id(int(malam)),
	"morning": en(int(pagi)), "afternoon": en(int(sore)), "evening": en(int(malam)), "night": en(int(malam)),
}

// defaultHour is the hour a part of day means on its own ("besok sore").
func (k period) defaultHour() int {
	switch k {
	case siang:
		return 12
	case sore:
		return 15
	case malam:
		return 19
	}
	return DefaultHour
}

// apply maps an hour as spoken with a part of day to a 24-hour hour. The
// windows are the ones in everyday use; an hour outside its part's window
// ("jam 10 sore") is a contradiction and is refused, not guessed.
func (k period) apply(h int) (hour int, nextDay, ok bool) {
	switch k {
	case pagi:
		return h, false, h <= 11
	case siang:
		switch {
		case h >= 10 && h <= 17:
			return h, false, true
		case h >= 1 && h <= 5:
			return h + 12, false, true
		}
	case sore:
		switch {
		case h >= 13 && h <= 19:
			return h, false, true
		case h >= 1 && h <= 7:
			return h + 12, false, true
		}
	case malam:
		switch {
		case h >= 18 && h <= 23:
			return h, false, true
		case h >= 6 && h <= 11:
			return h + 12, false, true
		case h == 12:
			return 0, true, true
		case h <= 4:
			return h, true, true
		}
	}
	return 0, false, false
}

// dayPart reads a part of the day at token i ("sore") and reports how many
// tokens it took. With today set it also reads the phrases that pin the
// part to today: "nanti sore", "sore nanti", "sore ini" and, in English,
// "tonight", "this evening"; with lead also unset (the part comes after an
// hour, "jam 8 malam ini") "nanti" is left alone, because after a time it
// more often starts the message ("jam 8 malam nanti kirim") than ends it.
func (p *parser) dayPart(i int, today, lead bool) (k period, n int, isToday bool) {
	w := p.word(i)
	if today {
		switch {
		case p.en && w == "tonight":
			return malam, 1, true
		case p.en && w == "this" && periodWords[p.word(i+1)].en:
			if v, ok := p.lookup(periodWords, p.word(i+1)); ok {
				return period(v), 2, true
			}
		case lead && w == "nanti":
			if e, ok := periodWords[p.word(i+1)]; ok && !e.en {
				return period(e.v), 2, true
			}
		}
	}
	v, ok := p.lookup(periodWords, w)
	if !ok {
		return 0, 0, false
	}
	if today && !periodWords[w].en {
		if next := p.word(i + 1); next == "ini" || (lead && next == "nanti") {
			return period(v), 2, true
		}
	}
	return period(v), 1, false
}

// clock reads a time of day starting at token i: "jam 14.30", "pukul 9",
// "jam 3 sore", "14.30", "9 pagi", "jam 10 WIB", "14.30WIB", "sore jam 4",
// "9am", "2:30 pm", and in English "at 9".
//
// afterDay means a day was read just before ("besok sore"). Only there is
// a bare part of day a time: "sore" alone at the start of a message is too
// likely to be message text. Not after a day, the forms that name a part
// of today are read instead: "nanti sore", "sore ini", "malam nanti",
// "nanti jam 3", "nanti sore jam 4", "sore ini jam 4", "jam 8 malam ini",
// "tonight", "this evening", "at 8 tonight".
//
// A bare number ("10") is not a time: after "besok" it is more often a
// quantity ("besok 10 dus"). It becomes one with a keyword, a separator,
// am/pm, a part of day or a zone.
func (p *parser) clock(i int, afterDay bool) (clockResult, int, error) {
	var c clockResult
	j := i
	if k, pn, today := p.dayPart(j, !afterDay, true); pn > 0 {
		r, err := p.clockCore(j + pn)
		if err != nil {
			return c, 0, err
		}
		if _, _, fits := k.apply(r.h); r.n > 0 && !r.strong && !fits {
			// "besok sore 10 dus": the number is a quantity, not an
			// hour that contradicts "sore".
			r.n = 0
		}
		switch {
		case r.n == 0 && !afterDay && !today:
			return c, 0, nil
		case r.n == 0:
			c.hour = k.defaultHour()
		case r.ampm:
			c.hour, c.minute, c.zone = r.h, r.m, r.zone
		default:
			var ok bool
			if c.hour, c.nextDay, ok = k.apply(r.h); !ok || r.m > 59 {
				return c, 0, unreadable("no time %q", p.span(j, j+pn+r.n))
			}
			c.minute, c.zone = r.m, r.zone
		}
		c.today = today
		j += pn + r.n
	} else {
		if !afterDay && p.word(j) == "nanti" {
			// "nanti jam 3": later today. "nanti" alone is not a time.
			c.today = true
			j++
		}
		r, err := p.clockCore(j)
		if err != nil || r.n == 0 {
			return clockResult{}, 0, err
		}
		c.hour, c.minute, c.zone = r.h, r.m, r.zone
		end := j + r.n
		half := false
		if !r.ampm && r.zone == nil {
			if k, pn, today := p.dayPart(end, !afterDay, false); pn > 0 {
				var ok bool
				if c.hour, c.nextDay, ok = k.apply(r.h); !ok || r.m > 59 {
					return c, 0, unreadable("no time %q", p.span(j, end+pn))
				}
				r.strong, half = true, true
				c.today = c.today || today
				end += pn
			}
		}
		if _, ok := zones[p.word(end)]; ok {
			r.strong = true
		}
		if !r.strong {
			return clockResult{}, 0, nil
		}
		if r.h > 23 || r.m > 59 {
			return c, 0, unreadable("no time %q", p.span(j, end))
		}
		c.halfOpen = !half && !r.ampm && !r.padded && r.h >= 1 && r.h <= 11
		j = end
	}
	if z, ok := zones[p.word(j)]; ok && c.zone == nil {
		c.zone = z
		j++
	}
	return c, j - i, nil
}

// core is one reading of "[jam|pukul|at] H[.MM][am|pm][zone]".
type core struct {
	h, m, n int
	// strong means the reading is unambiguously a time (keyword,
	// separator, am/pm or zone). Ranges are checked here only for strong
	// readings: a weak one such as the "25" of "25 des" must stay a
	// non-match, not an error.
	strong bool
	ampm   bool
	// padded means the hour was written with a leading zero ("07.00"),
	// which only a 24-hour clock does.
	padded bool
	zone   *time.Location
}

// clockCore reads a clock reading at token i; n == 0 means none.
func (p *parser) clockCore(i int) (core, error) {
	j := i
	_, kw := p.lookup(clockWords, p.word(j))
	if kw {
		j++
	}
	w := p.word(j)
	if w == "" || w[0] < '0' || w[0] > '9' {
		return core{}, nil
	}
	h, m, sep, padded, ap, zone, ok := clockToken(w)
	if !ok {
		if kw {
			return core{}, unreadable("no time %q", p.span(i, j+1))
		}
		return core{}, nil
	}
	j++
	if ap == "" && zone == nil {
		switch p.word(j) {
		case "am", "a.m", "pm", "p.m":
			ap = p.word(j)
			j++
		}
	}
	strong := kw || sep || ap != "" || zone != nil
	if ap != "" {
		if h < 1 || h > 12 || m > 59 {
			return core{}, unreadable("no time %q", p.span(i, j))
		}
		h %= 12
		if ap[0] == 'p' {
			h += 12
		}
		return core{h: h, m: m, n: j - i, strong: true, ampm: true, zone: zone}, nil
	}
	if strong && (h > 23 || m > 59) {
		return core{}, unreadable("no time %q", p.span(i, j))
	}
	return core{h: h, m: m, n: j - i, strong: strong, padded: padded, zone: zone}, nil
}

// clockToken splits "14.30", "14:30", "9", "9am", "2:30pm", "14.30wib".
// Minutes must be two digits, so a price like "15.000" is not a time.
// am/pm is read in both languages: no Indonesian word looks like "9pm",
// and sellers who write it mean it. padded reports a two-digit hour with a
// leading zero ("07").
func clockToken(w string) (h, m int, sep, padded bool, ap string, zone *time.Location, ok bool) {
	for _, z := range []string{"wita", "wib", "wit"} {
		if rest, found := strings.CutSuffix(w, z); found && rest != "" {
			w, zone = rest, zones[z]
			break
		}
	}
	for _, s := range []string{"a.m", "p.m", "am", "pm"} {
		if rest, found := strings.CutSuffix(w, s); found && rest != "" {
			w, ap = rest, s
			break
		}
	}
	hs, ms, sep := strings.Cut(w, ".")
	if !sep {
		hs, ms, sep = strings.Cut(w, ":")
	}
	if h, ok = atoi(hs, 2); !ok {
		return 0, 0, false, false, "", nil, false
	}
	if sep {
		if len(ms) != 2 {
			return 0, 0, false, false, "", nil, false
		}
		if m, ok = atoi(ms, 2); !ok {
			return 0, 0, false, false, "", nil, false
		}
	}
	return h, m, sep, len(hs) == 2 && hs[0] == '0', ap, zone, true
}

// span is the original text of tokens [from, to), for error messages.
func (p *parser) span(from, to int) string {
	to = min(to, len(p.toks))
	if from >= to {
		return ""
	}
	parts := make([]string, 0, to-from)
	for _, t := range p.toks[from:to] {
		parts = append(parts, t.raw)
	}
	return strings.Join(parts, " ")
}
