package telegramtest

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"
)

// mdEntity is an open MarkdownV2 entity; names follow Telegram's error
// messages ("Can't find end of Bold entity at byte offset 0").
type mdEntity struct {
	name      string
	typ       models.MessageEntityType
	lang      string
	byteStart int // in the input, for error messages
	resStart  int // in the output
}

const mdReserved = "_*[]()~`>#+-=|{}.!"

// parseMarkdownV2 follows Telegram's MarkdownV2 parser: every reserved
// character outside markup must be escaped with '\', inside code and pre
// only '`' and '\' are special, and every entity must be closed. Lines
// starting with '>' form a blockquote ("**>" ... "||" an expandable one).
func parseMarkdownV2(s string) (string, []span, error) {
	n := len(s)
	at := func(i int) byte {
		if i < n {
			return s[i]
		}
		return 0
	}
	var out []byte
	var spans []span
	var stack []mdEntity
	quoteStart, quoteExpandable := -1, false
	closeQuote := func() {
		end := len(out)
		if end > 0 && out[end-1] == '\n' {
			end--
		}
		typ := models.MessageEntityTypeBlockquote
		if quoteExpandable {
			typ = models.MessageEntityTypeExpandableBlockquote
		}
		spans = append(spans, span{typ: typ, start: quoteStart, end: end})
		quoteStart, quoteExpandable = -1, false
	}
	inCode := func() bool {
		return len(stack) > 0 && (stack[len(stack)-1].typ == "code" || stack[len(stack)-1].typ == "pre")
	}
	for i := 0; i < n; i++ {
		c := s[i]
		if !inCode() && (i == 0 || s[i-1] == '\n') {
			switch {
			case c == '>':
				if quoteStart < 0 {
					quoteStart = len(out)
				}
				continue
			case c == '*' && at(i+1) == '*' && at(i+2) == '>':
				if quoteStart < 0 {
					quoteStart, quoteExpandable = len(out), true
				}
				i += 2
				continue
			case quoteStart >= 0:
				closeQuote()
			}
		}
		if c == '\\' && at(i+1) > 0 && at(i+1) <= 126 {
			i++
			out = append(out, s[i])
			continue
		}
		reserved := mdReserved
		if inCode() {
			reserved = "`"
		}
		if strings.IndexByte(reserved, c) < 0 {
			out = append(out, c)
			continue
		}
		if c == '|' && at(i+1) == '|' && quoteExpandable && (i+2 == n || s[i+2] == '\n') &&
			(len(stack) == 0 || stack[len(stack)-1].typ != "spoiler") {
			i++ // "||" ends an expandable blockquote line
			continue
		}
		if len(stack) > 0 && mdIsEnd(stack[len(stack)-1].typ, s, i) {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			sp := span{typ: top.typ, start: top.resStart, end: len(out), lang: top.lang}
			switch top.typ {
			case "underline", "spoiler":
				i++
			case "pre":
				i += 2
			case "text_link", "custom_emoji":
				var url string
				if at(i+1) != '(' {
					if top.typ == "custom_emoji" {
						return "", nil, fmt.Errorf("Custom emoji entity must contain a tg://emoji URL")
					}
					url = string(out[top.resStart:])
				} else {
					i += 2
					urlBegin := i
					var b strings.Builder
					for i < n && s[i] != ')' {
						if s[i] == '\\' && at(i+1) > 0 && at(i+1) <= 126 {
							i++
						}
						b.WriteByte(s[i])
						i++
					}
					if i >= n {
						return "", nil, fmt.Errorf("Can't find end of a URL at byte offset %d", urlBegin)
					}
					url = b.String()
				}
				if top.typ == "custom_emoji" {
					id, ok := strings.CutPrefix(url, "tg://emoji?id=")
					if !ok || !isDigits(id) {
						return "", nil, fmt.Errorf("Custom emoji URL must have an emoji identifier")
					}
					sp.emojiID = id
				} else if url == "" || strings.ContainsAny(url, " \n") {
					continue // Telegram drops links with an unusable URL
				} else {
					sp.url = url
				}
			}
			spans = append(spans, sp)
			continue
		}
		e := mdEntity{byteStart: i}
		switch c {
		case '_':
			if at(i+1) == '_' {
				e.name, e.typ = "Underline", "underline"
				i++
			} else {
				e.name, e.typ = "Italic", "italic"
			}
		case '*':
			e.name, e.typ = "Bold", "bold"
		case '~':
			e.name, e.typ = "Strikethrough", "strikethrough"
		case '|':
			if at(i+1) != '|' {
				return "", nil, mdReservedError(c)
			}
			e.name, e.typ = "Spoiler", "spoiler"
			i++
		case '[':
			e.name, e.typ = "TextUrl", "text_link"
		case '!':
			if at(i+1) != '[' {
				return "", nil, mdReservedError(c)
			}
			e.name, e.typ = "CustomEmoji", "custom_emoji"
			i++
		case '`':
			if at(i+1) != '`' || at(i+2) != '`' {
				e.name, e.typ = "Code", "code"
				break
			}
			e.name, e.typ = "Pre", "pre"
			i += 3
			le := i
			for le < n && !isHTMLSpace(s[le]) && s[le] != '`' {
				le++
			}
			if i != le && le < n && s[le] != '`' {
				e.name, e.lang = "PreCode", s[i:le]
				i = le
			}
			if at(i) == '\n' || at(i) == '\r' { // one newline after ``` is not content
				if (at(i+1) == '\n' || at(i+1) == '\r') && at(i) != at(i+1) {
					i += 2
				} else {
					i++
				}
			}
			i--
		default:
			return "", nil, mdReservedError(c)
		}
		e.resStart = len(out)
		stack = append(stack, e)
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return "", nil, fmt.Errorf("Can't find end of %s entity at byte offset %d", top.name, top.byteStart)
	}
	if quoteStart >= 0 {
		closeQuote()
	}
	return string(out), spans, nil
}

