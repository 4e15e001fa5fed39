package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"

	"github.com/salesbot/salesbot/locales"
	"github.com/salesbot/salesbot/storage"
)

// idPattern finds message ids written literally in the code: c.t("id"),
// fail("id"), texts.get(lang, "id"), respond(ctx, r, "id"), prompt: "id".
var idPattern = regexp.MustCompile(`(?:\.t\(|fail\(|\.get\([a-zA-Z.]+, |respond\(ctx, r, |prompt: )"([a-z0-9_]+)"[,)]`)

// usedIDs is every message id the bot can ask for: the literal ones and
// those built from commands, stages and months.
func usedIDs(t *testing.T) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if matched, _ := filepath.Match("*_test.go", f); matched {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range idPattern.FindAllStringSubmatch(string(src), -1) {
			ids[m[1]] = true
		}
	}
	for _, c := range commands() {
		if c.menu {
			ids["help_"+c.name] = true
			ids["cmd_"+c.name] = true
		}
	}
	for _, st := range []storage.Stage{storage.StageProspect, storage.StageConsumer, storage.StageCustomer} {
		ids["stage_"+string(st)] = true
	}
	ids["stage_up_"+string(storage.StageConsumer)] = true
	ids["stage_up_"+string(storage.StageCustomer)] = true
	for _, m := range monthIDs {
		ids[m] = true
	}
	for _, k := range []storage.NudgeKind{storage.NudgeFirstCustomer, storage.NudgeQuietBuyer, storage.NudgeRepeatOrder,
		storage.NudgeSatisfaction, storage.NudgeKeepInTouch, storage.NudgeProspect} {
		ids["greet_"+string(k)] = true
	}
	for _, k := range undoKinds {
		ids["undo_what_"+k] = true
	}
	for d := 0; d < 7; d++ {
		ids["weekday_"+strconv.Itoa(d)] = true
	}
	return ids
}

func TestEveryMessageExistsInEveryLocale(t *testing.T) {
	used := usedIDs(t)
	if len(used) < 50 {
		t.Fatalf("found only %d message ids in the code; the pattern is broken", len(used))
	}
	var first map[string]bool
	for _, lang := range locales.Languages {
		have, err := locales.IDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		for id := range used {
			if !have[id] {
				missing = append(missing, id)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("locale %s lacks %v", lang, missing)
		}
		if first == nil {
			first = have
			continue
		}
		for id := range first {
			if !have[id] {
				t.Errorf("locale %s lacks %q that %s has", lang, id, locales.Languages[0])
			}
		}
		for id := range have {
			if !first[id] {
				t.Errorf("locale %s has %q that %s lacks", lang, id, locales.Languages[0])
			}
		}
	}
}

func TestEveryMessageRenders(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	tx := newTexts(bundle, locales.Languages)
	for _, lang := range locales.Languages {
		ids, _ := locales.IDs(lang)
		for id := range ids {
			got := tx.get(lang, id, "Name", "<x>", "Ref", "#1", "ID", 1, "Count", 2, "Amount", "Rp1", "Total", "Rp2",
				"Stage", "s", "Date", "d", "Text", "t", "Cmd", "/c", "Bot", "b", "Command", "/c", "Max", 3, "Field", "f",
				"Word", "w", "Page", 1, "Pages", 2, "Phone", "p", "Link", "https://wa.me/62", "Tags", "#a", "Note", "n",
				"Last", "l", "Reason", "r", "Day", 1, "Month", "Jan", "Year", 2026, "N", 1, "Why", "w", "Days", 3, "Gap", 4,
				"Time", "10.00", "Zone", "WIB", "From", "f", "To", "t", "Trend", "x", "Revenue", "Rp3", "Pct", 5, "Old", "o",
				"OldPct", 6, "New", "n", "Min", 1, "Max", 2, "Nudges", "on", "Digest", 9, "QuietFrom", 21, "QuietUntil", 7,
				"Prospect", 3, "FollowUp", 7, "Touch", 30, "Lapsed", 90, "Hour", 8, "Reasons", "r")
			if (got == id && id != "never") || got == "" {
				t.Errorf("%s/%s does not render", lang, id)
			}
		}
	}
}
