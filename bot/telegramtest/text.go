package telegramtest

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Telegram's limits, counted in UTF-16 code units after entity parsing.
const (
	maxTextLen     = 4096
	maxCaptionLen  = 1024
	maxCallbackLen = 200
)

// trimmedSpace is what Telegram strips from both ends of a text.
const trimmedSpace = " \t\r\n\v\f"

// span is an entity while parsing, in byte offsets of the parsed text.
type span struct {
	typ        models.MessageEntityType
	start, end int
	url, lang  string
	emojiID    string
}

// formatted is a text after Telegram's entity parsing.
type formatted struct {
	raw, parseMode string
	plain          string
	entities       []models.MessageEntity
}

// utf16Len counts UTF-16 code units, the unit of every Telegram length and
// offset (an emoji outside the BMP counts 2).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// formatText parses raw according to parse_mode (or explicit entities) like
// Telegram does and checks the length limit. The caller decides whether an
// empty result is allowed.
func formatText(raw, parseMode, entitiesJSON string, limit int, tooLong string) (formatted, *apiError) {
	f := formatted{raw: raw, parseMode: parseMode}
	if !utf8.ValidString(raw) {
		return f, badRequest("text must be encoded in UTF-8")
	}
	var text string
	var spans []span
	var err error
	switch {
	case entitiesJSON != "":
		// Explicit entities replace parse_mode.
		var ents []models.MessageEntity
		if json.Unmarshal([]byte(entitiesJSON), &ents) != nil {
			return f, badRequest("can't parse entities JSON object")
		}
		n := utf16Len(raw)
		for _, e := range ents {
			if !knownEntityTypes[e.Type] || e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				return f, badRequest("can't parse entities: invalid entity %q at offset %d", e.Type, e.Offset)
			}
		}
		f.plain, f.entities = trimEntities(raw, ents)
	case parseMode == "":
		f.plain, f.entities = trimEntities(raw, nil)
	case strings.EqualFold(parseMode, "HTML"):
		text, spans, err = parseHTML(raw)
	case strings.EqualFold(parseMode, "MarkdownV2"):
		text, spans, err = parseMarkdownV2(raw)
	case strings.EqualFold(parseMode, "Markdown"):
		text, spans, err = parseMarkdownLegacy(raw)
	default:
		return f, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return f, badRequest("can't parse entities: %s", err.Error())
	}
	if entitiesJSON == "" && parseMode != "" {
		f.plain, f.entities = trimEntities(text, spansToEntities(text, spans))
	}
	if utf16Len(f.plain) > limit {
		return f, badRequest("%s", tooLong)
	}
	return f, nil
}

var knownEntityTypes = map[models.MessageEntityType]bool{
	"mention": true, "hashtag": true, "cashtag": true, "bot_command": true, "url": true,
	"email": true, "phone_number": true, "bold": true, "italic": true, "underline": true,
	"strikethrough": true, "spoiler": true, "blockquote": true, "expandable_blockquote": true,
	"code": true, "pre": true, "text_link": true, "text_mention": true, "custom_emoji": true,
}

// spansToEntities converts byte spans to UTF-16 entities, dropping empty
// ones as Telegram does.
func spansToEntities(text string, spans []span) []models.MessageEntity {
	u16 := make([]int, len(text)+1)
	n := 0
	for i, r := range text {
		u16[i] = n
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	u16[len(text)] = n
	var out []models.MessageEntity
	for _, sp := range spans {
		if sp.end <= sp.start {
			continue
		}
		out = append(out, models.MessageEntity{
			Type: sp.typ, Offset: u16[sp.start], Length: u16[sp.end] - u16[sp.start],
			URL: sp.url, Language: sp.lang, CustomEmojiID: sp.emojiID,
		})
	}
	return out
}

// trimEntities strips leading and trailing whitespace like Telegram and
// moves/clips the entities accordingly, returning them sorted by offset
// (longer first on ties).
func trimEntities(text string, ents []models.MessageEntity) (string, []models.MessageEntity) {
	left := strings.TrimLeft(text, trimmedSpace)
	lead := utf16Len(text[:len(text)-len(left)])
	trimmed := strings.TrimRight(left, trimmedSpace)
	n := utf16Len(trimmed)
	var out []models.MessageEntity
	for _, e := range ents {
		start := min(max(e.Offset-lead, 0), n)
		end := min(max(e.Offset+e.Length-lead, 0), n)
		if end > start {
			e.Offset, e.Length = start, end-start
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b models.MessageEntity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	return trimmed, out
}

// sameContent reports whether two texts look identical to the user, which
// is what Telegram's "message is not modified" check compares.
func sameContent(plainA string, entsA []models.MessageEntity, plainB string, entsB []models.MessageEntity) bool {
	if plainA != plainB || len(entsA) != len(entsB) {
		return false
	}
	a, _ := json.Marshal(entsA)
	b, _ := json.Marshal(entsB)
	return string(a) == string(b)
}

// commandEntities finds bot commands the way Telegram marks them in
// incoming messages: "/cmd" or "/cmd@BotName" at the start of the text or
// after whitespace, ending at a character that cannot continue it.
func commandEntities(text string) []models.MessageEntity {
	var out []models.MessageEntity
	isCmd := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	n := len(text)
	for i := 0; i < n; i++ {
		if text[i] != '/' {
			continue
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if !isSpaceRune(prev) {
				continue
			}
		}
		j := i + 1
		for j < n && isCmd(text[j]) {
			j++
		}
		if j == i+1 || j-i-1 > 64 {
			continue
		}
		end := j
		if end < n && text[end] == '@' {
			k := end + 1
			for k < n && isCmd(text[k]) {
				k++
			}
			if k-end-1 >= 3 && k-end-1 <= 32 {
				end = k
			}
		}
		if end < n && (isCmd(text[end]) || text[end] == '/' || text[end] == '@') {
			i = end
			continue
		}
		out = append(out, models.MessageEntity{
			Type: models.MessageEntityTypeBotCommand, Offset: utf16Len(text[:i]), Length: utf16Len(text[i:end]),
		})
		i = end - 1
	}
	return out
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f' ||
		r == 0x85 || r == 0xA0 || r == 0x2028 || r == 0x2029 || r >= 0x2000 && r <= 0x200A ||
		r == 0x3000 || r == 0x202F || r == 0x205F
}
