package args

import (
	"errors"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/bot/when"
)

func TestParseRemind(t *testing.T) {
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 29, 10, 15, 0, 0, jakarta) // a Sunday morning
	for _, tc := range []struct {
		in, name, at, text string
		miss               Part
		past               bool
		bad                bool
	}{
		{in: "Bu Sari besok jam 9 kirim katalog", name: "Bu Sari", at: "2026-11-30 09:00", text: "kirim katalog"},
		{in: "lusa bayar supplier", at: "2026-12-01 09:00", text: "bayar supplier"},
		{in: "#7 25/12 jam 10 promo", name: "#7", at: "2026-12-25 10:00", text: "promo"},
		{in: "Bu Sari Dewi 2 senin jam 10", name: "Bu Sari Dewi 2", at: "2026-11-30 10:00"},
		{in: "Orang Baru besok tagih", name: "Orang Baru", at: "2026-11-30 09:00", text: "tagih"},
		{in: "jam 7 tutup toko", at: "2026-11-29 19:00", text: "tutup toko"},
		{in: "nanti sore telepon Bu Sari", at: "2026-11-29 15:00", text: "telepon Bu Sari"},
		{in: "Pak Hadi besok pagi tagih", name: "Pak Hadi", at: "2026-11-30 09:00", text: "tagih"},
		{in: "3 hari lagi cek stok", at: "2026-12-02 09:00", text: "cek stok"},
		{in: "sari minggu depan kirim contoh", name: "sari", at: "2026-12-06 09:00", text: "kirim contoh"},
		{in: "besok jam 10", at: "2026-11-30 10:00", miss: PartText},
		{in: "Bu Sari", name: "Bu Sari", miss: PartWhen},
		{in: "Bu Sari jam 8 pagi telepon", name: "Bu Sari", past: true},
		{in: "Bu Sari kemarin", bad: true},
		{in: "", miss: PartWhen},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRemind(input.SplitArgs(tc.in), book, now, "id")
			p, isProblem := AsProblem(err)
			switch {
			case tc.miss != "":
				if !isProblem || !p.Missing || p.Part != tc.miss {
					t.Fatalf("err = %v, want missing %s", err, tc.miss)
				}
			case tc.past:
				if !errors.Is(err, when.ErrPast) {
					t.Fatalf("err = %v, want ErrPast", err)
				}
				return
			case tc.bad:
				if !isProblem || p.Part != PartWhen {
					t.Fatalf("err = %v, want an unclear time", err)
				}
				return
			case err != nil:
				t.Fatalf("err = %v", err)
			}
			at := ""
			if !got.At.IsZero() {
				at = got.At.Format("2006-01-02 15:04")
			}
			if got.Name != tc.name || at != tc.at || got.Text != tc.text {
				t.Errorf("got %q %s %q, want %q %s %q", got.Name, at, got.Text, tc.name, tc.at, tc.text)
			}
		})
	}
	r, err := Remind{Name: "#7"}.WithWhen("besok jam 9 tagih", now, "id")
	if err != nil || r.Name != "#7" || r.Text != "tagih" || r.At.Hour() != 9 {
		t.Errorf("WithWhen = %+v, %v", r, err)
	}
	if r, err := (Remind{At: now.Add(time.Hour)}).WithText("kirim katalog"); err != nil || r.Text != "kirim katalog" {
		t.Errorf("WithText = %+v, %v", r, err)
	}
}

func FuzzParseRemind(f *testing.F) {
	for _, s := range []string{"Bu Sari besok jam 9 kirim", "jam 25", "#7 31/2", "nanti sore"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 29, 10, 15, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseRemind(input.SplitArgs(s), book, now, "id")
		if err == nil && (!got.At.After(now) || (got.Name == "" && got.Text == "")) {
			t.Errorf("ParseRemind(%q) = %+v", s, got)
		}
	})
}
