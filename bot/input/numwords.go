package input

import (
	"fmt"
	"strings"
)

// Indonesian number words, as read by ScanMoney (amounts) and ScanCount
// (quantities). Numbers below one thousand are written
//
//	satu dua tiga empat lima enam tujuh delapan sembilan   1..9
//	sepuluh sebelas, dua belas .. sembilan belas          10..19
//	dua puluh [lima] .. sembilan puluh [sembilan]         20..99
//	seratus [..], dua ratus [..] .. sembilan ratus [..]   100..999
//
// and larger ones add unit words: ribu (rb, k), juta (jt), miliar (milyar),
// triliun, with seribu, sejuta, semiliar and setriliun for one of them.

// wordKind is the role of a number word.
type wordKind uint8

const (
	wNone    wordKind = iota // not a number word
	wUnit                    // satu .. sembilan
	wTens                    // sepuluh, sebelas: a complete number below 100
	wHundred                 // seratus
	wBelas                   // belas: unit + 10
	wPuluh                   // puluh: unit × 10
	wRatus                   // ratus: unit × 100
	wScale                   // ribu, rb, k, juta, jt, miliar, milyar, triliun
	wSeScale                 // seribu, sejuta, semiliar, semilyar, setriliun
	wHalf                    // setengah
)

// numWord is one token read as a number word.
type numWord struct {
	kind wordKind
	val  int64 // wUnit: 1..9; wTens: 10 or 11
	exp  int   // wScale, wSeScale: power of ten
	end  bool  // sentence punctuation followed the word: nothing more belongs to the number
}

// maxWordLen bounds the tokens worth lower-casing: the longest number word
// is "setriliun".
const maxWordLen = 16

// numberWord returns the number word w (lower case, no punctuation).
func numberWord(w string) (numWord, bool) {
	switch w {
	case "satu":
		return numWord{kind: wUnit, val: 1}, true
	case "dua":
		return numWord{kind: wUnit, val: 2}, true
	case "tiga":
		return numWord{kind: wUnit, val: 3}, true
	case "empat":
		return numWord{kind: wUnit, val: 4}, true
	case "lima":
		return numWord{kind: wUnit, val: 5}, true
	case "enam":
		return numWord{kind: wUnit, val: 6}, true
	case "tujuh":
		return numWord{kind: wUnit, val: 7}, true
	case "delapan":
		return numWord{kind: wUnit, val: 8}, true
	case "sembilan":
		return numWord{kind: wUnit, val: 9}, true
	case "sepuluh":
		return numWord{kind: wTens, val: 10}, true
	case "sebelas":
		return numWord{kind: wTens, val: 11}, true
	case "seratus":
		return numWord{kind: wHundred}, true
	case "belas":
		return numWord{kind: wBelas}, true
	case "puluh":
		return numWord{kind: wPuluh}, true
	case "ratus":
		return numWord{kind: wRatus}, true
	case "seribu":
		return numWord{kind: wSeScale, exp: 3}, true
	case "sejuta":
		return numWord{kind: wSeScale, exp: 6}, true
	case "semiliar":
		return numWord{kind: wSeScale, exp: 9}, true
	case "semilyar":
		return numWord{kind: wSeScale, exp: 9}, true
	case "setriliun":
		return numWord{kind: wSeScale, exp: 12}, true
	case "setengah":
		return numWord{kind: wHalf}, true
	}
	return numWord{}, false
}

// lowerToken lower-cases a token without surrounding white space.
func lowerToken(tok string) string { return strings.ToLower(strings.TrimSpace(tok)) }

// lexWord classifies a token as a number word, case-insensitively. Trailing
// sentence punctuation is allowed and sets end, except for a single '.'
// after rb, jt or k (an abbreviation mark). Unit words are exactly those of
// unitExponent.
func lexWord(tok string) numWord {
	tok = strings.TrimSpace(tok)
	word := strings.TrimRight(tok, ",;:!?.")
	if len(word) > maxWordLen {
		return numWord{}
	}
	s := strings.ToLower(word) + tok[len(word):] // the punctuation is ASCII
	core := strings.TrimRight(s, ",;:!?")
	core = strings.TrimSuffix(core, ".")
	punct := s[len(core):]
	end := punct != "" && !(punct == "." && isUnitAbbrev(core))
	if e, ok := unitExponent(s); ok {
		return numWord{kind: wScale, exp: e, end: end}
	}
	w, ok := numberWord(core)
	if !ok {
		return numWord{}
	}
	w.end = end
	return w
}

