package transport

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// MaxMessage is Telegram's limit on a message's text, in UTF-16 units.
const MaxMessage = 4096

// Request is an update reduced to what the rules need. Telegram types stop
// here: the handler sees only this.
type Request struct {
	UpdateID     int64
	SellerID     int64 // the Telegram user who sent it
	ChatID       int64
	Private      bool
	Name         string
	LanguageCode string // the user's Telegram language_code, as Telegram gave it
	At           time.Time

	MessageID int    // the seller's message (0 for callbacks): late replies answer it
	Text      string // message text (empty for callbacks)
	Command   string // the command word as typed, lowercase, without '/' and '@BotName'; "" if none
	Args      string // text after the command

	Callback *Callback
	Shared   *SharedContact
}

// Callback is a pressed inline button.
type Callback struct {
	ID        string
	MessageID int
	Data      string
}

// SharedContact is a contact the user shared into the chat.
type SharedContact struct {
	Phone     string
	FirstName string
	LastName  string
}

// RequestFrom converts an update; ok is false for updates Salesbot ignores
// (edits, channel posts, messages from bots). botName is the bot's username
// (a command addressed to another bot is not ours); now stands in for the
// date callback queries do not carry.
func RequestFrom(u *models.Update, botName string, now time.Time) (Request, bool) {
	r := Request{UpdateID: u.ID}
	switch {
	case u.Message != nil:
		m := u.Message
		if m.From == nil || m.From.IsBot {
			return r, false
		}
		r.SellerID, r.ChatID = m.From.ID, m.Chat.ID
		r.Private = m.Chat.Type == models.ChatTypePrivate
		r.Name, r.LanguageCode = m.From.FirstName, m.From.LanguageCode
		r.At = time.Unix(int64(m.Date), 0)
		r.Text, r.MessageID = m.Text, m.ID
		if m.Contact != nil {
			r.Shared = &SharedContact{Phone: m.Contact.PhoneNumber, FirstName: m.Contact.FirstName, LastName: m.Contact.LastName}
		}
		r.Command, r.Args = parseCommand(m.Text, m.Entities, botName)
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		if q.From.IsBot {
			return r, false
		}
		r.SellerID, r.Name, r.LanguageCode = q.From.ID, q.From.FirstName, q.From.LanguageCode
		r.Callback = &Callback{ID: q.ID, Data: q.Data}
		r.At = now // callback queries carry no date
		if msg := q.Message.Message; msg != nil {
			r.ChatID, r.Private = msg.Chat.ID, msg.Chat.Type == models.ChatTypePrivate
			r.Callback.MessageID = msg.ID
		} else if im := q.Message.InaccessibleMessage; im != nil {
			r.ChatID, r.Private = im.Chat.ID, im.Chat.Type == models.ChatTypePrivate
			r.Callback.MessageID = im.MessageID
		}
		if r.ChatID == 0 {
			r.ChatID, r.Private = q.From.ID, true
		}
	default:
		return r, false
	}
	return r, true
}

// parseCommand finds the bot command a message starts with and returns its
// word as typed (lowercase, without '/' and '@BotName'). It reads the
// text itself rather than trusting a library matcher (which misses
// "/jual@NamaBot" and commands after non-ASCII text, as entity offsets are
// UTF-16 units): a command at the start, or the first bot_command entity when
// only emoji or punctuation stand before it ("👉 /jual ..."). A command
// addressed to another bot is not ours.
func parseCommand(text string, entities []models.MessageEntity, botName string) (cmd, args string) {
	t := strings.TrimLeft(text, " \t\r\n")
	if !strings.HasPrefix(t, "/") {
		start, ok := commandEntity(text, entities)
		if !ok {
			return "", ""
		}
		t = text[start:]
	}
	head, rest, _ := strings.Cut(t, " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, rest = head[:i], head[i+1:]+" "+rest
	}
	name := strings.ToLower(head[1:])
	if at := strings.IndexByte(name, '@'); at >= 0 {
		target := name[at+1:]
		name = name[:at]
		if botName != "" && !strings.EqualFold(target, botName) {
			return "", ""
		}
	}
	if name == "" {
		return "", ""
	}
	return name, strings.TrimSpace(rest)
}

// commandEntity returns the byte offset of the first bot_command entity if
// nothing but symbols and spaces precede it.
func commandEntity(text string, entities []models.MessageEntity) (int, bool) {
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		start, ok := byteOffset(text, e.Offset)
		if !ok || start >= len(text) || text[start] != '/' {
			return 0, false
		}
		for _, r := range text[:start] {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return 0, false
			}
		}
		return start, true
	}
	return 0, false
}

// byteOffset converts a UTF-16 offset (Telegram's unit) to a byte offset.
func byteOffset(text string, units int) (int, bool) {
	n := 0
	for i, r := range text {
		if n == units {
			return i, true
		}
		if n > units {
			return 0, false
		}
		n += utf16.RuneLen(r)
	}
	return len(text), n == units
}

// UTF16Len is the length Telegram measures messages in.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
