package when

import (
	"strings"
	"time"
	"unicode"

	"github.com/salesbot/salesbot/bot/input"
)

// token is one space-separated word of the input. raw and the byte offsets
// are kept so that the reminder message can be cut out of the original text
// untouched (sellers care about their capitalisation and emoji); w is the
// normalised form used for matching.
type token struct {
	raw        string
	w          string
	start, end int
}

// maxTokens bounds how far the reader looks. The longest form ("the day
// after tomorrow at 2:30 pm WIB") is eight words; the rest is message text
// and need not be split, however long the seller's message is.
const maxTokens = 16

// tokenize splits the start of text on Unicode white space, remembering
// offsets. At most maxTokens tokens are produced.
func tokenize(text string) []token {
	var toks []token
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				toks = append(toks, newToken(text, start, i))
				start = -1
				if len(toks) == maxTokens {
					return toks
				}
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		toks = append(toks, newToken(text, start, len(text)))
	}
	return toks
}

// apostrophes folds the typographic apostrophes that phone keyboards insert
// into "jum'at" so that one table entry matches all of them.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "`", "'")

func newToken(text string, start, end int) token {
	raw := text[start:end]
	w := apostrophes.Replace(strings.ToLower(raw))
	// Trailing punctuation belongs to the sentence, not the word: "besok,"
	// and "jam 9." must still read as "besok" and "jam 9".
	w = strings.TrimRight(w, ",;:!?.")
	return token{raw: raw, w: w, start: start, end: end}
}

// isSeparator reports whether a normalised word is pure punctuation that
// sellers put between the time and the message ("besok jam 9 - telepon").
func isSeparator(w string) bool {
	return strings.Trim(w, "-\u2013\u2014|>") == ""
}

// entry is a table value. en marks English-only words: Indonesian words are
// accepted in both languages because sellers mix, but English words are only
// read when the seller chose English, so an Indonesian message that happens
// to start with an English-looking word is not misread.
type entry struct {
	v  int
	en bool
}

func id(v int) entry { return entry{v: v} }
func en(v int) entry { return entry{v: v, en: true} }

var monthWords = map[string]entry{
	"januari": id(1), "jan": id(1), "january": en(1),
	"februari": id(2), "feb": id(2), "pebruari": id(2), "february": en(2),
	"maret": id(3), "mar": id(3), "march": en(3),
	"april": id(4), "apr": id(4),
	"mei": id(5), "may": en(5),
	"juni": id(6), "jun": id(6), "june": en(6),
	"juli": id(7), "jul": id(7), "july": en(7),
	"agustus": id(8), "agu": id(8), "agt": id(8), "ags": id(8), "agust": id(8), "august": en(8), "aug": en(8),
	"september": id(9), "sep": id(9), "sept": id(9),
	"oktober": id(10), "okt": id(10), "october": en(10), "oct": en(10),
	"november": id(11), "nov": id(11), "nopember": id(11),
	"desember": id(12), "des": id(12), "december": en(12), "dec": en(12),
}

var weekdayWords = map[string]entry{
	"senin": id(int(time.Monday)), "selasa": id(int(time.Tuesday)),
	"rabu": id(int(time.Wednesday)), "kamis": id(int(time.Thursday)),
	"jumat": id(int(time.Friday)), "jum'at": id(int(time.Friday)),
	"sabtu": id(int(time.Saturday)), "minggu": id(int(time.Sunday)),
	"ahad":   id(int(time.Sunday)),
	"monday": en(int(time.Monday)), "mon": en(int(time.Monday)),
	"tuesday": en(int(time.Tuesday)), "tue": en(int(time.Tuesday)), "tues": en(int(time.Tuesday)),
	"wednesday": en(int(time.Wednesday)), "wed": en(int(time.Wednesday)),
	"thursday": en(int(time.Thursday)), "thu": en(int(time.Thursday)), "thur": en(int(time.Thursday)), "thurs": en(int(time.Thursday)),
	"friday": en(int(time.Friday)), "fri": en(int(time.Friday)),
	"saturday": en(int(time.Saturday)), "sat": en(int(time.Saturday)),
	"sunday": en(int(time.Sunday)), "sun": en(int(time.Sunday)),
}