// wordReader walks number words in tokens, stopping after a word that ends
// the sentence. The token at leadAt (if >= 0) is a digit standing for the
// unit word lead ("2" in "2 ratus ribu").
type wordReader struct {
	tokens []string
	k      int
	ended  bool
	leadAt int
	lead   int64
}

func (r *wordReader) at(k int) numWord {
	if k < 0 || k >= len(r.tokens) {
		return numWord{}
	}
	if k == r.leadAt {
		return numWord{kind: wUnit, val: r.lead}
	}
	return lexWord(r.tokens[k])
}

// peek returns the next word, or wNone at the end of the number.
func (r *wordReader) peek() numWord { return r.peekAt(0) }

// peekAt returns the word d tokens after the next one, or wNone when the
// number ends before it.
func (r *wordReader) peekAt(d int) numWord {
	if r.ended {
		return numWord{}
	}
	for x := 0; x < d; x++ {
		if r.at(r.k + x).end {
			return numWord{}
		}
	}
	return r.at(r.k + d)
}

func (r *wordReader) take(w numWord) {
	r.k++
	r.ended = w.end
}

// readGroup reads a number from 1 to 999 in words. found is false, with
// nothing read, when the next word does not start one. bad reports a
// malformed number ("satu belas", "ratus", "seratus seratus", "dua tiga"),
// with the reader past the offending word.
func readGroup(r *wordReader) (v int64, found, bad bool) {
	switch w := r.peek(); w.kind {
	case wHundred:
		r.take(w)
		v = 100
	case wUnit:
		if nx := r.peekAt(1); nx.kind == wRatus {
			r.take(w)
			r.take(nx)
			v = w.val * 100 // "satu ratus" is accepted as "seratus"
		}
	case wBelas, wPuluh, wRatus:
		r.take(w)
		return 0, true, true
	}
	t, tFound, tBad := readTens(r)
	if tBad {
		return 0, true, true
	}
	if v == 0 && !tFound {
		return 0, false, false
	}
	v += t
	// Nothing but a unit word or setengah may follow a complete group.
	switch nx := r.peek(); nx.kind {
	case wUnit, wTens, wHundred, wBelas, wPuluh, wRatus:
		r.take(nx)
		return 0, true, true
	}
	return v, true, false
}

// readTens reads a number from 1 to 99 in words (the part of a group after
// the hundreds).
func readTens(r *wordReader) (v int64, found, bad bool) {
	w := r.peek()
	switch w.kind {
	case wTens:
		r.take(w)
		return w.val, true, false
	case wUnit:
		r.take(w)
		switch nx := r.peek(); nx.kind {
		case wBelas:
			r.take(nx)
			return 10 + w.val, true, w.val == 1 // "satu belas" is not a number
		case wPuluh:
			r.take(nx)
			v = w.val * 10
			if u := r.peek(); u.kind == wUnit {
				r.take(u)
				v += u.val
			}
			return v, true, w.val == 1 // nor is "satu puluh"
		}
		return w.val, true, false
	case wBelas, wPuluh, wRatus:
		r.take(w)
		return 0, true, true
	}
	return 0, false, false
}

// readWordPart reads one part of an amount in words:
//
//	sejuta                            se- unit word
//	setengah juta                     half a unit
//	dua ratus ribu                    group and unit
//	satu setengah juta                group, setengah and unit
//	lima ratus                        group alone (exp == 0)
//
// found and bad are as for readGroup.
func readWordPart(r *wordReader) (pt part, found, bad bool) {
	switch w := r.peek(); w.kind {
	case wSeScale:
		r.take(w)
		return part{value: pow10(w.exp), exp: w.exp}, true, false
	case wHalf:
		r.take(w)
		sc := r.peek()
		if sc.kind != wScale {
			return part{}, true, true
		}
		r.take(sc)
		return part{value: pow10(sc.exp) / 2, exp: sc.exp, half: true}, true, false
	}
	g, found, bad := readGroup(r)
	if !found || bad {
		return part{}, found, bad
	}
	if h := r.peek(); h.kind == wHalf {
		if sc := r.peekAt(1); sc.kind == wScale {
			r.take(h)
			r.take(sc)
			return part{value: g*pow10(sc.exp) + pow10(sc.exp)/2, exp: sc.exp, half: true}, true, false
		}
		return part{value: g}, true, false // a dangling setengah: the caller decides
	}
	if sc := r.peek(); sc.kind == wScale {
		r.take(sc)
		return part{value: g * pow10(sc.exp), exp: sc.exp}, true, false
	}
	return part{value: g}, true, false
}

