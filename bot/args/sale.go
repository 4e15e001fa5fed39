package args

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/salesbot/salesbot/bot/input"
)

// Sale is "/jual NAMA [JUMLAH_BARANG] [produk] HARGA [produk]" as read.
type Sale struct {
	Name      string // as typed: resolve it with Resolve ("#7" too)
	Qty       int64  // pieces; 1 when not written
	Item      string // what was sold; "" when not written
	Amount    int64  // the total, whole Rupiah
	UnitPrice int64  // the price of one piece when the seller wrote it (@25rb, 25rb/pcs, 3x 20rb)
	// Small: the only amount was a bare number under 1.000 ("350"): ask
	// whether Rp350.000 or Rp350 was meant before writing anything.
	Small bool
}

// maxNameWords bounds how long a name can run before the amount.
const maxNameWords = 10

// unitWords are what sellers write after a quantity for "pieces"; they are
// not the product's name.
var unitWords = map[string]bool{"pcs": true, "pc": true, "biji": true, "buah": true, "bh": true, "item": true, "x": true}

// priceWords come before an amount and are not the product: "2 kerudung
// total 150rb", "harga 25rb".
var priceWords = map[string]bool{"total": true, "tot": true, "harga": true, "hrg": true, "=": true, "senilai": true,
	"sebesar": true, "seharga": true, "jadi": true}

// ParseSale reads a sale. The amount is what reads as money: a unit (rb,
// ribu, k, jt, juta, miliar), a Rupiah form (Rp, thousands separators) or
// number words ("seratus ribu"); failing that a bare number (>= 1.000 is
// taken as it is, a smaller one is asked about: Small). A small number
// before a word is a quantity ("2 kerudung", "3 pcs", "3x"). "@25rb",
// "25rb/pcs", "25rb per pcs" and "3x 20rb" are unit prices, multiplied by
// the quantity. The name is the longest run of words that is a contact in
// the book, else the words before the quantity or amount (a contact they
// fit by prefix or closeness ends there; the rest is the product).
func ParseSale(toks []string, b Book) (Sale, error) {
	toks = splitUnitPrices(toks)
	if len(toks) == 0 {
		return Sale{}, missing(PartName, Sale{})
	}
	if _, ok := input.ParseShortNumber(toks[0]); ok {
		return saleTail(toks[0], toks[1:])
	}
	// The longest exact name, unless the next word carries the name on
	// ("Bu Sari Dewi 2", "Pak Budi Santoso"): then it is another name.
	for k := min(len(toks), maxNameWords); k >= 1; k-- {
		if _, ok := b.Exact(join(toks[:k])); ok && !continuesName(toks, k) {
			return saleTail(join(toks[:k]), toks[k:])
		}
	}
	// Otherwise the name ends where the quantity or the amount begins.
	end := len(toks)
	if am, found := findAmount(toks, 1); found {
		end = am.at
		if am.at > 1 && (toks[am.at-1] == "@" || lower(toks[am.at-1]) == "x") {
			end--
		}
	}
	if q, ok := findCount(toks, 1, end); ok {
		end = q
	}
	region := toks[:end]
	if len(region) == 0 {
		return Sale{}, missing(PartName, Sale{})
	}
	for i, tok := range region {
		if i > 0 && isSeparator(tok) {
			return saleTail(join(region[:i]), toks[i+1:])
		}
		if w, ok := cutName(tok); ok && i < len(region)-1 {
			name := append(append([]string(nil), region[:i]...), w)
			return saleTail(join(name), toks[i+1:])
		}
	}
	// A contact the first words name directly, followed by the product.
	for k := len(region) - 1; k >= 1; k-- {
		if r := Resolve(join(region[:k]), b); (r.Found || len(r.Choices) > 0 && !r.Close) && !continuesName(toks, k) {
			return saleTail(join(region[:k]), toks[k:])
		}
	}
	return saleTail(join(region), toks[len(region):])
}

