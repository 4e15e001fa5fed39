package bot

import (
	"strconv"
	"time"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/storage"
)

func (c *hctx) cmdZone(toks []string) error {
	name, err := args.ParseZone(toks)
	if err != nil {
		return c.problem(err)
	}
	if name == "" {
		return c.reply(c.t("zone_current", "Zone", zoneName(c.r.At.In(c.loc)), "Time", c.r.At.In(c.loc).Format("15.04")) + "\n" + c.t("zone_usage"))
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

func (c *hctx) cmdSettings(toks []string) error {
	s := c.tx.Seller()
	v, err := args.ParseSetting(toks)
	if err != nil {
		return c.problem(err)
	}
	set := &s.Settings
	switch v.Key {
	case "":
		return c.reply(c.settingsText(s) + "\n\n" + c.t("settings_usage"))
	case "digest":
		set.DigestHour = v.N
	case "quiet":
		set.QuietFrom, set.QuietUntil = v.N, v.Until
	case "prospect":
		set.ProspectDays = v.N
	case "followup":
		set.FollowUpDays = v.N
	case "touch":
		set.KeepInTouchDays = v.N
	case "lapsed":
		set.QuietBuyerDays = v.N
	case "summary":
		set.SummaryWeekday, set.SummaryHour = v.Weekday, v.N
	case "nudges":
		set.NudgesOff = v.Off
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