// maxRunWords bounds how far wordRun looks: the longest amount in words,
// "sembilan ratus sembilan puluh sembilan triliun ... sembilan ratus
// sembilan puluh sembilan", has 29 tokens. The bound keeps a caller that
// scans every token of a message full of number words linear.
const maxRunWords = 32

// wordRun returns the index after the run of number words starting at
// tokens[p] (stopping after a word that ends the sentence, and after at
// most maxRunWords words) and whether the run has a unit word in it.
func wordRun(tokens []string, p int) (end int, hasScale bool) {
	for end = p; end < len(tokens) && end-p < maxRunWords; {
		w := lexWord(tokens[end])
		if w.kind == wNone {
			break
		}
		end++
		hasScale = hasScale || w.kind == wScale || w.kind == wSeScale
		if w.end {
			break
		}
	}
	return end, hasScale
}

func (s *moneyScan) reader(p int) wordReader {
	return wordReader{tokens: s.tokens, k: p, leadAt: -1}
}

// fail reports an unreadable amount whose tokens run up to tokens[k-1] and
// on over any number words right after them, so that none of them is left
// for a name. It sets s.p to the end.
func (s *moneyScan) fail(k int, why string) error {
	if k > s.start && k <= len(s.tokens) {
		prev := strings.TrimSpace(s.tokens[k-1])
		if prev == "" || !strings.ContainsAny(prev[len(prev)-1:], ",;:!?.") {
			k, _ = wordRun(s.tokens, k)
		}
	}
	k = min(max(k, s.start+1), len(s.tokens))
	s.p = k
	return fmt.Errorf("read amount %s: %s: %w",
		quote(strings.Join(s.tokens[s.start:k], " ")), why, ErrMoneyUnreadable)
}

// scanWords is ScanMoney for an amount starting with a number word at
// tokens[j] (after any "Rp" at tokens[s.start]).
func (s *moneyScan) scanWords(j int, prefixed bool) (int64, int, bool, error) {
	first := lexWord(s.tokens[j])
	if first.kind == wNone {
		return 0, 0, false, nil
	}
	end, hasScale := wordRun(s.tokens, j)
	if first.kind == wScale {
		// A unit word is not a number ("ribu kerudung", "k"), but one
		// followed by number words is a garbled amount ("ribu lima").
		if end == j+1 || lowerToken(s.tokens[j]) == "k" {
			return 0, 0, false, nil
		}
		err := s.fail(j+1, "unit word before the number")
		return 0, s.p - s.start, true, err
	}
	if !hasScale {
		if !prefixed {
			return 0, 0, false, nil // "lima", "dua puluh": a quantity
		}
		err := s.fail(end, "number words need ribu, juta or miliar (or write digits)")
		return 0, s.p - s.start, true, err
	}
	r := s.reader(j)
	pt, _, bad := readWordPart(&r)
	if bad {
		err := s.fail(r.k, "malformed number words")
		return 0, s.p - s.start, true, err
	}
	if pt.exp == 0 {
		err := s.fail(r.k, "number words without ribu, juta or miliar")
		return 0, s.p - s.start, true, err
	}
	pt.next, pt.end = r.k, r.ended
	s.words = true
	s.begin(pt)
	if err := s.more(); err != nil {
		return 0, s.p - s.start, true, err
	}
	return s.result(false)
}

// leadPart reads a part whose first word is written as the digit lead at
// tokens[p] ("2 ratus ribu", "5 puluh rb", "2 ratus"). Only words may
// follow the digit.
func (s *moneyScan) leadPart(p int, lead int64) (part, bool, error) {
	r := wordReader{tokens: s.tokens, k: p, leadAt: p, lead: lead}
	pt, _, bad := readWordPart(&r)
	if bad {
		err := s.fail(r.k, "malformed number")
		return part{next: s.p}, true, err
	}
	pt.next, pt.end = r.k, r.ended
	if !pt.end && pt.next < len(s.tokens) {
		if t := lowerToken(s.tokens[pt.next]); t != "" && isASCIIDigit(t[0]) {
			// "2 ratus 50 ribu": digits and words mixed in one number.
			err := s.fail(pt.next+1, "digits and words mixed in one number")
			return part{next: s.p}, true, err
		}
	}
	// Without a unit this is an amount of rupiah when it comes first ("2
	// ratus") and otherwise a tail that more may accept ("2 ribu 5 ratus").
	return pt, true, nil
}

