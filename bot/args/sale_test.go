package args

import (
	"testing"

	"github.com/salesbot/salesbot/bot/input"
)

func TestParseSale(t *testing.T) {
	for _, tc := range []struct {
		in     string
		name   string
		qty    int64
		item   string
		amount int64
		unit   int64
		small  bool
		miss   Part // a Missing part
		bad    Part // an unclear part
	}{
		// The documented form and every money form.
		{in: "Bu Sari 350rb kerudung", name: "Bu Sari", item: "kerudung", amount: 350000},
		{in: "bu sari 1,5jt gamis", name: "bu sari", item: "gamis", amount: 1500000},
		{in: "#1 Rp 1.250.000", name: "#1", amount: 1250000},
		{in: "Bu Sari Rp350.000,-", name: "Bu Sari", amount: 350000},
		{in: "Bu Sari 350.000", name: "Bu Sari", amount: 350000},
		{in: "Bu Sari 350000", name: "Bu Sari", amount: 350000},
		{in: "Bu Sari 350 ribu", name: "Bu Sari", amount: 350000},
		{in: "Bu Sari 2 juta", name: "Bu Sari", amount: 2000000},
		{in: "Bu Sari 50k", name: "Bu Sari", amount: 50000},
		// Quantities and unit prices.
		{in: "Bu Sari 2 kerudung 150rb", name: "Bu Sari", qty: 2, item: "kerudung", amount: 150000},
		{in: "Bu Sari 2 pcs keripik @25rb", name: "Bu Sari", qty: 2, item: "keripik", amount: 50000, unit: 25000},
		{in: "Bu Sari keripik 2 @25rb", name: "Bu Sari", qty: 2, item: "keripik", amount: 50000, unit: 25000},
		{in: "Bu Sari 3x 20rb", name: "Bu Sari", qty: 3, amount: 60000, unit: 20000},
		{in: "Bu Sari 3 x 20rb kaos", name: "Bu Sari", qty: 3, item: "kaos", amount: 60000, unit: 20000},
		{in: "Bu Sari 4 kaos 25rb/pcs", name: "Bu Sari", qty: 4, item: "kaos", amount: 100000, unit: 25000},
		{in: "Bu Sari 4 kaos 25rb per pcs", name: "Bu Sari", qty: 4, item: "kaos", amount: 100000, unit: 25000},
		{in: "Bu Sari 150rb 2 kerudung", name: "Bu Sari", qty: 2, item: "kerudung", amount: 150000},
		{in: "Bu Sari 3 pcs 60rb", name: "Bu Sari", qty: 3, amount: 60000},
		{in: "Bu Sari @25rb", name: "Bu Sari", amount: 25000, unit: 25000},
		// Names with numbers, longest names, names close to others.
		{in: "Toko 99 350rb", name: "Toko 99", amount: 350000},
		{in: "Toko 9 30rb", name: "Toko 9", amount: 30000},
		{in: "Toko 99 2 kardus aqua 90rb", name: "Toko 99", qty: 2, item: "kardus aqua", amount: 90000},
		{in: "Bu Sari Dewi 2 100rb", name: "Bu Sari Dewi 2", amount: 100000},
		{in: "Bu Sari Dewi 100rb", name: "Bu Sari Dewi", amount: 100000},
		{in: "Bu Sari Dewi kerudung 150rb", name: "Bu Sari Dewi", item: "kerudung", amount: 150000},
		{in: "Warung Bu Tini 2 50rb", name: "Warung Bu Tini 2", amount: 50000},
		{in: "Pelanggan Nomor 001 Toko Sembako 75rb", name: "Pelanggan Nomor 001 Toko Sembako", amount: 75000},
		{in: "Pak Budi Santoso 10rb", name: "Pak Budi Santoso", amount: 10000},
		{in: "Pak Budi 10rb", name: "Pak Budi", amount: 10000},
		{in: "Kios Rotan 135rb", name: "Kios Rotan", amount: 135000},
		{in: "sari kerudung 150rb", name: "sari", item: "kerudung", amount: 150000},
		{in: "Bu Tini - gamis 200rb", name: "Bu Tini", item: "gamis", amount: 200000},
		{in: "Bu Tini: gamis 200rb", name: "Bu Tini", item: "gamis", amount: 200000},
		{in: "Bu Sari 200rb bon", name: "Bu Sari", item: "bon", amount: 200000},
		{in: "Bu Sari 2 kerudung total 150rb", name: "Bu Sari", qty: 2, item: "kerudung", amount: 150000},
		{in: "Bu Sari kerudung 2pcs 150rb", name: "Bu Sari", qty: 2, item: "kerudung", amount: 150000},
		{in: "Bu Sari kerudung harga 75rb", name: "Bu Sari", item: "kerudung", amount: 75000},
		{in: "Mas Andi 12 botol madu @ 85rb", name: "Mas Andi", qty: 12, item: "botol madu", amount: 1020000, unit: 85000},
		{in: "Bu Sari Rp 75.000 jilbab segi empat", name: "Bu Sari", item: "jilbab segi empat", amount: 75000},
		{in: "Bu Sari 150 rb kerudung", name: "Bu Sari", item: "kerudung", amount: 150000},
		{in: "Bu Sari sejuta", name: "Bu Sari", amount: 1000000},
		{in: "Bu Sari setengah juta gamis", name: "Bu Sari", item: "gamis", amount: 500000},
		{in: "Bu Sari dua ratus lima puluh ribu", name: "Bu Sari", amount: 250000},
		{in: "Toko Sejuta Umat 350rb", name: "Toko Sejuta Umat", amount: 350000},
		// Number words.
		{in: "Bu Sari seratus ribu", name: "Bu Sari", amount: 100000},
		{in: "Bu Sari lima puluh ribu kerudung", name: "Bu Sari", item: "kerudung", amount: 50000},
		{in: "Bu Sari dua kerudung seratus ribu", name: "Bu Sari", qty: 2, item: "kerudung", amount: 100000},
		{in: "Mbak Rina satu setengah juta", name: "Mbak Rina", amount: 1500000},
		// A bare small number is asked about.
		{in: "Bu Tini 350", name: "Bu Tini", amount: 350, small: true},
		{in: "Bu Tini 2 kerudung 350", name: "Bu Tini", qty: 2, item: "kerudung", amount: 350, small: true},
		// Missing and unclear parts.
		{in: "", miss: PartName},
		{in: "Bu Sari", name: "Bu Sari", miss: PartAmount},
		{in: "Bu Sari kerudung", name: "Bu Sari", item: "kerudung", miss: PartAmount},
		{in: "Bu Sari 0rb", name: "Bu Sari", bad: PartAmount},
		{in: "Bu Sari 1M", name: "Bu Sari", bad: PartAmount},
		{in: "Bu Sari 99999999jt", name: "Bu Sari", bad: PartAmount},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseSale(input.SplitArgs(tc.in), book)
			if !wantProblem(t, err, tc.miss, tc.bad) {
				return
			}
			qty := tc.qty
			if qty == 0 {
				qty = 1
			}
			if got.Name != tc.name || got.Item != tc.item || got.Amount != tc.amount || got.UnitPrice != tc.unit ||
				got.Small != tc.small || (tc.name != "" && got.Qty != qty) {
				t.Errorf("got %+v, want name %q qty %d item %q amount %d unit %d small %v",
					got, tc.name, qty, tc.item, tc.amount, tc.unit, tc.small)
			}
		})
	}
}