// continuesName reports whether toks[i] reads as more of a name than as
// what follows one: a number that is neither a quantity nor money ("2" in
// "Warung Bu Tini 2 50rb") or a capitalised word ("Santoso"). Products are
// written in lower case far more often than names are.
func continuesName(toks []string, i int) bool {
	if i >= len(toks) {
		return false
	}
	tok := toks[i]
	if c, n, ok := input.ScanCount(toks, i); ok && (c.Times || wordAfter(toks, i+n)) {
		return false
	}
	if isDigits(tok) {
		_, more := findAmount(toks, i+1)
		return more
	}
	if _, _, ok, _ := input.ScanMoney(toks, i); ok || strings.HasPrefix(tok, "@") || isSeparator(tok) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsUpper(r)
}

// saleTail reads what follows the name: quantity, product and amount in any
// order.
func saleTail(name string, rest []string) (Sale, error) {
	s := Sale{Name: name, Qty: 1}
	if strings.TrimSpace(name) == "" {
		return s, missing(PartName, s)
	}
	am, found := findAmount(rest, 0)
	if am.err != nil {
		return s, unclear(PartAmount, join(rest[am.at:am.at+am.n]), am.err)
	}
	used := make([]bool, len(rest))
	times := false
	if found {
		for i := am.at; i < am.at+am.n; i++ {
			used[i] = true
		}
		if am.at > 0 && (rest[am.at-1] == "x" || rest[am.at-1] == "X" || rest[am.at-1] == "@") {
			used[am.at-1], times = true, true
		} else if am.at > 0 && priceWords[lower(rest[am.at-1])] {
			used[am.at-1] = true
		}
	}
	// The quantity: the first count before a word or a price.
	for i := 0; i < len(rest); i++ {
		if used[i] {
			continue
		}
		c, n, ok := input.ScanCount(rest, i)
		if !ok || !(c.Times || wordAfter(rest, i+n)) {
			continue
		}
		s.Qty, times = c.N, times || c.Times
		for j := i; j < i+n; j++ {
			used[j] = true
		}
		if i+n < len(rest) && unitWords[lower(rest[i+n])] && !used[i+n] {
			used[i+n] = true
		}
		break
	}
	var item []string
	for i, tok := range rest {
		if !used[i] {
			item = append(item, tok)
		}
	}
	text, err := cleanText(PartNote, join(item))
	if err != nil {
		return s, err
	}
	s.Item = text
	if !found {
		return s, missing(PartAmount, s)
	}
	s.Small = am.bare && am.amount < 1000
	if am.unit || times {
		if s.Qty > input.MaxAmount/am.amount {
			return s, unclear(PartAmount, join(rest[am.at:am.at+am.n]), input.ErrMoneyTooLarge)
		}
		s.UnitPrice, s.Amount = am.amount, am.amount*s.Qty
	} else {
		s.Amount = am.amount
	}
	return s, nil
}

// WithAmount finishes a sale that was missing its amount with the answer to
// the question (the same readers as the command).
func (s Sale) WithAmount(answer []string) (Sale, error) {
	answer = splitUnitPrices(answer)
	if err := CheckAmount(answer); err != nil {
		return s, err
	}
	full, err := saleTail(s.Name, append(answer, strings.Fields(s.Item)...))
	if err != nil {
		return s, err
	}
	if s.Qty > 1 && full.Qty == 1 {
		full.Qty = s.Qty
		if full.UnitPrice > 0 {
			full.Amount = full.UnitPrice * full.Qty
		}
	}
	return full, nil
}

// CheckAmount reports whether an answer holds an amount the sale readers
// take, with the unclear part when not (the question of /jual typed
// without details).
func CheckAmount(answer []string) error {
	answer = splitUnitPrices(answer)
	am, found := findAmount(answer, 0)
	switch {
	case am.err != nil:
		return unclear(PartAmount, join(answer[am.at:am.at+am.n]), am.err)
	case !found:
		return unclear(PartAmount, join(answer), input.ErrMoneyUnreadable)
	}
	return nil
}

