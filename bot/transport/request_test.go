package transport

import (
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestParseCommand(t *testing.T) {
	cmdEntity := func(offset, length int) []models.MessageEntity {
		return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: offset, Length: length}}
	}
	for _, tc := range []struct {
		name, text string
		entities   []models.MessageEntity
		cmd, args  string
	}{
		{"plain", "/jual Bu Sari 350rb", nil, "jual", "Bu Sari 350rb"},
		{"alias as typed", "/sale Bu Sari 350rb", nil, "sale", "Bu Sari 350rb"},
		{"upper case", "/JUAL Budi 5rb", nil, "jual", "Budi 5rb"},
		{"our bot suffix", "/jual@SalesbotTestBot Bu Sari 350rb", nil, "jual", "Bu Sari 350rb"},
		{"other bot suffix", "/jual@OtherBot Bu Sari 350rb", nil, "", ""},
		{"newline after command", "/catat\nBu Sari catatan", nil, "catat", "Bu Sari catatan"},
		{"unknown", "/xyz 1", nil, "xyz", "1"},
		{"after emoji", "🎉 /jual Bu Sari 350rb", cmdEntity(3, 5), "jual", "Bu Sari 350rb"},
		{"after emoji with suffix", "👉👉 /jual@SalesbotTestBot Budi 1jt", cmdEntity(5, 21), "jual", "Budi 1jt"},
		{"after words is not a command", "kemarin /jual error", cmdEntity(8, 5), "", ""},
		{"entity offset wrong", "🎉 /jual Bu Sari", cmdEntity(2, 5), "", ""},
		{"not a command", "halo", nil, "", ""},
		{"slash only", "/", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, args := parseCommand(tc.text, tc.entities, "SalesbotTestBot")
			if cmd != tc.cmd || args != tc.args {
				t.Errorf("parseCommand(%q) = %q, %q; want %q, %q", tc.text, cmd, args, tc.cmd, tc.args)
			}
		})
	}
}
