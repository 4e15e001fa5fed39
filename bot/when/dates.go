package when

import (
	"fmt"
	"strings"
	"time"
)

// dateResult is a day that was read, or, for "2 jam lagi", an exact
// instant (relative) to which no time of day can be added.
type dateResult struct {
	day      civil
	relative bool
	instant  time.Time
}

// date reads the longest day expression starting at token i. n == 0 means
// no day expression starts there. A form that clearly tries to be a date
// but names an impossible one ("31/2", "tgl 32") is an error rather than a
// non-match, so that it is never silently treated as message text.
func (p *parser) date(i int) (dateResult, int, error) {
	forms := []func(int) (dateResult, int, error){
		p.offsetDate, p.weekdayDate, p.durationDate,
		p.numericDate, p.namedDate, p.tanggalDate, p.onDate,
	}
	var best dateResult
	bestN := 0
	for _, f := range forms {
		d, n, err := f(i)
		if err != nil {
			return dateResult{}, 0, err
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best, bestN, nil
}

func unreadable(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnreadable}, args...)...)
}

// offsetDate reads the fixed relative words: besok, lusa, hari ini,
// minggu depan, bulan depan, tomorrow, next week...
func (p *parser) offsetDate(i int) (dateResult, int, error) {
	bestN := 0
	var best offset
	for _, o := range offsetPhrases {
		if (o.en && !p.en) || len(o.words) <= bestN {
			continue
		}
		ok := true
		for k, w := range o.words {
			if p.word(i+k) != w {
				ok = false
				break
			}
		}
		if ok {
			best, bestN = o, len(o.words)
		}
	}
	if bestN == 0 {
		return dateResult{}, 0, nil
	}
	return dateResult{day: p.today.addMonths(best.months).addDays(best.days)}, bestN, nil
}

// weekdayDate reads "senin", "hari senin", "senin depan", "jumat minggu
// depan", "monday", "next monday", "friday next week".
//
// A bare weekday is the next such day strictly after today, so "senin" on a
// Monday is a week ahead: a reminder for today would have been written
// "hari ini". "senin depan" means the same next Monday, because that is how
// sellers use it. "<weekday> minggu depan" is that weekday in next
// Monday-to-Sunday week, which differs from the bare weekday only when the
// day is still ahead this week ("jumat minggu depan" on a Wednesday is nine
// days away, "jumat" two). "<weekday> ini" ("minggu ini", "this friday") is
// the coming such day but includes today, so that the seller can still mean
// this evening.
func (p *parser) weekdayDate(i int) (dateResult, int, error) {
	j := i
	hari, next, this := false, false, false
	switch {
	case p.word(j) == "hari":
		hari = true
		j++
	case p.en && p.word(j) == "next":
		next = true
		j++
	case p.en && p.word(j) == "this":
		this = true
		j++
	}
	w := p.word(j)
	wd, ok := p.lookup(weekdayWords, w)
	if !ok {
		return dateResult{}, 0, nil
	}
	j++
	ahead := (wd - int(p.today.weekday()) + 7) % 7
	if ahead == 0 {
		ahead = 7
	}
	if !next && !this && p.word(j) == "ini" {
		this = true
		j++
	}
	if this {
		// "jumat ini" / "this friday" is this week's Friday, which is
		// today when today is Friday.
		ahead %= 7
	}
	day := p.today.addDays(ahead)
	if !next && !this {
		nextWeek := ((p.word(j) == "minggu" || p.word(j) == "pekan") && p.word(j+1) == "depan") ||
			(p.en && p.word(j) == "next" && p.word(j+1) == "week")
		switch {
		case nextWeek:
			// Days since Monday, then the Monday of next week, then the day.
			sinceMonday := (int(p.today.weekday()) + 6) % 7
			day = p.today.addDays(7 - sinceMonday + (wd+6)%7)
			j += 2
		case p.word(j) == "depan" && (w != "minggu" || hari):
			// Plain "minggu depan" is next week, read by offsetDate;
			// only "hari minggu depan" is next Sunday.
			j++
		}
	}
	return dateResult{day: day}, j - i, nil
}