// amountAt is where the amount is in a run of tokens.
type amountAt struct {
	at, n  int
	amount int64
	unit   bool // a price per piece
	bare   bool // digits only, no unit or separator
	err    error
}

// findAmount picks the amount among toks[from:]: the last that is written
// as money (unit, Rp, separators, words, @), else the last bare number of
// 1.000 or more, else the last small bare number. An amount that is
// written as money but refused (zero, too large, unreadable) is returned
// with its error, so the seller is told about it, not given a new contact.
func findAmount(toks []string, from int) (amountAt, bool) {
	var money, refused, big, small *amountAt
	for i := from; i < len(toks); i++ {
		tok := toks[i]
		if tok == "@" || tok == "x" || tok == "X" {
			continue
		}
		if _, _, isCount := input.ScanCount(toks, i); isCount && !isDigits(tok) {
			continue // "3x", "x3", "dua": a quantity
		}
		probe := append([]string{strings.TrimPrefix(tok, "@")}, toks[i+1:]...)
		v, n, ok, err := input.ScanMoney(probe, 0)
		if !ok {
			continue // "0812" and friends are not money (ScanMoney says so)
		}
		a := amountAt{at: i, n: n, amount: v, err: err,
			unit: strings.HasPrefix(tok, "@") || (i > 0 && toks[i-1] == "@")}
		// "25rb / pcs", "25rb per pcs", "25rb/pcs" (split by splitUnitPrices).
		if next := i + n; next+1 < len(toks) && (toks[next] == "/" || lower(toks[next]) == "per") {
			a.unit = true
			a.n += 2
		}
		switch {
		case err != nil:
			if refused == nil {
				refused = &a
			}
		case isDigits(tok) && n == 1:
			a.bare = true
			if v >= 1000 {
				big = &a
			} else {
				small = &a
			}
		default:
			money = &a
		}
		i += a.n - 1
	}
	for _, a := range []*amountAt{money, refused, big, small} {
		if a != nil {
			return *a, true
		}
	}
	return amountAt{}, false
}

// findCount is the first quantity in toks[from:end] that comes before a
// word or a price: where a name ends.
func findCount(toks []string, from, end int) (int, bool) {
	for i := from; i < end; i++ {
		c, n, ok := input.ScanCount(toks, i)
		if ok && (c.Times || (i+n < end && wordAfter(toks, i+n))) {
			return i, true
		}
	}
	return 0, false
}

// wordAfter reports a product word (not a number, not money) at toks[i].
func wordAfter(toks []string, i int) bool {
	if i >= len(toks) {
		return false
	}
	t := toks[i]
	if strings.HasPrefix(t, "@") || isSeparator(t) {
		return i+1 < len(toks) || strings.HasPrefix(t, "@")
	}
	if _, _, ok, _ := input.ScanMoney(toks, i); ok {
		return false
	}
	return !isDigits(t)
}

// splitUnitPrices separates "25rb/pcs" into "25rb", "/", "pcs" and a
// quantity glued to its unit, "2pcs", into "2", "pcs"; "@ 25rb" stays two
// tokens (findAmount joins them).
func splitUnitPrices(toks []string) []string {
	var out []string
	for _, t := range toks {
		if n := digitRun(t); n > 0 && n < len(t) && unitWords[lower(t[n:])] && t[0] != '0' {
			out = append(out, t[:n], t[n:])
			continue
		}
		if before, after, ok := strings.Cut(t, "/"); ok && before != "" && after != "" && !strings.ContainsAny(after, "0123456789/") {
			if _, _, isMoney, _ := input.ScanMoney([]string{strings.TrimPrefix(before, "@")}, 0); isMoney {
				out = append(out, before, "/", after)
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// digitRun is how many ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