// more reads what may follow a part with a unit: parts with smaller units
// ("1 juta" "200 ribu"), hundreds after ribu ("seribu" "lima ratus") and a
// half after a single part ("sejuta" "setengah"). It stops at the first
// token that does not continue the amount and reports a token that
// contradicts it.
func (s *moneyScan) more() error {
	for s.exp > 0 && !s.ended && s.p < len(s.tokens) {
		tok := s.tokens[s.p]
		low := lowerToken(tok)
		if low != "" && isASCIIDigit(low[0]) {
			pt, found, err := s.digitPart(s.p, low, false, false)
			switch {
			case err != nil:
				s.p = max(s.p, pt.next)
				return err
			case !found:
				return nil // "350rb 2 pcs": a quantity, not part of the amount
			case pt.exp == 0:
				if !s.tailOK(pt) {
					if s.words {
						return s.fail(pt.next, "number without a unit after the amount")
					}
					return nil
				}
				s.addTail(pt)
				continue
			}
			if err := s.addPart(pt); err != nil {
				return err
			}
			continue
		}
		w := lexWord(tok)
		switch w.kind {
		case wNone:
			return nil
		case wScale:
			return s.fail(s.p+1, "two unit words")
		case wHalf:
			r := s.reader(s.p)
			if r.peekAt(1).kind != wScale {
				// "sejuta setengah", "2 juta setengah": and a half.
				if s.parts > 1 || s.frac {
					return s.fail(s.p+1, "setengah after a compound or decimal amount")
				}
				s.total += pow10(s.exp) / 2
				s.frac = true
				s.p++
				s.ended = w.end
				continue
			}
		}
		r := s.reader(s.p)
		pt, _, bad := readWordPart(&r)
		if bad {
			if _, hasScale := wordRun(s.tokens, s.p); s.words || hasScale {
				return s.fail(r.k, "malformed number words")
			}
			return nil // "50rb dua tiga kerudung"
		}
		pt.next, pt.end = r.k, r.ended
		if pt.exp == 0 {
			if !s.tailOK(pt) {
				if s.words {
					return s.fail(pt.next, "ambiguous number words after the amount")
				}
				return nil // "50rb dua kerudung"
			}
			s.addTail(pt)
			continue
		}
		if err := s.addPart(pt); err != nil {
			return err
		}
	}
	// Nothing in words may follow a complete amount in words
	// ("seribu lima ratus dua").
	if s.words && !s.ended && s.p < len(s.tokens) && lexWord(s.tokens[s.p]).kind != wNone {
		return s.fail(s.p+1, "number words after the amount")
	}
	return nil
}

// tailOK reports whether the unit-less group pt may end the amount: only
// hundreds right after a whole number of ribu ("seribu lima ratus").
// "sejuta lima ratus" (1.000.500 or 1.500.000?) and "dua ribu lima" (2.005
// or 2.500?) are ambiguous.
func (s *moneyScan) tailOK(pt part) bool {
	return s.exp == 3 && !s.frac && pt.value >= 100 && pt.value < 1000
}

func (s *moneyScan) addTail(pt part) {
	s.total += pt.value
	s.exp, s.parts = 0, s.parts+1
	s.p, s.ended = pt.next, pt.end
}

// addPart adds a part with a unit after the parts read so far.
func (s *moneyScan) addPart(pt part) error {
	switch {
	case s.frac:
		return s.fail(pt.next, "a part after a decimal or setengah")
	case pt.half:
		return s.fail(pt.next, "setengah in a compound amount")
	case pt.exp >= s.exp:
		return s.fail(pt.next, "units must get smaller")
	case pt.value >= pow10(s.exp):
		return s.fail(pt.next, "part too large for its place")
	}
	s.total += pt.value
	s.exp, s.frac, s.parts = pt.exp, pt.frac, s.parts+1
	s.p, s.ended = pt.next, pt.end
	return nil
}

// Count is a quantity of items read by ScanCount.
type Count struct {
	// N is the number of items, 1..9999.
	N int64
	// Times reports that the count was written with an x multiplier
	// ("3x", "x3", "3 x"), as in "3x 50rb".
	Times bool
}

// MaxCount is the largest quantity ScanCount reads.
const MaxCount = 9999