// durationDate reads "3 hari lagi", "dalam 2 jam", "seminggu lagi",
// "setengah jam lagi", "in 3 days", "2 hours from now". Calendar units give a
// day (the time of day is added later, 09:00 by default); hours and minutes
// give an exact instant counted from now.
func (p *parser) durationDate(i int) (dateResult, int, error) {
	n, u, qn, j := 0, unit(0), 0, i
	switch {
	case p.word(i) == "dalam" || (p.en && p.word(i) == "in"):
		n, u, qn = p.quantity(i + 1)
		if qn == 0 {
			return dateResult{}, 0, nil
		}
		j = i + 1 + qn
		if p.word(i) == "dalam" && p.word(j) == "lagi" {
			j++
		}
	default:
		n, u, qn = p.quantity(i)
		if qn == 0 {
			return dateResult{}, 0, nil
		}
		j = i + qn
		switch {
		case p.word(j) == "lagi":
			j++
		case p.en && p.word(j) == "from" && p.word(j+1) == "now":
			j += 2
		default:
			return dateResult{}, 0, nil
		}
	}
	switch u {
	case uDay:
		return dateResult{day: p.today.addDays(n)}, j - i, nil
	case uWeek:
		return dateResult{day: p.today.addDays(7 * n)}, j - i, nil
	case uMonth:
		return dateResult{day: p.today.addMonths(n)}, j - i, nil
	case uYear:
		return dateResult{day: p.today.addMonths(12 * n)}, j - i, nil
	}
	step := time.Minute
	if u == uHour {
		step = time.Hour
	}
	t := p.now.Add(time.Duration(n) * step)
	t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, p.loc)
	return dateResult{relative: true, instant: t}, j - i, nil
}

// quantity reads "<number> <unit>", a "se-" contraction, or a half hour.
// Numbers are capped at four digits so arithmetic cannot overflow.
func (p *parser) quantity(i int) (n int, u unit, consumed int) {
	w := p.word(i)
	if v, ok := p.lookup(seUnitWords, w); ok {
		return 1, unit(v), 1
	}
	if w == "setengah" && p.word(i+1) == "jam" {
		return 30, uMinute, 2
	}
	if p.en && w == "half" && (p.word(i+1) == "an" || p.word(i+1) == "a") && p.word(i+2) == "hour" {
		return 30, uMinute, 3
	}
	v, ok := atoi(w, 4)
	if !ok {
		v, ok = p.lookup(numberWords, w)
	}
	if !ok {
		return 0, 0, 0
	}
	uv, ok := p.lookup(unitWords, p.word(i+1))
	if !ok {
		return 0, 0, 0
	}
	return v, unit(uv), 2
}

// numericDate reads "25/12", "25/12/2026", "25/12/26", "25-12-2026",
// "25.12.2026" and ISO "2026-12-25". Day comes before month in both
// languages, as everywhere in Indonesia. Two-part dates need a slash: "3-5"
// is usually a range and "14.30" is a time.
func (p *parser) numericDate(i int) (dateResult, int, error) {
	w := p.word(i)
	sep := strings.IndexAny(w, "/-.")
	if sep <= 0 {
		return dateResult{}, 0, nil
	}
	parts := strings.Split(w, w[sep:sep+1])
	for _, s := range parts {
		if !isDigits(s) {
			return dateResult{}, 0, nil
		}
	}
	var ys, ms, ds string
	switch {
	case len(parts) == 2 && w[sep] == '/':
		ds, ms = parts[0], parts[1]
	case len(parts) == 3 && w[sep] == '-' && len(parts[0]) == 4:
		ys, ms, ds = parts[0], parts[1], parts[2]
	case len(parts) == 3 && (len(parts[2]) == 2 || len(parts[2]) == 4):
		ds, ms, ys = parts[0], parts[1], parts[2]
	default:
		return dateResult{}, 0, nil
	}
	d, okD := atoi(ds, 2)
	m, okM := atoi(ms, 2)
	if !okD || !okM {
		return dateResult{}, 0, nil
	}
	if ys == "" {
		day, ok := p.upcoming(m, d)
		if !ok {
			return dateResult{}, 0, unreadable("no date %q", p.toks[i].raw)
		}
		return dateResult{day: day}, 1, nil
	}
	y, _ := atoi(ys, 4)
	if len(ys) == 2 {
		y += 2000
	}
	if !validDate(y, m, d) {
		return dateResult{}, 0, unreadable("no date %q", p.toks[i].raw)
	}
	return dateResult{day: civil{y, time.Month(m), d}}, 1, nil
}

