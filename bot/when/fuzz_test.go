package when

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// fuzzZones includes a DST zone and UTC on purpose: Indonesia has no DST,
// but the invariants must hold for any location the caller passes.
var fuzzZones = []*time.Location{wib, wita, wit, time.UTC, mustLoad("Europe/Berlin")}

// FuzzParse checks that Parse never panics and that every successful
// reading is a future moment in the caller's location whose message is a
// piece of the input.
func FuzzParse(f *testing.F) {
	for _, c := range append(cases[:len(cases):len(cases)], halfDayCases...) {
		// Seed each case at its own "now": the same instant, in its zone.
		shift, zone := int64(0), uint8(0)
		if !c.now.IsZero() {
			shift = int64(c.now.Sub(sunday) / time.Second)
			for k, loc := range fuzzZones {
				if loc == c.now.Location() {
					zone = uint8(k)
				}
			}
		}
		f.Add(c.text, shift, zone, c.lang == "en")
	}
	f.Add("nanti sore jam 4 telepon", int64(-3600*9), uint8(1), false)
	f.Add("jam 7 malam ini", int64(3600*10), uint8(4), false)
	f.Add("at 8 tonight", int64(86400*200), uint8(4), true)
	f.Add("besok jam 9 telepon", int64(86400*40), uint8(2), false)
	f.Add("31/12 jam 12 malam", int64(86400*39), uint8(4), true)
	f.Fuzz(func(t *testing.T, text string, shift int64, zone uint8, english bool) {
		loc := fuzzZones[int(zone)%len(fuzzZones)]
		// Keep now within a few centuries of the fixture so that time
		// arithmetic stays in the range people actually use.
		shift %= 200 * 365 * 86400
		now := sunday.In(loc).Add(time.Duration(shift) * time.Second)
		lang := "id"
		if english {
			lang = "en"
		}
		got, rest, err := Parse(text, now, lang)
		if err != nil {
			if !errors.Is(err, ErrPast) && !errors.Is(err, ErrUnreadable) {
				t.Fatalf("Parse(%q) unexpected error %v", text, err)
			}
			return
		}
		if !got.After(now) {
			t.Fatalf("Parse(%q) = %v, not after now %v", text, got, now)
		}
		if got.Location() != now.Location() {
			t.Fatalf("Parse(%q) location %v, want %v", text, got.Location(), now.Location())
		}
		if !strings.Contains(text, rest) {
			t.Fatalf("Parse(%q) rest %q is not part of the input", text, rest)
		}
	})
}
