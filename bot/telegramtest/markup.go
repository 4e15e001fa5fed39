package telegramtest

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/go-telegram/bot/models"
)

const maxInlineButtons = 100

// markup is a validated reply_markup.
type markup struct {
	inline         string // canonical inline keyboard JSON, "" if none
	replyKeyboard  string // reply keyboard JSON as sent, "" if none
	removeKeyboard bool
	forceReply     bool
}

// inlineActionKeys are the InlineKeyboardButton fields of which exactly one
// must be present.
var inlineActionKeys = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// parseMarkup validates reply_markup like Telegram. Edit methods accept
// only inline keyboards (inlineOnly).
func parseMarkup(raw string, inlineOnly bool) (markup, *apiError) {
	var m markup
	if raw == "" {
		return m, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &obj) != nil {
		return m, badRequest("can't parse reply keyboard markup JSON object")
	}
	if kb, ok := obj["inline_keyboard"]; ok {
		canon, e := validateInlineKeyboard(kb)
		m.inline = canon
		return m, e
	}
	if inlineOnly {
		return m, badRequest("inline keyboard expected")
	}
	switch {
	case obj["keyboard"] != nil:
		var kb models.ReplyKeyboardMarkup
		if json.Unmarshal([]byte(raw), &kb) != nil {
			return m, badRequest("can't parse reply keyboard markup JSON object")
		}
		for _, row := range kb.Keyboard {
			for _, b := range row {
				if b.Text == "" {
					return m, badRequest("keyboard button text must be non-empty")
				}
			}
		}
		m.replyKeyboard = raw
	case string(obj["remove_keyboard"]) == "true":
		m.removeKeyboard = true
	case string(obj["force_reply"]) == "true":
		m.forceReply = true
	default:
		return m, badRequest("can't parse reply keyboard markup JSON object")
	}
	return m, nil
}

// validateInlineKeyboard checks every button and returns the keyboard in a
// canonical JSON form (sorted keys, no empty optional fields) so that
// equal keyboards compare equal for "message is not modified". An empty
// keyboard canonicalizes to "" (no keyboard), as in Telegram.
func validateInlineKeyboard(kb json.RawMessage) (string, *apiError) {
	var rows [][]map[string]json.RawMessage
	if json.Unmarshal(kb, &rows) != nil {
		return "", badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
	}
	count := 0
	var canon [][]map[string]json.RawMessage
	for _, row := range rows {
		if len(row) == 0 {
			continue
		}
		for _, b := range row {
			count++
			if e := validateInlineButton(b); e != nil {
				return "", e
			}
		}
		canon = append(canon, row)
	}
	if count > maxInlineButtons {
		return "", badRequest("reply markup is too long")
	}
	if len(canon) == 0 {
		return "", nil
	}
	out, _ := json.Marshal(map[string]any{"inline_keyboard": canon})
	return string(out), nil
}

// validateInlineButton checks one button and strips fields that the
// go-telegram client always sends empty (copy_text) or false (pay).
func validateInlineButton(b map[string]json.RawMessage) *apiError {
	var text string
	if json.Unmarshal(b["text"], &text) != nil {
		return badRequest("can't parse inline keyboard button: Field \"text\" must be of type String")
	}
	if strings.TrimSpace(text) == "" {
		return badRequest("can't parse inline keyboard button: Text must be non-empty")
	}
	if ct, ok := b["copy_text"]; ok {
		var v struct{ Text string }
		if json.Unmarshal(ct, &v) == nil && v.Text == "" {
			delete(b, "copy_text")
		}
	}
	if string(b["pay"]) == "false" {
		delete(b, "pay")
	}
	actions := 0
	for _, k := range inlineActionKeys {
		if _, ok := b[k]; ok {
			actions++
		}
	}
	switch {
	case actions == 0:
		return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	case actions > 1:
		return badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
	}
	if raw, ok := b["callback_data"]; ok {
		var data string
		if json.Unmarshal(raw, &data) != nil || len(data) < 1 || len(data) > 64 {
			return badRequest("BUTTON_DATA_INVALID")
		}
	}
	if raw, ok := b["url"]; ok {
		var u string
		if json.Unmarshal(raw, &u) != nil || !validButtonURL(u) {
			return badRequest("BUTTON_URL_INVALID")
		}
	}
	return nil
}

func validButtonURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(raw, " \n\t") {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return u.Opaque != "" || u.Host != ""
	}
	return false
}
