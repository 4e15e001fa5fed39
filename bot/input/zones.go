package input

import "strings"

// Zone is one of Indonesia's three time zones as sellers name them.
type Zone struct {
	Abbrev string // WIB, WITA, WIT
	IANA   string // the tz database name the zone is kept under
	Offset int    // seconds east of UTC (Indonesia has no daylight saving)
}

// Zones is the one table of time-zone words: /zona, SALESBOT_TIMEZONE, the
// "jam 10 WIB" of a reminder and the abbreviation shown after every time
// all read it.
var Zones = []Zone{
	{Abbrev: "WIB", IANA: "Asia/Jakarta", Offset: 7 * 3600},
	{Abbrev: "WITA", IANA: "Asia/Makassar", Offset: 8 * 3600},
	{Abbrev: "WIT", IANA: "Asia/Jayapura", Offset: 9 * 3600},
}

// zoneAliases are the other IANA names that share an Indonesian zone.
var zoneAliases = map[string]string{
	"asia/pontianak": "Asia/Pontianak", // WIB, West Kalimantan
}

// ParseZone reads a time-zone word: WIB, WITA, WIT (any case) or an
// Indonesian IANA name ("Asia/Makassar"). It returns the IANA name.
func ParseZone(word string) (string, bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	for _, z := range Zones {
		if w == strings.ToLower(z.Abbrev) || w == strings.ToLower(z.IANA) {
			return z.IANA, true
		}
	}
	iana, ok := zoneAliases[w]
	return iana, ok
}

// ZoneAbbrev names a UTC offset the Indonesian way (WIB/WITA/WIT); ok is
// false for offsets outside Indonesia.
func ZoneAbbrev(offset int) (string, bool) {
	for _, z := range Zones {
		if z.Offset == offset {
			return z.Abbrev, true
		}
	}
	return "", false
}
