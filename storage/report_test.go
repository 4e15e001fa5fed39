package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/salesbot/salesbot/storage"
)

func TestWeekFigures(t *testing.T) {
	mon := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	next := mon.AddDate(0, 0, 7)
	day := func(n int) time.Time { return mon.AddDate(0, 0, n).Add(10 * time.Hour) }
	contacts := []storage.Contact{
		// An old customer who bought again this week.
		{ID: 1, Name: "Bu Sari", CreatedAt: day(-30), FirstSaleAt: day(-30), SecondSaleAt: day(2), Purchases: 2},
		// A prospect from last week who bought this week.
		{ID: 2, Name: "Pak Joko", CreatedAt: day(-3), FirstSaleAt: day(1), Purchases: 1},
		// New this week, not bought.
		{ID: 3, Name: "Rina", CreatedAt: day(3), StopReason: "", LostReason: ""},
		// New this week and lost this week.
		{ID: 4, Name: "Ani", CreatedAt: day(0), Lost: true, LostAt: day(4), LostReason: "Harga mahal"},
		// Lost before the week: not in play.
		{ID: 5, Name: "Dedi", CreatedAt: day(-20), Lost: true, LostAt: day(-10), LostReason: "harga  MAHAL"},
		// A buyer who stopped, with a due follow-up.
		{ID: 6, Name: "Wati", CreatedAt: day(-200), FirstSaleAt: day(-200), Purchases: 1, StopReason: "pindah kota", DueAt: day(2)},
	}
	sales := []storage.Sale{
		{ContactID: 1, At: day(2), Amount: 500000},
		{ContactID: 2, At: day(1), Amount: 200000},
		{ContactID: 2, At: day(5), Amount: 100000},
		{ContactID: 1, At: day(-1), Amount: 999}, // last week
	}
	got := storage.WeekFigures(contacts, sales, mon, next)
	want := storage.Figures{NewProspects: 2, InPlay: 3, NewBuyers: 1, NewCustomers: 1, Sales: 3, Revenue: 800000,
		RevenueReturning: 500000, RevenueNew: 300000, Overdue: 1}
	if got.NewProspects != want.NewProspects || got.InPlay != want.InPlay || got.NewBuyers != want.NewBuyers ||
		got.NewCustomers != want.NewCustomers || got.Sales != want.Sales || got.Revenue != want.Revenue ||
		got.RevenueReturning != want.RevenueReturning || got.RevenueNew != want.RevenueNew || got.Overdue != want.Overdue {
		t.Errorf("figures = %+v\nwant %+v", got, want)
	}
	if got.ConversionPct() != 33 {
		t.Errorf("conversion = %d%%, want 33%%", got.ConversionPct())
	}
	if len(got.Top) != 2 || got.Top[0].Name != "Bu Sari" || got.Top[1].Amount != 300000 || got.Top[1].Count != 2 {
		t.Errorf("top = %+v", got.Top)
	}
	if len(got.Reasons) != 2 || got.Reasons[0].Count != 2 || got.Reasons[1].Text != "pindah kota" {
		t.Errorf("reasons = %+v", got.Reasons)
	}
	if empty := storage.WeekFigures(nil, nil, mon, next); !empty.Empty() || empty.ConversionPct() != -1 {
		t.Errorf("empty week = %+v", empty)
	}
}

func TestWeekStartAndLastWeek(t *testing.T) {
	wit, _ := time.LoadLocation("Asia/Jayapura")
	// Sunday 23:30 WIT is still in the week that began Monday the 16th.
	sun := time.Date(2026, 11, 22, 23, 30, 0, 0, wit)
	if got := storage.WeekStart(sun, wit, time.Monday); !got.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, wit)) {
		t.Errorf("WeekStart = %v", got)
	}
	from, to := storage.LastWeek(time.Date(2026, 11, 23, 8, 0, 0, 0, wit), wit)
	if !from.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, wit)) || !to.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, wit)) {
		t.Errorf("LastWeek = %v – %v", from, to)
	}
}

// TestTwoWeeksIsTwoSeparateWeeks: TwoWeeks reads the contacts once for both
// weeks; its figures must be those of each week computed on its own.
func TestTwoWeeksIsTwoSeparateWeeks(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(t.TempDir(), "db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wita, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 2, 23, 0, 0, 0, 0, wita) // Monday
	id := int64(0)
	for i := 0; i < 40; i++ {
		at := start.Add(time.Duration(i) * 11 * time.Hour)
		id++
		err := db.Apply(ctx, storage.Update{ID: id, SellerID: 1, ChatID: 1, At: at}, func(tx *storage.Tx) error {
			c, err := tx.AddContact(storage.Contact{Name: fmt.Sprintf("Kontak %d", i)})
			if err != nil || i%3 == 0 {
				return err
			}
			if _, _, err := tx.RecordSale(c.ID, int64(1000*(i+1)), "x"); err != nil {
				return err
			}
			if i%4 == 1 {
				_, _, err = tx.RecordSale(uint64(i/2+1), 500, "y")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	from, to := start.AddDate(0, 0, 7), start.AddDate(0, 0, 14)
	err = db.View(1, to, func(tx *storage.Tx) error {
		week, prev, err := tx.TwoWeeks(from, to)
		if err != nil {
			return err
		}
		contacts, err := tx.Contacts()
		if err != nil {
			return err
		}
		weekSales, err := tx.Sales(from, to)
		if err != nil {
			return err
		}
		prevSales, err := tx.Sales(start, from)
		if err != nil {
			return err
		}
		wantWeek := storage.WeekFigures(contacts, weekSales, from, to)
		wantPrev := storage.WeekFigures(contacts, prevSales, start, from)
		if fmt.Sprintf("%+v", week) != fmt.Sprintf("%+v", wantWeek) {
			t.Errorf("week\n got %+v\nwant %+v", week, wantWeek)
		}
		if fmt.Sprintf("%+v", prev) != fmt.Sprintf("%+v", wantPrev) {
			t.Errorf("previous week\n got %+v\nwant %+v", prev, wantPrev)
		}
		if week.Sales == 0 || prev.Sales == 0 {
			t.Errorf("no sales in one of the weeks: %d, %d", week.Sales, prev.Sales)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