// namedDate reads "25 Desember", "25 des 2026" and, in English, also
// "December 25", "Dec 25th 2026".
func (p *parser) namedDate(i int) (dateResult, int, error) {
	d, okD := p.dayNumber(p.word(i))
	m, okM := p.lookup(monthWords, p.word(i+1))
	if !okD || !okM {
		if !p.en {
			return dateResult{}, 0, nil
		}
		m, okM = p.lookup(monthWords, p.word(i))
		d, okD = p.dayNumber(p.word(i + 1))
		if !okD || !okM {
			return dateResult{}, 0, nil
		}
	}
	raw := p.toks[i].raw + " " + p.toks[i+1].raw
	if y, ok := atoi(p.word(i+2), 4); ok && len(p.word(i+2)) == 4 {
		if !validDate(y, m, d) {
			return dateResult{}, 0, unreadable("no date %q", raw)
		}
		return dateResult{day: civil{y, time.Month(m), d}}, 3, nil
	}
	day, ok := p.upcoming(m, d)
	if !ok {
		return dateResult{}, 0, unreadable("no date %q", raw)
	}
	return dateResult{day: day}, 2, nil
}

// tanggalDate reads "tanggal 25" / "tgl 25" (the next 25th) and
// "tgl 25/12", "tanggal 25 Desember".
func (p *parser) tanggalDate(i int) (dateResult, int, error) {
	if w := p.word(i); w != "tanggal" && w != "tgl" {
		return dateResult{}, 0, nil
	}
	best, bestN := dateResult{}, 0
	for _, f := range []func(int) (dateResult, int, error){p.numericDate, p.namedDate} {
		d, n, err := f(i + 1)
		if err != nil {
			return dateResult{}, 0, err
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	if bestN > 0 {
		return best, bestN + 1, nil
	}
	d, ok := p.dayNumber(p.word(i + 1))
	if !ok {
		return dateResult{}, 0, nil
	}
	day, ok := p.nextDayOfMonth(d)
	if !ok {
		return dateResult{}, 0, unreadable("no day %q", p.toks[i+1].raw)
	}
	return dateResult{day: day}, 2, nil
}

// onDate reads the English "on Monday", "on 25/12".
func (p *parser) onDate(i int) (dateResult, int, error) {
	if !p.en || p.word(i) != "on" || p.word(i+1) == "on" {
		return dateResult{}, 0, nil
	}
	d, n, err := p.date(i + 1)
	if err != nil || n == 0 || d.relative {
		return dateResult{}, 0, err
	}
	return d, n + 1, nil
}

// dayNumber reads a one- or two-digit day of the month; in English also
// with an ordinal suffix ("25th"). Range is checked by the caller, so that
// "32 des" is an error and not a non-match.
func (p *parser) dayNumber(w string) (int, bool) {
	if p.en {
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if s, ok := strings.CutSuffix(w, suf); ok && s != "" {
				w = s
				break
			}
		}
	}
	return atoi(w, 2)
}

// upcoming is the first day/month on or after today, looking a few years
// ahead so that 29/2 finds the next leap year. A day/month that exists in
// no year (31/4, 30/2) is not found.
func (p *parser) upcoming(m, d int) (civil, bool) {
	for y := p.today.y; y <= p.today.y+8; y++ {
		if validDate(y, m, d) {
			if c := (civil{y, time.Month(m), d}); !c.before(p.today) {
				return c, true
			}
		}
	}
	return civil{}, false
}

// nextDayOfMonth is the first day-of-month d on or after today, skipping
// months that are too short (the next 31st after 5 April is 31 May).
func (p *parser) nextDayOfMonth(d int) (civil, bool) {
	if d < 1 || d > 31 {
		return civil{}, false
	}
	first := civil{p.today.y, p.today.m, 1}
	for k := 0; k <= 12; k++ {
		mc := first.addMonths(k)
		if d <= daysIn(mc.y, mc.m) {
			if c := (civil{mc.y, mc.m, d}); !c.before(p.today) {
				return c, true
			}
		}
	}
	return civil{}, false
}
