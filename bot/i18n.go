package bot

import (
	"fmt"
	"html"
	"strconv"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// rawHTML is template data that is already Telegram HTML (built by us from
// escaped parts); every other string is escaped before it reaches a template.
type rawHTML string

// texts renders locale messages. It holds one localizer per language.
type texts struct {
	locs  map[string]*i18n.Localizer
	fixed sync.Map // lang+"\x00"+id -> rendered text of messages without data
}

func newTexts(b *i18n.Bundle, langs []string) *texts {
	t := &texts{locs: map[string]*i18n.Localizer{}}
	for _, l := range langs {
		t.locs[l] = i18n.NewLocalizer(b, l, "id")
	}
	return t
}

// get renders message id in lang with kv pairs ("Name", value, ...). A
// missing message is a programming error caught by tests; at run time it
// shows the id rather than nothing.
func (t *texts) get(lang, id string, kv ...any) string {
	if len(kv) == 0 {
		key := lang + "\x00" + id
		if s, ok := t.fixed.Load(key); ok {
			return s.(string)
		}
		s := t.render(lang, id, nil)
		t.fixed.Store(key, s)
		return s
	}
	return t.render(lang, id, kv)
}

func (t *texts) render(lang, id string, kv []any) string {
	loc := t.locs[lang]
	if loc == nil {
		loc = t.locs["id"]
	}
	var data map[string]any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			key, _ := kv[i].(string)
			data[key] = templateValue(kv[i+1])
		}
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

func templateValue(v any) any {
	switch x := v.(type) {
	case rawHTML:
		return string(x)
	case string:
		return html.EscapeString(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case time.Time:
		return x.Format(time.RFC3339)
	default:
		return html.EscapeString(fmt.Sprint(x))
	}
}
