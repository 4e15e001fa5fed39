package args

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// ParseZone reads "/zona WIB|WITA|WIT": the IANA name, "" when none given.
func ParseZone(toks []string) (string, error) {
	if len(toks) == 0 {
		return "", nil
	}
	iana, ok := input.ParseZone(toks[0])
	if !ok {
		return "", unclear(PartZone, toks[0], nil)
	}
	return iana, nil
}

// ParseStage reads "/kontak [prospek|konsumen|pelanggan]": "" for all.
func ParseStage(toks []string) (storage.Stage, error) {
	if len(toks) == 0 {
		return "", nil
	}
	st, ok := storage.ParseStage(lower(toks[0]))
	if !ok {
		return "", unclear(PartStage, toks[0], nil)
	}
	return st, nil
}

// Setting is one "/pengaturan KUNCI NILAI" change.
type Setting struct {
	Key     string // digest, quiet, prospect, followup, touch, lapsed, summary, nudges
	N       int    // the hour or the number of days
	Until   int    // quiet: the hour quiet ends
	Weekday time.Weekday
	Off     bool // nudges: turned off
}

// settingKeys maps what the seller types (Indonesian or English) to a
// setting of /pengaturan.
var settingKeys = map[string]string{
	"jam": "digest", "digest": "digest",
	"tenang": "quiet", "quiet": "quiet",
	"prospek": "prospect", "prospect": "prospect",
	"konsumen": "followup", "buyer": "followup",
	"kontak": "touch", "touch": "touch",
	"diam": "lapsed", "lapsed": "lapsed",
	"ringkasan": "summary", "summary": "summary",
	"pengingat": "nudges", "nudges": "nudges",
}

var weekdays = map[string]time.Weekday{
	"minggu": time.Sunday, "senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday,
	"kamis": time.Thursday, "jumat": time.Friday, "jum'at": time.Friday, "sabtu": time.Saturday,
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// ErrHalfHour means an hour was given with minutes ("8.30"): reminders go
// out on the whole hour.
var ErrHalfHour = errors.New("the hour must be whole")

// ErrRange means a number outside what the setting allows; the Problem's
// Text holds "min-max".
var ErrRange = errors.New("number out of range")

// ParseSetting reads one /pengaturan change. No arguments: show the
// settings (Key "").
func ParseSetting(toks []string) (Setting, error) {
	if len(toks) == 0 {
		return Setting{}, nil
	}
	key, ok := settingKeys[lower(toks[0])]
	if !ok {
		return Setting{}, unclear(PartSetting, join(toks), nil)
	}
	s := Setting{Key: key}
	var err error
	switch key {
	case "digest":
		s.N, err = hourAt(toks, 1)
	case "quiet":
		if s.N, err = hourAt(toks, 1); err == nil {
			s.Until, err = hourAt(toks, 2)
		}
	case "prospect", "followup", "touch":
		s.N, err = numberAt(toks, 1, 1, 365)
	case "lapsed":
		s.N, err = numberAt(toks, 1, 7, 730)
	case "summary":
		if len(toks) < 2 {
			return s, unclear(PartSetting, join(toks), nil)
		}
		day, ok := weekdays[lower(toks[1])]
		if !ok {
			return s, unclear(PartSetting, join(toks), nil)
		}
		s.Weekday = day
		s.N, err = hourAt(toks, 2)
	case "nudges":
		if len(toks) < 2 {
			return s, unclear(PartSetting, join(toks), nil)
		}
		switch lower(toks[1]) {
		case "mati", "off", "matikan", "nonaktif":
			s.Off = true
		case "hidup", "nyala", "on", "hidupkan", "aktif":
		default:
			return s, unclear(PartSetting, join(toks), nil)
		}
	}
	return s, err
}

// hourAt reads a whole hour 0-23: "8", "08", "8.00", "08:00", "jam 8".
// "8.30" is refused with ErrHalfHour rather than rounded.
func hourAt(toks []string, i int) (int, error) {
	if i < len(toks) && (lower(toks[i]) == "jam" || lower(toks[i]) == "pukul") {
		toks = append(append([]string(nil), toks[:i]...), toks[i+1:]...)
	}
	if i >= len(toks) {
		return 0, unclear(PartSetting, join(toks), nil)
	}
	t := strings.TrimSuffix(strings.TrimSuffix(toks[i], ".00"), ":00")
	if h, m, ok := strings.Cut(strings.ReplaceAll(t, ":", "."), "."); ok {
		if _, err := strconv.Atoi(h); err == nil {
			if _, err := strconv.Atoi(m); err == nil {
				return 0, unclear(PartSetting, toks[i], ErrHalfHour)
			}
		}
	}
	return numberAt([]string{t}, 0, 0, 23)
}

func numberAt(toks []string, i, lo, hi int) (int, error) {
	if i >= len(toks) {
		return 0, unclear(PartSetting, join(toks), nil)
	}
	n, err := strconv.Atoi(toks[i])
	if err != nil || n < lo || n > hi {
		return 0, &Problem{Part: PartSetting, Text: strconv.Itoa(lo) + "-" + strconv.Itoa(hi), Err: ErrRange}
	}
	return n, nil
}
