package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salesbot/salesbot/storage"
)

func TestNameWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Bu Sari", []string{"bu", "sari"}},
		{"  BU   sari ", []string{"bu", "sari"}},
		{"Toko 99", []string{"toko", "99"}},
		{"Toko Maju 12", []string{"toko", "maju", "12"}},
		{"(Bu) Sari, Dewi.", []string{"bu", "sari", "dewi"}},
		{`"Pak" O'Neil - Jakarta!`, []string{"pak", "o'neil", "jakarta"}},
		{"Sari-Dewi", []string{"sari-dewi"}},
		{"ＢＵ Ｓａｒｉ", []string{"bu", "sari"}},
		{"- ! ...", nil},
		{"", nil},
	} {
		if got := storage.NameWords(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("NameWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// addContacts adds the names to seller's book in one update.
func addContacts(tb testing.TB, db *storage.DB, seller int64, names ...string) {
	tb.Helper()
	err := db.Apply(context.Background(), storage.Update{SellerID: seller, ChatID: seller, At: t0}, func(tx *storage.Tx) error {
		for _, n := range names {
			if _, err := tx.AddContact(storage.Contact{Name: n}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func candidateNames(tb testing.TB, db *storage.DB, seller int64, words []string, limit int) []string {
	tb.Helper()
	var out []string
	err := db.View(seller, t0, func(tx *storage.Tx) error {
		refs, err := tx.NameCandidates(words, limit)
		for _, r := range refs {
			out = append(out, r.Name)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestNameCandidates(t *testing.T) {
	db := mustOpen(t)
	addContacts(t, db, 1, "Bu Sari", "Pak Hadi", "Toko Maju 12", "Sarinah", "Ibu Ani", "Bu Sri Wahyuni", "Sar", "Toko Sinar 1234")
	// Another seller's contact is never a candidate.
	addContacts(t, db, 2, "Bu Sari Lain")
	// Invalid UTF-8 is stored as typed; it must not trip the index.
	addContacts(t, db, 3, "Bu \xffSari\xfe", "Ibu \xe2\x82 Sari")
	for _, tc := range []struct {
		words    []string
		has      []string
		hasNot   []string
		first    string
		onlyThem bool // the result is exactly has
	}{
		{words: []string{"sari"}, has: []string{"Bu Sari", "Sarinah", "Sar"}, first: "Bu Sari"},
		{words: []string{"sar"}, has: []string{"Bu Sari", "Sarinah", "Sar"}, first: "Sar"},
		{words: []string{"sary"}, has: []string{"Bu Sari", "Sar"}},
		{words: []string{"sri"}, has: []string{"Bu Sari", "Bu Sri Wahyuni"}, first: "Bu Sri Wahyuni"},
		{words: []string{"sarii"}, has: []string{"Bu Sari"}},
		{words: []string{"asri"}, has: []string{"Bu Sari"}},
		{words: []string{"SARI,"}, has: []string{"Bu Sari"}, first: "Bu Sari"},
		{words: []string{"bu sari"}, has: []string{"Bu Sari"}, first: "Bu Sari"},
		{words: []string{"bu", "sari"}, has: []string{"Bu Sari", "Bu Sri Wahyuni"}, first: "Bu Sari"},
		{words: []string{"toko", "12"}, has: []string{"Toko Maju 12", "Toko Sinar 1234"}, first: "Toko Maju 12", onlyThem: true},
		{words: []string{"123"}, has: []string{"Toko Sinar 1234"}, onlyThem: true},
		// A number one digit off is another shop.
		{words: []string{"1243"}, onlyThem: true},
		{words: []string{"13"}, onlyThem: true},
		{words: []string{"wahyuni"}, has: []string{"Bu Sri Wahyuni"}, onlyThem: true},
		{words: []string{"wahyni"}, has: []string{"Bu Sri Wahyuni"}, onlyThem: true},
		// budi and hadi are two edits apart and share no deletion.
		{words: []string{"budi"}, hasNot: []string{"Pak Hadi"}, onlyThem: true},
		{words: []string{"ani"}, has: []string{"Ibu Ani"}, onlyThem: true},
		{words: []string{"an"}, onlyThem: true}, // too short for a prefix
		{words: []string{"lain"}, onlyThem: true},
		{words: nil, onlyThem: true},
		{words: []string{"", "  "}, onlyThem: true},
	} {
		if got := candidateNames(t, db, 3, tc.words, 20); len(got) > 2 {
			t.Errorf("%q in the book of invalid names: %q", tc.words, got)
		}
		got := candidateNames(t, db, 1, tc.words, 20)
		for _, n := range tc.has {
			if !slices.Contains(got, n) {
				t.Errorf("%q: %q missing from %q", tc.words, n, got)
			}
		}
		for _, n := range tc.hasNot {
			if slices.Contains(got, n) {
				t.Errorf("%q: %q in %q", tc.words, n, got)
			}
		}
		if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
			t.Errorf("%q: first of %q, want %q", tc.words, got, tc.first)
		}
		if tc.onlyThem && len(got) != len(tc.has) {
			t.Errorf("%q: got %q, want only %q", tc.words, got, tc.has)
		}
	}
}

// TestNameCandidatesLimit: a common word fills its quota, but a contact
// matching every query word still comes first.
func TestNameCandidatesLimit(t *testing.T) {
	db := mustOpen(t)
	var names []string
	for i := 0; i < 40; i++ {
		names = append(names, fmt.Sprintf("Bu Nama%02d", i))
	}
	addContacts(t, db, 1, append(names, "Bu Sari")...)
	if got := candidateNames(t, db, 1, []string{"bu"}, 5); len(got) != 5 {
		t.Errorf("limit 5 gave %d: %q", len(got), got)
	}
	if got := candidateNames(t, db, 1, []string{"bu", "sari"}, 5); len(got) != 5 || got[0] != "Bu Sari" {
		t.Errorf("bu sari, limit 5: %q", got)
	}
	if got := candidateNames(t, db, 1, []string{"bu"}, 0); len(got) != 0 {
		t.Errorf("limit 0 gave %q", got)
	}
	// Deterministic.
	a := candidateNames(t, db, 1, []string{"nama1", "bu"}, 7)
	b := candidateNames(t, db, 1, []string{"nama1", "bu"}, 7)
	if !slices.Equal(a, b) {
		t.Errorf("two runs differ: %q, %q", a, b)
	}
}

// closeWord is the rule NameCandidates promises, written out plainly.
func closeWord(w, x string) bool {
	rw, rx := []rune(w), []rune(x)
	switch {
	case w == x:
		return true
	case len(rw) >= 3 && strings.HasPrefix(x, w), len(rx) >= 3 && strings.HasPrefix(w, x):
		return true
	}
	short, long := min(len(rw), len(rx)), max(len(rw), len(rx))
	digits := strings.ContainsAny(w+x, "0123456789")
	return long >= 4 && long <= 32 && short >= 3 && !digits && osaDistance(rw, rx) <= 1
}

// osaDistance is the optimal-string-alignment edit distance (insertions,
// deletions, substitutions, adjacent swaps).
func osaDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestNameCandidatesMissNothing compares NameCandidates with a scan of the
// whole book under the plain rule, on names made of few letters so that
// many are one edit apart.
func TestNameCandidatesMissNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		letters := []rune("asrié1")
		r := make([]rune, 2+rng.IntN(5))
		for i := range r {
			r[i] = letters[rng.IntN(len(letters))]
		}
		return string(r)
	}
	var names []string
	seen := map[string]bool{}
	for len(names) < 300 {
		n := word()
		if rng.IntN(2) == 0 {
			n += " " + word()
		}
		if !seen[storage.NameKey(n)] {
			seen[storage.NameKey(n)] = true
			names = append(names, n)
		}
	}
	db := mustOpen(t)
	addContacts(t, db, 1, names...)
	for q := 0; q < 300; q++ {
		w := word()
		var want []string
		for _, n := range names {
			for _, x := range storage.NameWords(n) {
				if closeWord(w, x) {
					want = append(want, n)
					break
				}
			}
		}
		got := candidateNames(t, db, 1, []string{w}, 1000)
		for _, n := range want {
			if !slices.Contains(got, n) {
				t.Fatalf("query %q: %q missing (got %d, want at least %d)", w, n, len(got), len(want))
			}
		}
	}
}

func TestNameRef(t *testing.T) {
	db := mustOpen(t)
	addContacts(t, db, 1, "Bu Sari", "!!")
	err := db.View(1, t0, func(tx *storage.Tx) error {
		for _, tc := range []struct {
			in   string
			want storage.NameRef
			ok   bool
		}{
			{"  BU sari", storage.NameRef{ID: 1, Name: "Bu Sari"}, true},
			{"!!", storage.NameRef{ID: 2, Name: "!!"}, true},
			{"Bu Sar", storage.NameRef{}, false},
			{"", storage.NameRef{}, false},
		} {
			got, ok, err := tx.NameRef(tc.in)
			if err != nil {
				return err
			}
			if got != tc.want || ok != tc.ok {
				t.Errorf("NameRef(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNameIndexFollowsContacts checks the index against the contacts after
// every kind of change, undo included.
func TestNameIndexFollowsContacts(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	at := t0
	step := func(name string, fn func(tx *storage.Tx) error) {
		t.Helper()
		at = at.Add(time.Minute)
		if err := db.Apply(ctx, storage.Update{SellerID: 1, ChatID: 1, At: at}, fn); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := storage.CheckNameIndex(db, 1); err != nil {
			t.Fatalf("after %s: %v", name, err)
		}
		if err := storage.CheckNames(db, 1); err != nil {
			t.Fatalf("after %s: %v", name, err)
		}
	}
	undoLast := func(tx *storage.Tx) error {
		u, ok, err := tx.LastUndo()
		if err != nil || !ok {
			return fmt.Errorf("no undo: %v", err)
		}
		_, err = tx.Undo(u.ID)
		return err
	}
	rename := func(id uint64, name string) func(tx *storage.Tx) error {
		return func(tx *storage.Tx) error {
			c, err := tx.Contact(id)
			if err != nil {
				return err
			}
			c.Name = name
			if err := tx.SaveContact(c); err != nil {
				return err
			}
			_, err = tx.SaveUndo(storage.UndoLabel{Kind: "rename"})
			return err
		}
	}
	step("add", func(tx *storage.Tx) error {
		for _, n := range []string{"Bu Sari", "Pak Hadi", "Toko Maju 12"} {
			if _, err := tx.AddContact(storage.Contact{Name: n}); err != nil {
				return err
			}
		}
		_, err := tx.SaveUndo(storage.UndoLabel{Kind: "prospect"})
		return err
	})
	step("rename", rename(1, "Bu Dewi"))
	if got := candidateNames(t, db, 1, []string{"sari"}, 10); len(got) != 0 {
		t.Errorf("sari after rename: %q", got)
	}
	step("case-only rename", rename(1, "BU DEWI"))
	step("undo case-only rename", undoLast)
	step("undo rename", undoLast)
	if got := candidateNames(t, db, 1, []string{"dewi"}, 10); len(got) != 0 {
		t.Errorf("dewi after undoing the rename: %q", got)
	}
	if got := candidateNames(t, db, 1, []string{"sari"}, 10); !slices.Equal(got, []string{"Bu Sari"}) {
		t.Errorf("sari after undoing the rename: %q", got)
	}
	step("delete", func(tx *storage.Tx) error {
		if err := tx.DeleteContact(2); err != nil {
			return err
		}
		_, err := tx.SaveUndo(storage.UndoLabel{Kind: "delete"})
		return err
	})
	if got := candidateNames(t, db, 1, []string{"hadi"}, 10); len(got) != 0 {
		t.Errorf("hadi after delete: %q", got)
	}
	step("undo delete", undoLast)
	if got := candidateNames(t, db, 1, []string{"hadi"}, 10); !slices.Equal(got, []string{"Pak Hadi"}) {
		t.Errorf("hadi after undoing the delete: %q", got)
	}
	step("undo add", func(tx *storage.Tx) error {
		// The newest undoable change is the first one now.
		return undoLast(tx)
	})
	if got := candidateNames(t, db, 1, []string{"toko"}, 10); len(got) != 0 {
		t.Errorf("toko after undoing the add: %q", got)
	}
}

// TestNameIndexIsBuiltForOldDatabases: a database from before the index gets
// it built when opened.
func TestNameIndexIsBuiltForOldDatabases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	addContacts(t, db, 1, "Bu Sari", "Pak Hadi")
	addContacts(t, db, 2, "Toko Maju 12")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := storage.DropNameIndex(path); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, seller := range []int64{1, 2} {
		if err := storage.CheckNameIndex(db, seller); err != nil {
			t.Error(err)
		}
	}
	if got := candidateNames(t, db, 1, []string{"sary"}, 10); !slices.Equal(got, []string{"Bu Sari"}) {
		t.Errorf("sary after migration: %q", got)
	}
	if got := candidateNames(t, db, 2, []string{"maju"}, 10); !slices.Equal(got, []string{"Toko Maju 12"}) {
		t.Errorf("maju after migration: %q", got)
	}
}

// indonesianNames makes n distinct contact names as sellers type them: an
// honorific (or none) and one or two given names, and some shops ("Toko
// Berkah 12").
func indonesianNames(n int, rng *rand.Rand) []string {
	honorifics := []string{"Bu", "Ibu", "Pak", "Bapak", "Mbak", "Mas", "Kak", "Bang", "Teh", "Cik", "", ""}
	given := strings.Fields(`Sari Dewi Siti Rina Ani Wati Yanti Sri Wahyuni Lestari Indah Ratna Fitri
		Nur Aisyah Putri Ayu Dian Eka Rini Tuti Yuli Endang Kartini Susanti Purnama Handayani Maya
		Budi Hadi Joko Agus Bambang Slamet Eko Dwi Andi Rudi Hendra Wahyu Yusuf Ahmad Rizky Fajar
		Dedi Heru Iwan Asep Ujang Cecep Dadang Made Ketut Wayan Komang Nyoman Gede Putu Kadek
		Hasan Husein Ilham Irfan Taufik Arif Bayu Galih Guntur Yoga Reza Doni Teguh Imam Syahrul
		Wulan Bunga Melati Mawar Kirana Larasati Anjani Citra Nadia Salsabila Zahra Nabila Annisa
		Sulistyowati Sukmawati Kusumawardani Prasetyo Nugroho Santoso Setiawan Kurniawan Saputra`)
	shops := strings.Fields("Berkah Maju Jaya Sejahtera Makmur Barokah Sentosa Abadi Murah Rejeki Amanah Baru")
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var name string
		if rng.IntN(10) == 0 {
			name = fmt.Sprintf("Toko %s %d", shops[rng.IntN(len(shops))], rng.IntN(100))
		} else {
			name = strings.TrimSpace(honorifics[rng.IntN(len(honorifics))] + " " + given[rng.IntN(len(given))])
			if rng.IntN(2) == 0 {
				name += " " + given[rng.IntN(len(given))]
			}
		}
		if key := storage.NameKey(name); !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	return out
}

// BenchmarkNameCandidates resolves a mix of exact words, prefixes and typos
// (12 queries per op, limit 20) in books of 100 and 10,000 contacts. Each
// query word reads at most limit contacts, so the larger book costs about
// what the smaller does; what it adds is mostly that more queries fill
// their quota (18.3 candidates per query against 4.6). Measured on
// 2026-11-29 (-count 6, medians; 2 vCPUs, AMD EPYC, shared): 77 µs/op at
// 100 contacts, 218 µs/op at 10,000: 2.8 times the cost for a book 100
// times larger. Reading and matching every contact, as before the index,
// grows with the book instead.
func BenchmarkNameCandidates(b *testing.B) {
	queries := [][]string{
		{"sari"}, {"bu", "sari"}, {"wahy"}, {"sary"}, {"wahyni"}, {"budu"},
		{"toko", "berkah"}, {"pak", "hadi"}, {"sulistyowti"}, {"ahmda"}, {"kurnia"}, {"xyz"},
	}
	for _, size := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("contacts=%d", size), func(b *testing.B) {
			db, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"), storage.Options{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			addContacts(b, db, 1, indonesianNames(size, rand.New(rand.NewPCG(7, uint64(size))))...)
			found := 0
			b.ReportAllocs()
			b.ResetTimer()
			err = db.View(1, t0, func(tx *storage.Tx) error {
				for i := 0; i < b.N; i++ {
					for _, q := range queries {
						refs, err := tx.NameCandidates(q, 20)
						if err != nil {
							return err
						}
						found += len(refs)
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(found)/float64(b.N*len(queries)), "candidates/query")
		})
	}
}
