package args

import (
	"slices"
	"testing"

	"github.com/salesbot/salesbot/bot/input"
)

func TestParseProspect(t *testing.T) {
	for _, tc := range []struct {
		in    string
		name  string
		phone string
		tags  []string
		note  string
		miss  Part
		bad   Part
	}{
		{in: "Bu Sari", name: "Bu Sari"},
		{in: "Bu Sari 0812-3456-7890", name: "Bu Sari", phone: "+6281234567890"},
		{in: "Bu Sari 0812-3456-7890 #arisan - mau kerudung biru", name: "Bu Sari", phone: "+6281234567890", tags: []string{"arisan"}, note: "mau kerudung biru"},
		{in: "Bu Sari +62 812 3456 7890", name: "Bu Sari", phone: "+6281234567890"},
		{in: "Bu Sari 6281234567890", name: "Bu Sari", phone: "+6281234567890"},
		{in: "Bu Sari 081234567890 mau gamis", name: "Bu Sari", phone: "+6281234567890", note: "mau gamis"},
		{in: "Toko Maju (021) 555-1234", name: "Toko Maju", phone: "+62215551234"},
		{in: "Toko 99", name: "Toko 99"},
		{in: "Toko 99 0812-3456-7890", name: "Toko 99", phone: "+6281234567890"},
		{in: "Warung Bu Tini 2", name: "Warung Bu Tini 2"},
		{in: "Pelanggan Nomor 001 Toko Sembako", name: "Pelanggan Nomor 001 Toko Sembako"},
		{in: "Pak RT 05", name: "Pak RT 05"},
		{in: "Bu Sari #arisan #reseller", name: "Bu Sari", tags: []string{"arisan", "reseller"}},
		{in: "Bu Sari #Arisan #arisan", name: "Bu Sari", tags: []string{"arisan"}},
		{in: "Bu Sari: teman arisan", name: "Bu Sari", note: "teman arisan"},
		{in: "Bu Sari, teman arisan", name: "Bu Sari", note: "teman arisan"},
		{in: "Bu Sari - dari IG", name: "Bu Sari", note: "dari IG"},
		{in: "Bu Sari — dari IG", name: "Bu Sari", note: "dari IG"},
		{in: "Mbak Rina 0857 1234 5678 #ig", name: "Mbak Rina", phone: "+6285712345678", tags: []string{"ig"}},
		{in: "Kak Yuni #ig 0857-1234-5678", name: "Kak Yuni", phone: "+6285712345678", tags: []string{"ig"}},
		{in: "H. Amir 0812 3456 7890 tokoh masjid", name: "H. Amir", phone: "+6281234567890", note: "tokoh masjid"},
		{in: `"Bu Sari Dewi" 0812-3456-7890`, name: "Bu Sari Dewi", phone: "+6281234567890"},
		{in: "Ibu 🌸 Kembang", name: "Ibu 🌸 Kembang"},
		{in: "Bu Sari -", name: "Bu Sari"},
		{in: "Bu Sari 0812-3456-7890 -", name: "Bu Sari", phone: "+6281234567890"},
		{in: "0812-3456-7890 Bu Sari", name: "Bu Sari", phone: "+6281234567890"},
		// Missing and unclear.
		{in: "0812-1111-2222", phone: "+6281211112222", miss: PartName},
		{in: "0812-1111-2222 #arisan", phone: "+6281211112222", tags: []string{"arisan"}, miss: PartName},
		{in: "", miss: PartName},
		{in: "Bu Rina 0812-0000-000000000", bad: PartPhone},
		{in: "Bu Rina 0812-3456", bad: PartPhone},
		{in: "!!!", bad: PartName},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseProspect(input.SplitArgs(tc.in))
			if !wantProblem(t, err, tc.miss, tc.bad) {
				return
			}
			if got.Name != tc.name || got.Phone != tc.phone || !slices.Equal(got.Tags, tc.tags) || got.Note != tc.note {
				t.Errorf("got %+v, want name %q phone %q tags %q note %q", got, tc.name, tc.phone, tc.tags, tc.note)
			}
		})
	}
}

func TestProspectWithName(t *testing.T) {
	p := Prospect{Phone: "+6281211112222"}
	if got, err := p.WithName("Bu Rina"); err != nil || got.Name != "Bu Rina" || got.Phone != p.Phone {
		t.Errorf("WithName = %+v, %v", got, err)
	}
	if _, err := p.WithName("0812-1111-2222"); err == nil {
		t.Error("a phone number was taken as the name")
	}
}

func FuzzParseProspect(f *testing.F) {
	for _, s := range []string{"Bu Sari 0812-3456-7890 #arisan - mau", "0812", "#x #7 - :", `"a b" +62`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseProspect(input.SplitArgs(s))
		if err == nil && got.Name == "" {
			t.Errorf("ParseProspect(%q) = %+v without a name", s, got)
		}
	})
}
