package args

import (
	"errors"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

func TestParseSetting(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Setting
		err  error
		bad  bool
	}{
		{in: "", want: Setting{}},
		{in: "jam 8", want: Setting{Key: "digest", N: 8}},
		{in: "jam 08.00", want: Setting{Key: "digest", N: 8}},
		{in: "jam 8:00", want: Setting{Key: "digest", N: 8}},
		{in: "jam 8.30", err: ErrHalfHour},
		{in: "jam 25", err: ErrRange},
		{in: "tenang 21 7", want: Setting{Key: "quiet", N: 21, Until: 7}},
		{in: "prospek 3", want: Setting{Key: "prospect", N: 3}},
		{in: "konsumen 7", want: Setting{Key: "followup", N: 7}},
		{in: "kontak 30", want: Setting{Key: "touch", N: 30}},
		{in: "diam 90", want: Setting{Key: "lapsed", N: 90}},
		{in: "diam 3", err: ErrRange},
		{in: "ringkasan senin 8", want: Setting{Key: "summary", N: 8, Weekday: time.Monday}},
		{in: "ringkasan jumat jam 16", want: Setting{Key: "summary", N: 16, Weekday: time.Friday}},
		{in: "pengingat mati", want: Setting{Key: "nudges", Off: true}},
		{in: "pengingat hidup", want: Setting{Key: "nudges"}},
		{in: "pengingat entah", bad: true},
		{in: "warna merah", bad: true},
	} {
		got, err := ParseSetting(input.SplitArgs(tc.in))
		switch {
		case tc.err != nil:
			if !errors.Is(err, tc.err) {
				t.Errorf("ParseSetting(%q) err = %v, want %v", tc.in, err, tc.err)
			}
		case tc.bad:
			if _, ok := AsProblem(err); !ok {
				t.Errorf("ParseSetting(%q) err = %v, want a problem", tc.in, err)
			}
		case err != nil || got != tc.want:
			t.Errorf("ParseSetting(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseZoneAndStage(t *testing.T) {
	for in, want := range map[string]string{"WIB": "Asia/Jakarta", "wita": "Asia/Makassar", "WIT": "Asia/Jayapura", "": ""} {
		if got, err := ParseZone(input.SplitArgs(in)); err != nil || got != want {
			t.Errorf("ParseZone(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseZone([]string{"GMT"}); err == nil {
		t.Error("GMT accepted")
	}
	for in, want := range map[string]storage.Stage{"": "", "prospek": storage.StageProspect, "Pelanggan": storage.StageCustomer,
		"buyers": storage.StageConsumer} {
		if got, err := ParseStage(input.SplitArgs(in)); err != nil || got != want {
			t.Errorf("ParseStage(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseStage([]string{"teman"}); err == nil {
		t.Error("teman accepted as a stage")
	}
}
