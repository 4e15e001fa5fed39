// Package locales holds every user-visible text of Salesbot, Indonesian
// first and English second, embedded in the binary.
//
// Texts are go-i18n message files in TOML. Messages are Telegram HTML: a
// template value that comes from a seller is escaped by the caller before it
// is put in, so a name like "Toko <Maju> & Jaya_*" shows as typed.
package locales

import (
	"embed"
	"fmt"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed *.toml
var files embed.FS

// Languages are the locales shipped, the default first.
var Languages = []string{"id", "en"}

// Bundle loads the embedded message files. Indonesian is the default: a
// message missing in another language falls back to it.
func Bundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Indonesian)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, lang := range Languages {
		name := "active." + lang + ".toml"
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if _, err := b.ParseMessageFileBytes(data, name); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
	}
	return b, nil
}

// IDs returns the message ids of one language file, for completeness checks.
func IDs(lang string) (map[string]bool, error) {
	name := "active." + lang + ".toml"
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	ids := make(map[string]bool, len(raw))
	for id := range raw {
		ids[id] = true
	}
	return ids, nil
}
