package bot

import (
	"strings"

	"github.com/salesbot/salesbot/bot/transport"
)

// request is an update as the rules see it: transport's Request (Telegram
// types stopped there) with the command mapped onto ours and the seller's
// locale.
type request struct {
	transport.Request
	// Command (in Request) is the canonical command name here: an alias is
	// mapped to its command, an unknown word becomes "?" + word.
	Lang string // "id" or "en"

	sale *preparedSale // a /jual read before the write (prepare.go)
}

// newRequest maps a transport request onto our commands and locales.
func newRequest(tr transport.Request, aliases map[string]string) request {
	r := request{Request: tr, Lang: langOf(tr.LanguageCode)}
	r.Command = commandName(tr.Command, aliases)
	return r
}

// commandName is the canonical name of a command word as typed: an alias
// maps to its command; an unknown word becomes "?" + word.
func commandName(word string, aliases map[string]string) string {
	if word == "" {
		return ""
	}
	if canon, ok := aliases[word]; ok {
		return canon
	}
	return "?" + word
}

// langOf maps Telegram's language_code to a locale we have.
func langOf(code string) string {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return "en"
	}
	return "id"
}