func TestSaleWithAmount(t *testing.T) {
	s := Sale{Name: "Bu Sari", Qty: 2, Item: "kerudung"}
	got, err := s.WithAmount(input.SplitArgs("150rb"))
	if err != nil || got.Amount != 150000 || got.Qty != 2 || got.Item != "kerudung" || got.Name != "Bu Sari" {
		t.Errorf("WithAmount = %+v, %v", got, err)
	}
	got, err = s.WithAmount(input.SplitArgs("@25rb"))
	if err != nil || got.Amount != 50000 || got.UnitPrice != 25000 {
		t.Errorf("WithAmount @ = %+v, %v", got, err)
	}
	if _, err := s.WithAmount(input.SplitArgs("banyak")); err == nil {
		t.Error("WithAmount accepted words")
	}
}

func FuzzParseSale(f *testing.F) {
	for _, s := range []string{"Bu Sari 2 kerudung 150rb", "Toko 99 @25rb", "x 3x @ / per", "#1 Rp", "Bu Sari Dewi 2 100rb", "dua setengah juta"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSale(input.SplitArgs(s), book)
		if err == nil && (got.Amount <= 0 || got.Amount > input.MaxAmount || got.Qty < 1 || got.Name == "") {
			t.Errorf("ParseSale(%q) = %+v", s, got)
		}
	})
}
