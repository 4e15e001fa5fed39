package input

import "testing"

func TestParseZone(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"WIB", "Asia/Jakarta", true},
		{"wita", "Asia/Makassar", true},
		{" Wit ", "Asia/Jayapura", true},
		{"asia/jakarta", "Asia/Jakarta", true},
		{"Asia/Makassar", "Asia/Makassar", true},
		{"asia/pontianak", "Asia/Pontianak", true},
		{"WITB", "", false},
		{"", "", false},
		{"Europe/Paris", "", false},
	} {
		got, ok := ParseZone(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseZone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for off, want := range map[int]string{7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT", 0: ""} {
		if got, _ := ZoneAbbrev(off); got != want {
			t.Errorf("ZoneAbbrev(%d) = %q, want %q", off, got, want)
		}
	}
}
