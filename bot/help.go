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

// helpText lists every command with an example, in the seller's language;
// English sellers see the English command names.
func (c *hctx) helpText() string {
	var b strings.Builder
	b.WriteString(c.t("help_title"))
	for _, cmd := range commands() {
		if !cmd.menu {
			continue
		}
		name := cmd.name
		if c.lang == "en" && len(cmd.aliases) > 0 {
			name = cmd.aliases[0]
		}
		b.WriteString("\n\n" + c.t("help_"+cmd.name, "Cmd", "/"+name))
	}
	b.WriteString("\n\n" + c.t("help_footer"))
	return b.String()
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
