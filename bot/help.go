package bot

import (
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

func (c *hctx) cmdStart(_ []string) error {
	return c.reply(c.t("welcome", "Name", c.r.Name) + "\n\n" + c.helpText())
}

func (c *hctx) cmdHelp(_ []string) error { return c.reply(c.helpText()) }

// helpText is the help in the seller's language, rendered once per
// language (Server.help): it is the same for everyone, and /bantuan is
// answered often.
func (c *hctx) helpText() string {
	if h, ok := c.s.help[c.lang]; ok {
		return h
	}
	return renderHelp(c.s.texts, c.lang)
}

// renderHelp lists every command with an example, in lang; English sellers
// see the English command names.
func renderHelp(t *texts, lang string) string {
	var b strings.Builder
	b.WriteString(t.get(lang, "help_title"))
	for _, cmd := range commands() {
		if !cmd.menu {
			continue
		}
		name := cmd.name
		if lang == "en" && len(cmd.aliases) > 0 {
			name = cmd.aliases[0]
		}
		b.WriteString("\n\n" + t.get(lang, "help_"+cmd.name, "Cmd", "/"+name))
	}
	b.WriteString("\n\n" + t.get(lang, "help_footer"))
	return b.String()
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
