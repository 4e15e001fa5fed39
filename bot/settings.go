package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// zones are the timezones a seller picks with /zona.
var zones = map[string]string{
	"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura",
	"asia/jakarta": "Asia/Jakarta", "asia/makassar": "Asia/Makassar", "asia/jayapura": "Asia/Jayapura",
	"asia/pontianak": "Asia/Pontianak",
}

func (c *hctx) cmdZone(args []string) error {
	if len(args) == 0 {
		return c.reply(c.t("zone_current", "Zone", zoneName(c.r.At.In(c.loc)), "Time", c.r.At.In(c.loc).Format("15.04")) + "\n" + c.t("zone_usage"))
	}
	name, ok := zones[strings.ToLower(args[0])]
	if !ok {
		return fail("zone_usage")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return err
	}
	s := c.tx.Seller()
	s.Timezone = name
	if err := c.tx.SaveSeller(s); err != nil {
		return err
	}
	c.loc = loc
	local := c.r.At.In(loc)
	return c.reply(c.t("zone_set", "Zone", zoneName(local), "Time", local.Format("15.04")))
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
	"kamis": time.Thursday, "jumat": time.Friday, "sabtu": time.Saturday,
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

func (c *hctx) cmdSettings(args []string) error {
	s := c.tx.Seller()
	if len(args) == 0 {
		return c.reply(c.settingsText(s) + "\n\n" + c.t("settings_usage"))
	}
	key, ok := settingKeys[strings.ToLower(args[0])]
	if !ok {
		return fail("settings_usage")
	}
	num := func(i, lo, hi int) (int, error) {
		if i >= len(args) {
			return 0, fail("settings_usage")
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(args[i], ".00"), ":00"))
		if err != nil || n < lo || n > hi {
			return 0, fail("settings_range", "Min", lo, "Max", hi)
		}
		return n, nil
	}
	set := &s.Settings
	var err error
	switch key {
	case "digest":
		set.DigestHour, err = num(1, 0, 23)
	case "quiet":
		if set.QuietFrom, err = num(1, 0, 23); err == nil {
			set.QuietUntil, err = num(2, 0, 23)
		}
	case "prospect":
		set.ProspectDays, err = num(1, 1, 365)
	case "followup":
		set.FollowUpDays, err = num(1, 1, 365)
	case "touch":
		set.KeepInTouchDays, err = num(1, 1, 365)
	case "lapsed":
		set.QuietBuyerDays, err = num(1, 7, 730)
	case "summary":
		if len(args) < 2 {
			return fail("settings_usage")
		}
		day, ok := weekdays[strings.ToLower(args[1])]
		if !ok {
			return fail("settings_usage")
		}
		set.SummaryWeekday = day
		set.SummaryHour, err = num(2, 0, 23)
	case "nudges":
		if len(args) < 2 {
			return fail("settings_usage")
		}
		switch strings.ToLower(args[1]) {
		case "mati", "off":
			set.NudgesOff = true
		case "hidup", "nyala", "on":
			set.NudgesOff = false
		default:
			return fail("settings_usage")
		}
	}
	if err != nil {
		return err
	}
	if quietAll(set) {
		return fail("settings_quiet_digest")
	}
	if err := c.tx.SaveSeller(s); err != nil {
		return err
	}
	return c.reply(c.t("settings_saved") + "\n\n" + c.settingsText(c.tx.Seller()))
}

// quietAll reports a digest hour that falls inside the quiet hours for the
// rest of the day, so no digest could ever go out.
func quietAll(set *storage.Settings) bool {
	for h := set.DigestHour; h < 24; h++ {
		if !(set.QuietFrom != set.QuietUntil && inQuiet(h, set.QuietFrom, set.QuietUntil)) {
			return false
		}
	}
	return true
}

func inQuiet(h, from, until int) bool {
	if from > until {
		return h >= from || h < until
	}
	return h >= from && h < until
}

func (c *hctx) settingsText(s storage.Seller) string {
	set := s.Settings
	state := c.t("settings_on")
	if set.NudgesOff {
		state = c.t("settings_off")
	}
	return c.t("settings_view", "Zone", zoneName(c.r.At.In(c.loc)), "Nudges", state, "Digest", set.DigestHour,
		"QuietFrom", set.QuietFrom, "QuietUntil", set.QuietUntil, "Prospect", set.ProspectDays, "FollowUp", set.FollowUpDays,
		"Touch", set.KeepInTouchDays, "Lapsed", set.QuietBuyerDays, "Day", c.t("weekday_"+strconv.Itoa(int(set.SummaryWeekday))),
		"Hour", set.SummaryHour)
}