// numberWords are only read as quantities in durations ("dua hari lagi",
// "in an hour"), never as hours or days of the month, where digits are what
// sellers actually type.
var numberWords = map[string]entry{
	"satu": id(1), "dua": id(2), "tiga": id(3), "empat": id(4), "lima": id(5),
	"enam": id(6), "tujuh": id(7), "delapan": id(8), "sembilan": id(9),
	"sepuluh": id(10), "sebelas": id(11),
	"a": en(1), "an": en(1), "one": en(1), "two": en(2), "three": en(3),
	"four": en(4), "five": en(5), "six": en(6), "seven": en(7), "eight": en(8),
	"nine": en(9), "ten": en(10), "eleven": en(11), "twelve": en(12),
}

// unit is the kind of step a duration takes. Calendar units (day and up)
// land on a date and take the usual time-of-day rule; clock units (hour,
// minute) are counted from now exactly.
type unit int

const (
	uDay unit = iota + 1
	uWeek
	uMonth
	uYear
	uHour
	uMinute
)

var unitWords = map[string]entry{
	"hari": id(int(uDay)), "minggu": id(int(uWeek)), "pekan": id(int(uWeek)),
	"bulan": id(int(uMonth)), "tahun": id(int(uYear)),
	"jam": id(int(uHour)), "menit": id(int(uMinute)), "mnt": id(int(uMinute)),
	"day": en(int(uDay)), "days": en(int(uDay)),
	"week": en(int(uWeek)), "weeks": en(int(uWeek)),
	"month": en(int(uMonth)), "months": en(int(uMonth)),
	"year": en(int(uYear)), "years": en(int(uYear)),
	"hour": en(int(uHour)), "hours": en(int(uHour)), "hr": en(int(uHour)), "hrs": en(int(uHour)),
	"minute": en(int(uMinute)), "minutes": en(int(uMinute)), "min": en(int(uMinute)), "mins": en(int(uMinute)),
}

// seUnitWords are the Indonesian "one <unit>" contractions ("seminggu lagi").
var seUnitWords = map[string]entry{
	"sehari": id(int(uDay)), "seminggu": id(int(uWeek)), "sepekan": id(int(uWeek)),
	"sebulan": id(int(uMonth)), "setahun": id(int(uYear)), "sejam": id(int(uHour)),
	"semenit": id(int(uMinute)),
}

// clockWords introduce a time of day. "jam" is also the noun "watch", so a
// keyword only counts when a number follows it.
var clockWords = map[string]entry{
	"jam": id(1), "pukul": id(1), "pkl": id(1), "at": en(1),
}

// zones are the three Indonesian time zone abbreviations, from the one
// table of zone words (input.Zones). Sellers add them when talking to
// buyers across the archipelago ("jam 10 WIB"), so a seller in Makassar
// writing WIB means 11:00 their time.
var zones = func() map[string]*time.Location {
	m := map[string]*time.Location{}
	for _, z := range input.Zones {
		m[strings.ToLower(z.Abbrev)] = time.FixedZone(z.Abbrev, z.Offset)
	}
	return m
}()

// offset is a fixed step from today named by a word or phrase.
type offset struct {
	words  []string
	en     bool
	days   int
	months int
}

// offsetPhrases are the relative day words. The longest matching phrase
// wins, so "minggu depan" (next week) beats the weekday "minggu" (Sunday).
var offsetPhrases = []offset{
	{words: []string{"hari", "ini"}},
	{words: []string{"besok"}, days: 1},
	{words: []string{"bsk"}, days: 1},
	{words: []string{"lusa"}, days: 2},
	{words: []string{"minggu", "depan"}, days: 7},
	{words: []string{"pekan", "depan"}, days: 7},
	{words: []string{"bulan", "depan"}, months: 1},
	{words: []string{"tahun", "depan"}, months: 12},
	{words: []string{"today"}, en: true},
	{words: []string{"tomorrow"}, en: true, days: 1},
	{words: []string{"tmrw"}, en: true, days: 1},
	{words: []string{"day", "after", "tomorrow"}, en: true, days: 2},
	{words: []string{"the", "day", "after", "tomorrow"}, en: true, days: 2},
	{words: []string{"next", "week"}, en: true, days: 7},
	{words: []string{"next", "month"}, en: true, months: 1},
	{words: []string{"next", "year"}, en: true, months: 12},
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a run of at most maxLen ASCII digits; longer runs are refused
// so that no quantity can overflow the calendar arithmetic.
func atoi(s string, maxLen int) (int, bool) {
	if !isDigits(s) || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
