package bot

import (
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot/transport"
	"github.com/salesbot/salesbot/storage"
)

// The command word itself is read by transport (its TestParseCommand); the
// bot maps it onto its commands: aliases to the canonical name, anything
// else to "?word".
func TestCommandAliases(t *testing.T) {
	_, aliases := buildRoutes()
	for _, tc := range []struct{ text, cmd, args string }{
		{"/jual Bu Sari 350rb", "jual", "Bu Sari 350rb"},
		{"/sale Bu Sari 350rb", "jual", "Bu Sari 350rb"},
		{"/JUAL Budi 5rb", "jual", "Budi 5rb"},
		{"/help", "bantuan", ""},
		{"/penjualan Bu Sari", "penjualan", "Bu Sari"},
		{"/xyz 1", "?xyz", "1"},
		{"/lostreason x", "?lostreason", "x"}, // hidden: only as a dialog the bot opened
		{"halo", "", ""},
	} {
		cmd, args := parseCommand(tc.text, nil, "SalesbotTestBot", aliases)
		if cmd != tc.cmd || args != tc.args {
			t.Errorf("%q = %q, %q; want %q, %q", tc.text, cmd, args, tc.cmd, tc.args)
		}
	}
}

// parseCommand reads a message's command as the bot sees it: the word
// transport found, mapped onto our commands.
func parseCommand(text string, entities []models.MessageEntity, botName string, aliases map[string]string) (cmd, args string) {
	u := &models.Update{ID: 1, Message: &models.Message{ID: 1, From: &models.User{ID: 7}, Date: 1,
		Chat: models.Chat{ID: 7, Type: models.ChatTypePrivate}, Text: text, Entities: entities}}
	tr, ok := transport.RequestFrom(u, botName, time.Now())
	if !ok {
		return "", ""
	}
	r := newRequest(tr, aliases)
	return r.Command, r.Args
}

func TestCallbackDataFitsTelegram(t *testing.T) {
	for _, d := range []cbData{
		{kind: cbPick, id: ^uint64(0), arg: "new"},
		{kind: cbPage, arg: "pelanggan.99999999"},
		{kind: cbNudge, id: ^uint64(0), arg: "snooze"},
	} {
		seller := int64(-1 << 63)
		s := d.encode(seller)
		if len(s) > maxCallbackData {
			t.Errorf("%q is %d bytes, over %d", s, len(s), maxCallbackData)
		}
		got, ok := decodeCB(s, seller)
		if !ok || got != d {
			t.Errorf("decode(%q) = %+v, %v; want %+v", s, got, ok, d)
		}
		if _, ok := decodeCB(s, seller+1); ok {
			t.Errorf("%q accepted from another seller", s)
		}
	}
	tag := ownerTag(7)
	for _, bad := range []string{"", "p", "p:x:1:" + tag, "pp:1:2:" + tag, "p:-1:2:" + tag, "p:1:2", "p:1:2:" + tag + ":x"} {
		if _, ok := decodeCB(bad, 7); ok {
			t.Errorf("decodeCB(%q) accepted", bad)
		}
	}
}

func TestSplitMessageKeepsEachPartWithinLimit(t *testing.T) {
	line := "<b>Bu Sari</b> "
	var text string
	for len([]rune(text)) < 3*maxMessage {
		text += line + "😀 catatan panjang sekali &amp; aman\n"
	}
	parts := splitMessage(storageMsg(text))
	if len(parts) < 3 {
		t.Fatalf("got %d parts, want at least 3", len(parts))
	}
	for i, p := range parts {
		if n := transport.UTF16Len(p.Text); n > maxMessage {
			t.Errorf("part %d is %d UTF-16 units", i, n)
		}
		if i < len(parts)-1 && p.Buttons != nil {
			t.Errorf("part %d carries the buttons", i)
		}
	}
	if parts[len(parts)-1].Buttons == nil {
		t.Error("buttons lost")
	}
}

func storageMsg(text string) storage.OutMessage {
	return storage.OutMessage{Text: text, HTML: true, Buttons: [][]storage.Button{{{Text: "x", Data: "o:1:"}}}}
}
