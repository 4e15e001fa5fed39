package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
)

// command is one chat command. name is the Indonesian (canonical) name;
// aliases are the English ones. A command typed without arguments asks for
// them one by one (steps), unless it has none.
type command struct {
	name    string
	aliases []string
	run     func(c *hctx, args []string) error
	steps   []step
	menu    bool // listed in Telegram's command menu
	hidden  bool // only reachable as a dialog the bot opened, not typed
	// reads marks a command that usually changes nothing: it is first run
	// read-only and answered without a commit in front of its reply
	// (Server.answer). If it wants to write after all, it runs again the
	// usual way, so a wrong mark costs time, never correctness.
	reads bool
}

// step is one question of a dialog. whole keeps the answer as one argument
// (names with spaces); otherwise it is split like typed arguments.
type step struct {
	prompt string
	whole  bool
	check  func(c *hctx, answer string) error
}

// commands is the one place every command is registered, in the order
// /bantuan lists them.
func commands() []*command {
	return []*command{
		{name: "start", run: (*hctx).cmdStart},
		{name: "bantuan", aliases: []string{"help"}, run: (*hctx).cmdHelp, menu: true, reads: true},
		{name: "prospek", aliases: []string{"lead"}, run: (*hctx).cmdProspect, menu: true,
			steps: []step{{prompt: "ask_name", whole: true, check: checkName}, {prompt: "ask_phone_optional", check: checkOptionalPhone}}},
		{name: "jual", aliases: []string{"sale"}, run: (*hctx).cmdSale, menu: true,
			steps: []step{{prompt: "ask_buyer", whole: true, check: checkName}, {prompt: "ask_amount", check: checkAmount}}},
		{name: "hubungi", aliases: []string{"contacted"}, run: (*hctx).cmdContacted, menu: true,
			steps: []step{{prompt: "ask_contact", whole: true}}},
		{name: "catat", aliases: []string{"note"}, run: (*hctx).cmdNote, menu: true,
			steps: []step{{prompt: "ask_contact", whole: true}, {prompt: "ask_note", whole: true, check: checkNote}}},
		{name: "kontak", aliases: []string{"contacts"}, run: (*hctx).cmdList, menu: true, reads: true},
		{name: "penjualan", aliases: []string{"sales"}, run: (*hctx).cmdSales, menu: true, reads: true,
			steps: []step{{prompt: "ask_contact", whole: true}}},
		{name: "lihat", aliases: []string{"show"}, run: (*hctx).cmdShow, menu: true, reads: true,
			steps: []step{{prompt: "ask_contact", whole: true}}},
		{name: "cari", aliases: []string{"find"}, run: (*hctx).cmdFind, menu: true, reads: true,
			steps: []step{{prompt: "ask_word", whole: true}}},
		{name: "ubah", aliases: []string{"edit"}, run: (*hctx).cmdEdit, menu: true,
			steps: []step{{prompt: "ask_contact", whole: true}, {prompt: "ask_field", check: checkField}, {prompt: "ask_value", whole: true}}},
		{name: "hapus", aliases: []string{"delete"}, run: (*hctx).cmdDelete, menu: true,
			steps: []step{{prompt: "ask_contact", whole: true}}},
		{name: "ingatkan", aliases: []string{"remind"}, run: (*hctx).cmdRemind, menu: true,
			steps: []step{{prompt: "ask_remind", whole: false}}},
		{name: "pengingat", aliases: []string{"reminders"}, run: (*hctx).cmdReminders, menu: true, reads: true},
		{name: "ringkasan", aliases: []string{"summary"}, run: (*hctx).cmdSummary, menu: true, reads: true},
		{name: "zona", aliases: []string{"timezone"}, run: (*hctx).cmdZone, menu: true},
		{name: "pengaturan", aliases: []string{"settings"}, run: (*hctx).cmdSettings, menu: true},
		{name: "batal", aliases: []string{"cancel"}, run: (*hctx).cmdCancel, menu: true},
		{name: "lostreason", run: (*hctx).cmdLostReason, hidden: true,
			steps: []step{{prompt: "ask_reason", whole: true, check: checkNote}}},
		{name: "stopreason", run: (*hctx).cmdStopReason, hidden: true,
			steps: []step{{prompt: "ask_reason", whole: true, check: checkNote}}},
	}
}

func buildRoutes() (map[string]*command, map[string]string) {
	routes := map[string]*command{}
	aliases := map[string]string{}
	for _, c := range commands() {
		routes[c.name] = c
		if c.hidden {
			continue
		}
		aliases[c.name] = c.name
		for _, a := range c.aliases {
			aliases[a] = c.name
		}
	}
	return routes, aliases
}

// route sends a request to its handler. Plain text answers the question in
// progress; without one, a message that starts with a command word ("jual
// bu ani 50rb") is that command.
func (s *Server) route(c *hctx) error {
	r := c.r
	switch {
	case r.Callback != nil:
		return c.onCallback()
	case r.Shared != nil:
		return c.onSharedContact()
	case strings.HasPrefix(r.Command, "?"):
		if cmd, ok := args.Suggest(r.Command[1:], s.commandWords()); ok {
			return c.reply(c.t("unknown_command_suggest", "Command", "/"+r.Command[1:], "Suggest", "/"+cmd))
		}
		return c.reply(c.t("unknown_command", "Command", "/"+r.Command[1:]))
	case r.Command != "":
		return s.runCommand(c, s.routes[r.Command], r.Args)
	case strings.TrimSpace(r.Text) != "":
		d, open, err := c.tx.Dialog()
		if err != nil {
			return err
		}
		if open {
			return c.continueDialog(d)
		}
		if name, rest, ok := args.CommandWord(r.Text, s.aliases); ok {
			return s.runCommand(c, s.routes[name], rest)
		}
		return c.reply(c.t("hint"))
	default:
		return c.reply(c.t("hint"))
	}
}

func (s *Server) runCommand(c *hctx, cmd *command, text string) error {
	if cmd.name != "batal" {
		// Another command leaves the dialog in progress.
		if err := c.tx.ClearDialog(); err != nil {
			return err
		}
	}
	toks := input.SplitArgs(text)
	if len(toks) == 0 && len(cmd.steps) > 0 {
		return c.startDialog(cmd)
	}
	return cmd.run(c, toks)
}

// commandWords are the names a mistyped command is compared with.
func (s *Server) commandWords() []string {
	words := make([]string, 0, len(s.aliases))
	for w := range s.aliases {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

// registerCommands publishes the command menu, Indonesian by default and
// English for users whose Telegram is in English.
func (s *Server) registerCommands(ctx context.Context) error {
	for _, lang := range s.cfg.Languages {
		var list []models.BotCommand
		for _, c := range commands() {
			if !c.menu {
				continue
			}
			name := c.name
			if lang == "en" && len(c.aliases) > 0 {
				name = c.aliases[0]
			}
			list = append(list, models.BotCommand{Command: name, Description: s.texts.get(lang, "cmd_"+c.name)})
		}
		code := lang // Indonesian is the menu of everyone else
		if lang == "id" {
			code = ""
		}
		if err := s.tg.SetCommands(ctx, code, list); err != nil {
			return fmt.Errorf("command menu %s: %w", lang, err)
		}
	}
	return nil
}
