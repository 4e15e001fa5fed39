package storage

import (
	"sort"
	"time"
)

// Figures are one period of a seller's book, for the weekly summary and
// /ringkasan.
type Figures struct {
	From, To         time.Time
	NewProspects     int   // contacts added in the period
	InPlay           int   // prospects who could have bought in the period
	NewBuyers        int   // first purchase in the period (prospek -> konsumen)
	NewCustomers     int   // second purchase in the period (konsumen -> pelanggan)
	Sales            int   // number of sales
	Revenue          int64 // whole Rupiah
	RevenueReturning int64 // from buyers who had bought before the period
	RevenueNew       int64 // from buyers whose first purchase is in the period
	Top              []TopBuyer
	Overdue          int      // follow-ups due before the end of the period
	Reasons          []Reason // why buyers stopped and prospects fell through, most told first (all time)
}

// Reason is one answer to "why did they stop / not buy" and how often the
// seller gave it.
type Reason struct {
	Text  string
	Count int
}

// TopBuyer is one line of the period's best customers.
type TopBuyer struct {
	ContactID uint64
	Name      string
	Amount    int64
	Count     int
}

// ConversionPct is the share of prospects in play who bought, in percent
// (rounded down); -1 when there were none.
func (f Figures) ConversionPct() int {
	if f.InPlay == 0 {
		return -1
	}
	return f.NewBuyers * 100 / f.InPlay
}

// Empty reports a period with nothing recorded.
func (f Figures) Empty() bool {
	return f.NewProspects == 0 && f.Sales == 0 && f.NewBuyers == 0
}

// topBuyers is how many customers the summary names.
const topBuyers = 3

// WeekFigures computes the figures of [from, to) from the book's contacts and
// the sales in that period. It is a pure function of its inputs.
func WeekFigures(contacts []Contact, sales []Sale, from, to time.Time) Figures {
	f := Figures{From: from, To: to}
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }
	byID := make(map[uint64]Contact, len(contacts))
	for _, c := range contacts {
		byID[c.ID] = c
		if in(c.CreatedAt) {
			f.NewProspects++
		}
		if in(c.FirstSaleAt) {
			f.NewBuyers++
		}
		if in(c.SecondSaleAt) {
			f.NewCustomers++
		}
		wasProspect := c.CreatedAt.Before(to) && (c.Purchases == 0 || !c.FirstSaleAt.Before(from))
		lostBefore := c.Lost && c.LostAt.Before(from)
		if wasProspect && !lostBefore {
			f.InPlay++
		}
		if !c.DueAt.IsZero() && c.DueAt.Before(to) && !c.Lost {
			f.Overdue++
		}
	}
	f.Reasons = topReasons(contacts)
	top := map[uint64]*TopBuyer{}
	for _, s := range sales {
		if !in(s.At) {
			continue
		}
		f.Sales++
		f.Revenue += s.Amount
		c, ok := byID[s.ContactID]
		if ok && c.FirstSaleAt.Before(from) {
			f.RevenueReturning += s.Amount
		} else {
			f.RevenueNew += s.Amount
		}
		t := top[s.ContactID]
		if t == nil {
			t = &TopBuyer{ContactID: s.ContactID, Name: c.Name}
			top[s.ContactID] = t
		}
		t.Amount += s.Amount
		t.Count++
	}
	for _, t := range top {
		f.Top = append(f.Top, *t)
	}
	sort.Slice(f.Top, func(i, j int) bool {
		if f.Top[i].Amount != f.Top[j].Amount {
			return f.Top[i].Amount > f.Top[j].Amount
		}
		return f.Top[i].ContactID < f.Top[j].ContactID
	})
	if len(f.Top) > topBuyers {
		f.Top = f.Top[:topBuyers]
	}
	return f
}

// topReasons counts the reasons sellers recorded (case and spacing
// ignored), the three most frequent first.
func topReasons(contacts []Contact) []Reason {
	counts := map[string]*Reason{}
	for _, c := range contacts {
		for _, text := range []string{c.StopReason, c.LostReason} {
			key := NameKey(text)
			if key == "" {
				continue
			}
			if r := counts[key]; r != nil {
				r.Count++
			} else {
				counts[key] = &Reason{Text: text, Count: 1}
			}
		}
	}
	out := make([]Reason, 0, len(counts))
	for _, r := range counts {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Text < out[j].Text
	})
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// TwoWeeks computes the book's figures for [from, to) and for the week
// before it, [from-7d, from). The contacts are read and decoded once for
// both: they are most of the cost of a summary.
func (tx *Tx) TwoWeeks(from, to time.Time) (week, prev Figures, err error) {
	prevFrom := from.AddDate(0, 0, -7)
	contacts, err := tx.Contacts()
	if err != nil {
		return week, prev, err
	}
	sales, err := tx.Sales(prevFrom, to)
	if err != nil {
		return week, prev, err
	}
	// Sales come oldest first: the previous week's, then this week's.
	split := sort.Search(len(sales), func(i int) bool { return !sales[i].At.Before(from) })
	return WeekFigures(contacts, sales[split:], from, to), WeekFigures(contacts, sales[:split], prevFrom, from), nil
}

// WeekStart is 00:00 local of the first day of the week (starting on
// first) that contains t.
func WeekStart(t time.Time, loc *time.Location, first time.Weekday) time.Time {
	local := t.In(loc)
	back := (int(local.Weekday()) - int(first) + 7) % 7
	d := local.AddDate(0, 0, -back)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// LastWeek is the week just ended before a summary slot: the seven days
// before the slot's day.
func LastWeek(slot time.Time, loc *time.Location) (from, to time.Time) {
	local := slot.In(loc)
	to = time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	return to.AddDate(0, 0, -7), to
}
