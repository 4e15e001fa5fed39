package args

import (
	"testing"

	"github.com/salesbot/salesbot/storage"
)

// sliceBook is a Book over a list of names (ids from 1): Candidates returns
// every contact, the widest superset a real index could give.
type sliceBook []string

func (b sliceBook) Exact(name string) (Ref, bool) {
	for i, n := range b {
		if storage.NameKey(n) == storage.NameKey(name) {
			return Ref{ID: uint64(i + 1), Name: n}, true
		}
	}
	return Ref{}, false
}

func (b sliceBook) ByID(id uint64) (Ref, bool) {
	if id == 0 || id > uint64(len(b)) {
		return Ref{}, false
	}
	return Ref{ID: id, Name: b[id-1]}, true
}

func (b sliceBook) Candidates([]string) []Ref {
	out := make([]Ref, len(b))
	for i, n := range b {
		out[i] = Ref{ID: uint64(i + 1), Name: n}
	}
	return out
}

// book is the seller's book most tests read against.
var book = sliceBook{
	"Bu Sari",        // 1
	"Bu Sari Dewi",   // 2
	"Bu Sari Dewi 2", // 3
	"Toko 99",        // 4
	"Pak Hadi",       // 5
	"Pak Budi",       // 6
	"Kios Ratna",     // 7
	"Kios Nangka",    // 8
	"Kios Padma",     // 9
	"Kios Salak",     // 10
	"Bu Sri",         // 11
	"Toko No Name",   // 12
	"Warung Bu Tini", // 13
	"Mbak Rina",      // 14
	"H. Amir",        // 15
	"Toko Maju Jaya", // 16
	"Kak Yuni",       // 17
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		query, name string
		want        Closeness
	}{
		{"Bu Sari", "Bu Sari", Same},
		{"bu  SARI", "Bu Sari", Same},
		{"Ibu Sari", "Bu Sari", Same},
		{"Bpk Hadi", "Pak Hadi", Same},
		{"Bapak Hadi", "Pak Hadi", Same},
		{"Mba Rina", "Mbak Rina", Same},
		{"Kakak Yuni", "Kak Yuni", Same},
		{"Haji Amir", "H. Amir", Same},
		{"sari", "Bu Sari", Words},
		{"Sari", "Bu Sari Dewi", Prefix},
		{"sar", "Bu Sari", Prefix},
		{"Bu Sari", "Bu Sari Dewi", Prefix},
		{"toko maju", "Toko Maju Jaya", Prefix},
		{"Bu Sary", "Bu Sari", Close},
		{"Ibu Sary", "Bu Sari", Close},
		{"Bu Sri Wahyuni", "Bu Sri", Close},
		{"Pak Budi Santoso", "Pak Budi", Close},
		{"Pak Sari", "Bu Sari", Close},
		{"Bu Sarijem", "Bu Sari", Close},
		{"Bu Asri", "Bu Sari", Close}, // one swap
		{"Pak Budi", "Pak Hadi", NotClose},
		{"Kios Rotan", "Kios Ratna", NotClose},
		{"Kios Mangga", "Kios Nangka", NotClose},
		{"Kios Pala", "Kios Padma", NotClose},
		{"Kios Pala", "Kios Salak", NotClose},
		{"Toko 9", "Toko 99", NotClose},
		{"Toko 98", "Toko 99", NotClose},
		{"Pak", "Pak Hadi", NotClose},
		{"Toko", "Toko 99", NotClose},
		{"Bu Sri", "Bu Sari", NotClose}, // three letters: no typo rule
		{"Bu Sari Dewi 2", "Bu Sari Dewi", Close},
		{"", "Bu Sari", NotClose},
	} {
		if got := Compare(tc.query, tc.name); got != tc.want {
			t.Errorf("Compare(%q, %q) = %v, want %v", tc.query, tc.name, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		query   string
		found   string
		choices []string
		close   bool
	}{
		{query: "Bu Sari", found: "Bu Sari"},
		{query: "ibu sari", found: "Bu Sari"},
		{query: "#4", found: "Toko 99"},
		{query: "#99"},
		{query: "Toko 99", found: "Toko 99"},
		{query: "Toko 9"},
		{query: "sari", found: "Bu Sari"},
		{query: "dewi", choices: []string{"Bu Sari Dewi", "Bu Sari Dewi 2"}},
		{query: "hadi", found: "Pak Hadi"},
		{query: "Bu Sary", choices: []string{"Bu Sari"}, close: true},
		{query: "Pak Budi Santoso", choices: []string{"Pak Budi"}, close: true},
		{query: "Bu Sri Wahyuni", choices: []string{"Bu Sri"}, close: true},
		{query: "Pak Hadi", found: "Pak Hadi"},
		{query: "Pak Budi", found: "Pak Budi"},
		{query: "Pak Badi", choices: []string{"Pak Budi", "Pak Hadi"}, close: true},
		{query: "Kios Rotan"},
		{query: "Kios Mangga"},
		{query: "Kios Pala"},
		{query: "Pak"},
		{query: "Toko"},
		{query: "tini", found: "Warung Bu Tini"},
		{query: "Mba Rina", found: "Mbak Rina"},
		{query: "maju", found: "Toko Maju Jaya"},
		{query: "Yuni", found: "Kak Yuni"},
	} {
		r := Resolve(tc.query, book)
		var choices []string
		for _, c := range r.Choices {
			choices = append(choices, c.Name)
		}
		switch {
		case tc.found != "" && (!r.Found || r.Contact.Name != tc.found):
			t.Errorf("Resolve(%q) = %+v, want found %q", tc.query, r, tc.found)
		case tc.found == "" && r.Found:
			t.Errorf("Resolve(%q) found %q, want choices %q", tc.query, r.Contact.Name, tc.choices)
		case tc.found == "" && (!equal(choices, tc.choices) || r.Close != tc.close):
			t.Errorf("Resolve(%q) choices %q close %v, want %q close %v", tc.query, choices, r.Close, tc.choices, tc.close)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wantProblem checks err against the expected missing or unclear part
// ("" for none) and reports whether the test should go on to check the
// value read (an unclear part leaves nothing to check).
func wantProblem(t *testing.T, err error, miss, bad Part) bool {
	t.Helper()
	p, isProblem := AsProblem(err)
	switch {
	case miss != "":
		if !isProblem || !p.Missing || p.Part != miss {
			t.Fatalf("err = %v, want missing %s", err, miss)
		}
	case bad != "":
		if !isProblem || p.Missing || p.Part != bad {
			t.Fatalf("err = %v, want unclear %s", err, bad)
		}
		return false
	case err != nil:
		t.Fatalf("err = %v", err)
	}
	return true
}
