package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// htmlTags are the only tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]models.MessageEntityType{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler",
	"a":          "text_link",
	"code":       "code",
	"pre":        "pre",
	"blockquote": "blockquote",
	"tg-emoji":   "custom_emoji",
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// decodeHTMLEntity decodes the character reference starting at s[i] ('&').
// Telegram supports only &lt; &gt; &amp; &quot; and numeric references.
func decodeHTMLEntity(s string, i int) (decoded string, next int, ok bool) {
	semi := strings.IndexByte(s[i:], ';')
	if semi < 2 || semi > 12 {
		return "", i, false
	}
	name := s[i+1 : i+semi]
	next = i + semi + 1
	switch name {
	case "lt":
		return "<", next, true
	case "gt":
		return ">", next, true
	case "amp":
		return "&", next, true
	case "quot":
		return `"`, next, true
	}
	if name[0] != '#' || len(name) < 2 {
		return "", i, false
	}
	var code uint64
	var err error
	if name[1] == 'x' || name[1] == 'X' {
		code, err = strconv.ParseUint(name[2:], 16, 32)
	} else {
		code, err = strconv.ParseUint(name[1:], 10, 32)
	}
	r := rune(code)
	if err != nil || code == 0 || code > utf8.MaxRune || !utf8.ValidRune(r) {
		return "", i, false
	}
	return string(r), next, true
}

type htmlOpen struct {
	tag      string
	arg      string // href, language, emoji id, "expandable"
	resStart int
	entity   int // index in spans
}

// parseHTML implements Telegram's HTML parse mode: supported tags only,
// properly nested and closed, '<' and '&' only as markup. Unlike Telegram,
// which keeps a stray '&' literally, a '&' that does not start a supported
// character reference is rejected: it means user text was not escaped.
func parseHTML(s string) (string, []span, error) {
	var out []byte
	var spans []span
	var stack []htmlOpen
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		if c == '&' {
			dec, next, ok := decodeHTMLEntity(s, i)
			if !ok {
				return "", nil, fmt.Errorf("character '&' at byte offset %d does not start a supported HTML entity; escape it as &amp;", i)
			}
			out = append(out, dec...)
			i = next
			continue
		}
		if c != '<' {
			out = append(out, c)
			i++
			continue
		}
		begin := i
		if i+1 < n && s[i+1] == '/' { // end tag
			i += 2
			j := i
			for j < n && !isHTMLSpace(s[j]) && s[j] != '>' {
				j++
			}
			name := strings.ToLower(s[i:j])
			for j < n && isHTMLSpace(s[j]) {
				j++
			}
			if j >= n || s[j] != '>' {
				return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
			}
			if len(stack) == 0 {
				return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
			}
			top := stack[len(stack)-1]
			if name != top.tag {
				return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.tag, name)
			}
			stack = stack[:len(stack)-1]
			closeHTMLEntity(&spans, stack, top, len(out))
			i = j + 1
			continue
		}
		open, next, err := parseStartTag(s, i)
		if err != nil {
			return "", nil, err
		}
		if open.tag == "span" && open.arg != "spoiler" {
			return "", nil, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
		}
		if open.tag == "tg-emoji" && !isDigits(open.arg) {
			return "", nil, fmt.Errorf("Custom emoji entity must contain a valid custom emoji identifier at byte offset %d", begin)
		}
		open.resStart = len(out)
		open.entity = len(spans)
		spans = append(spans, span{typ: htmlTags[open.tag], start: len(out), end: -1})
		stack = append(stack, open)
		i = next
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].tag)
	}
	// Drop placeholders that were cancelled (e.g. code inside pre).
	kept := spans[:0]
	for _, sp := range spans {
		if sp.end >= 0 {
			kept = append(kept, sp)
		}
	}
	return string(out), kept, nil
}

// closeHTMLEntity fills in the span reserved when the tag was opened.
func closeHTMLEntity(spans *[]span, stack []htmlOpen, o htmlOpen, end int) {
	sp := &(*spans)[o.entity]
	switch o.tag {
	case "a":
		if o.arg == "" || strings.ContainsAny(o.arg, " \n") {
			return // Telegram silently drops links without a usable URL
		}
		sp.url = o.arg
	case "code":
		if len(stack) > 0 && stack[len(stack)-1].tag == "pre" {
			// <pre><code class="language-x">: one pre entity with a language.
			if o.arg != "" {
				(*spans)[stack[len(stack)-1].entity].lang = o.arg
			}
			return
		}
	case "blockquote":
		if o.arg != "" {
			sp.typ = models.MessageEntityTypeExpandableBlockquote
		}
	case "tg-emoji":
		sp.emojiID = o.arg
	}
	sp.end = end
}

// parseStartTag parses "<name attr=value ...>" at s[i] == '<'.
func parseStartTag(s string, i int) (htmlOpen, int, error) {
	n := len(s)
	begin := i
	i++
	j := i
	for j < n && !isHTMLSpace(s[j]) && s[j] != '>' {
		j++
	}
	if j >= n {
		return htmlOpen{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	tag := strings.ToLower(s[i:j])
	if _, ok := htmlTags[tag]; !ok {
		return htmlOpen{}, 0, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", tag, begin)
	}
	o := htmlOpen{tag: tag}
	i = j
	for {
		for i < n && isHTMLSpace(s[i]) {
			i++
		}
		if i >= n {
			return o, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if s[i] == '>' {
			return o, i + 1, nil
		}
		attrBegin := i
		for i < n && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' {
			i++
		}
		attr := strings.ToLower(s[attrBegin:i])
		if attr == "" {
			return o, 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", tag, attrBegin)
		}
		for i < n && isHTMLSpace(s[i]) {
			i++
		}
		if i >= n || s[i] != '=' {
			if tag == "blockquote" && attr == "expandable" {
				o.arg = "expandable"
				continue
			}
			return o, 0, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", tag, attrBegin)
		}
		i++
		for i < n && isHTMLSpace(s[i]) {
			i++
		}
		if i >= n {
			return o, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		var value strings.Builder
		if q := s[i]; q == '"' || q == '\'' {
			i++
			for i < n && s[i] != q {
				if s[i] == '&' {
					dec, next, ok := decodeHTMLEntity(s, i)
					if !ok {
						return o, 0, fmt.Errorf("character '&' at byte offset %d does not start a supported HTML entity; escape it as &amp;", i)
					}
					value.WriteString(dec)
					i = next
					continue
				}
				value.WriteByte(s[i])
				i++
			}
			if i >= n {
				return o, 0, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			i++
		} else {
			tokBegin := i
			for i < n && (isAlnum(s[i]) || s[i] == '.' || s[i] == '-') {
				i++
			}
			if i >= n || !isHTMLSpace(s[i]) && s[i] != '>' {
				return o, 0, fmt.Errorf("Unexpected end of name token at byte offset %d", i)
			}
			value.WriteString(strings.ToLower(s[tokBegin:i]))
		}
		v := value.String()
		switch {
		case tag == "a" && attr == "href":
			o.arg = v
		case tag == "code" && attr == "class" && strings.HasPrefix(v, "language-"):
			o.arg = strings.TrimPrefix(v, "language-")
		case tag == "span" && attr == "class" && strings.HasPrefix(v, "tg-"):
			o.arg = strings.TrimPrefix(v, "tg-")
		case tag == "tg-emoji" && attr == "emoji-id":
			o.arg = v
		case tag == "blockquote" && attr == "expandable":
			o.arg = "expandable"
		}
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