// ScanCount tries to read a small whole quantity, 1..MaxCount, at tokens[i]
// as sellers write quantities; used is the number of tokens consumed.
// Accepted, case-insensitively:
//
//	2, 12                 digits, without separators or a leading zero
//	3x, x3, 3 x           with an x multiplier (Times is true); "×" too
//	dua, sepuluh, sebelas, dua belas, dua puluh, tiga puluh lima,
//	seratus, dua ratus lima puluh
//	                      number words below 1000 (see ScanMoney)
//	dua x                 number words with a separate x (Times)
//	selusin, sekodi       a dozen (12) and a kodi (20), the market units
//	2 lusin, dua kodi     a number of dozens or kodi (24, 40)
//	setengah lusin        half a dozen (6); setengah kodi is 10
//
// Trailing sentence punctuation ("2,") is allowed and ends the count.
// Tokens that ScanMoney reads as an amount with a unit are not a count
// ("2 jt", "dua ribu", "2 ratus ribu", "seratus rb"), nor are "25rb", "Rp2",
// "2.500", "2,5", "0812...", "001", "0", "#7", "3x5", "2pcs" (units such as
// pcs or buah are left to the caller), "se" or a number followed by
// "setengah" ("2 setengah kg" is not whole). Number words that do not make
// one number ("dua tiga") are not a count either. ok is false, with used
// == 0, when tokens[i] does not start a count.
func ScanCount(tokens []string, i int) (c Count, used int, ok bool) {
	if i < 0 || i >= len(tokens) {
		return Count{}, 0, false
	}
	tok := strings.TrimSpace(tokens[i])
	if len(tok) > maxWordLen {
		return Count{}, 0, false
	}
	tok = strings.ReplaceAll(strings.ToLower(tok), "×", "x")
	core := strings.TrimRight(tok, ",;:!?.")
	end := core != tok
	var n int64
	plain := false // digits or words that may take lusin, kodi or a separate x
	switch {
	case core == "":
		return Count{}, 0, false
	case isASCIIDigit(core[0]) || core[0] == 'x':
		digits := core
		if d, cut := strings.CutSuffix(digits, "x"); cut {
			digits, c.Times = d, true
		} else if d, cut := strings.CutPrefix(digits, "x"); cut {
			digits, c.Times = d, true
		}
		if !allDigits(digits) || len(digits) > 4 || digits[0] == '0' {
			return Count{}, 0, false
		}
		for k := 0; k < len(digits); k++ {
			n = n*10 + int64(digits[k]-'0')
		}
		used, plain = 1, !c.Times
	case core == "selusin":
		n, used = 12, 1
	case core == "sekodi":
		n, used = 20, 1
	case core == "setengah":
		if end || i+1 >= len(tokens) {
			return Count{}, 0, false
		}
		switch u := countUnit(tokens[i+1]); u.size {
		case 12, 20:
			n, used, end = u.size/2, 2, u.end
		default:
			return Count{}, 0, false
		}
	default:
		r := wordReader{tokens: tokens, k: i, leadAt: -1}
		g, found, bad := readGroup(&r)
		if !found || bad {
			return Count{}, 0, false
		}
		n, used, end, plain = g, r.k-i, r.ended, true
	}
	next := func() string {
		if end || i+used >= len(tokens) {
			return ""
		}
		return tokens[i+used]
	}
	if plain {
		switch u := countUnit(next()); {
		case u.size > 0:
			n, used, end = n*u.size, used+1, u.end // "2 lusin"
		case u.x:
			c.Times, used, end = true, used+1, u.end // "3 x"
		}
	}
	if lexWord(next()).kind == wHalf {
		return Count{}, 0, false // "2 setengah kg", "selusin setengah"
	}
	if n < 1 || n > MaxCount {
		return Count{}, 0, false
	}
	if _, mn, mok, _ := ScanMoney(tokens, i); mok && mn > 1 {
		return Count{}, 0, false // "2 jt", "dua ribu": an amount
	}
	c.N = n
	return c, used, true
}

// countWord is a token that may follow a count: a market unit or an x.
type countWord struct {
	size int64 // 12 for lusin, 20 for kodi, else 0
	x    bool  // a lone "x" (or "×")
	end  bool  // sentence punctuation after it
}

func countUnit(tok string) countWord {
	tok = strings.TrimSpace(tok)
	if tok == "" || len(tok) > maxWordLen {
		return countWord{}
	}
	s := strings.ToLower(tok)
	core := strings.TrimRight(s, ",;:!?.")
	w := countWord{end: core != s}
	switch core {
	case "lusin":
		w.size = 12
	case "kodi":
		w.size = 20
	case "x", "×":
		w.x = true
	default:
		return countWord{}
	}
	return w
}