func mdIsEnd(typ models.MessageEntityType, s string, i int) bool {
	next := func(k int) byte {
		if i+k < len(s) {
			return s[i+k]
		}
		return 0
	}
	c := s[i]
	switch typ {
	case "bold":
		return c == '*'
	case "italic":
		return c == '_' && next(1) != '_'
	case "underline":
		return c == '_' && next(1) == '_'
	case "strikethrough":
		return c == '~'
	case "spoiler":
		return c == '|' && next(1) == '|'
	case "code":
		return c == '`'
	case "pre":
		return c == '`' && next(1) == '`' && next(2) == '`'
	case "text_link", "custom_emoji":
		return c == ']'
	}
	return false
}

func mdReservedError(c byte) error {
	return fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
}

// parseMarkdownLegacy is Telegram's legacy "Markdown" mode: *bold*,
// _italic_, `code`, ```pre```, [text](url), no nesting, and only _ * ` [
// can be escaped.
func parseMarkdownLegacy(s string) (string, []span, error) {
	n := len(s)
	var out []byte
	var spans []span
	for i := 0; i < n; i++ {
		c := s[i]
		if c == '\\' && i+1 < n && strings.IndexByte("_*`[", s[i+1]) >= 0 {
			i++
			out = append(out, s[i])
			continue
		}
		if strings.IndexByte("_*`[", c) < 0 {
			out = append(out, c)
			continue
		}
		begin := i
		end := c
		if c == '[' {
			end = ']'
		}
		i++
		isPre, lang := false, ""
		if c == '`' && i+1 < n && s[i] == '`' && s[i+1] == '`' {
			isPre = true
			i += 2
			le := i
			for le < n && !isHTMLSpace(s[le]) && s[le] != '`' {
				le++
			}
			if i != le && le < n && s[le] != '`' {
				lang, i = s[i:le], le+1
			}
		}
		start := len(out)
		for i < n && (s[i] != end || isPre && !(i+2 < n && s[i+1] == '`' && s[i+2] == '`')) {
			out = append(out, s[i])
			i++
		}
		if i >= n {
			return "", nil, fmt.Errorf("Can't find end of the entity starting at byte offset %d", begin)
		}
		sp := span{start: start, end: len(out)}
		switch c {
		case '_':
			sp.typ = "italic"
		case '*':
			sp.typ = "bold"
		case '`':
			sp.typ = "code"
			if isPre {
				sp.typ, sp.lang = "pre", lang
				i += 2
			}
		case '[':
			sp.typ = "text_link"
			if i+1 < n && s[i+1] == '(' {
				j := strings.IndexByte(s[i+2:], ')')
				if j < 0 {
					return "", nil, fmt.Errorf("Can't find end of the entity starting at byte offset %d", begin)
				}
				sp.url = s[i+2 : i+2+j]
				i += 2 + j
			}
			if sp.url == "" {
				continue
			}
		}
		spans = append(spans, sp)
	}
	return string(out), spans, nil
}
