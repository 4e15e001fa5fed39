package args

import (
	"slices"
	"testing"

	"github.com/salesbot/salesbot/bot/input"
)

func TestParseEdit(t *testing.T) {
	for _, tc := range []struct {
		in      string
		name    string
		field   Field
		newName string
		phone   string
		tags    []string
		note    string
		miss    Part
		bad     Part
	}{
		{in: "Bu Sari hp 0813-1111-2222", name: "Bu Sari", field: FieldPhone, phone: "+6281311112222"},
		{in: "Bu Sari no 0813-1111-2222", name: "Bu Sari", field: FieldPhone, phone: "+6281311112222"},
		{in: "Toko No Name hp 0812-5555-6666", name: "Toko No Name", field: FieldPhone, phone: "+6281255556666"},
		{in: "Toko Nomor Satu hp 0812-5555-6666", name: "Toko Nomor Satu", field: FieldPhone, phone: "+6281255556666"},
		{in: "#7 hp -", name: "#7", field: FieldPhone},
		{in: "#7 nama Bu Sari Dewi", name: "#7", field: FieldName, newName: "Bu Sari Dewi"},
		{in: "Pak Budi nama Pak Budi Santoso", name: "Pak Budi", field: FieldName, newName: "Pak Budi Santoso"},
		{in: "Bu Sari tag grosir, lebaran", name: "Bu Sari", field: FieldTag, tags: []string{"grosir", "lebaran"}},
		{in: "Bu Sari tag #grosir #lebaran", name: "Bu Sari", field: FieldTag, tags: []string{"grosir", "lebaran"}},
		{in: "Bu Sari catatan suka bayar tunai", name: "Bu Sari", field: FieldNote, note: "suka bayar tunai"},
		{in: "Bu Sari catatan no hp baru", name: "Bu Sari", field: FieldNote, note: "no hp baru"},
		{in: "Bu Sari wa 0813 1111 2222", name: "Bu Sari", field: FieldPhone, phone: "+6281311112222"},
		{in: "sari hp 0813-1111-2222", name: "sari", field: FieldPhone, phone: "+6281311112222"},
		{in: "Bu Sari", name: "Bu Sari", miss: PartField},
		{in: "Bu Sari hp", name: "Bu Sari", field: FieldPhone, miss: PartValue},
		{in: "Bu Sari umur 30", name: "Bu Sari", bad: PartField},
		{in: "Orang Asing umur 30", bad: PartField},
		{in: "#7 hp 12", bad: PartPhone},
		{in: "Bu Sari tag ###", bad: PartTag},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseEdit(input.SplitArgs(tc.in), book)
			if !wantProblem(t, err, tc.miss, tc.bad) {
				return
			}
			if got.Name != tc.name || got.Field != tc.field || got.NewName != tc.newName || got.Phone != tc.phone ||
				!slices.Equal(got.Tags, tc.tags) || got.Note != tc.note {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func FuzzParseEdit(f *testing.F) {
	for _, s := range []string{"Toko No Name hp 0812-5555-6666", "#7 tag , ,", "no no no", "nama"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseEdit(input.SplitArgs(s), book)
		if err == nil && (got.Name == "" || got.Field == "") {
			t.Errorf("ParseEdit(%q) = %+v", s, got)
		}
	})
}
