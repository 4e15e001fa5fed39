package bot

import (
	"strings"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// startDialog asks the first question of a command typed without arguments.
func (c *hctx) startDialog(cmd *command) error {
	if err := c.tx.SetDialog(storage.Dialog{Command: cmd.name}); err != nil {
		return err
	}
	return c.reply(c.t(cmd.steps[0].prompt) + "\n" + c.t("dialog_cancel_hint"))
}

// continueDialog takes plain text as the answer to the open question. A bad
// answer is refused and the same question stays open (the transaction rolls
// back, so the dialog is as it was).
func (c *hctx) continueDialog() error {
	d, ok, err := c.tx.Dialog()
	if err != nil {
		return err
	}
	cmd := c.s.routes[d.Command]
	if !ok || cmd == nil || len(d.Args) >= len(cmd.steps) {
		if ok {
			if err := c.tx.ClearDialog(); err != nil {
				return err
			}
		}
		return c.reply(c.t("hint"))
	}
	st := cmd.steps[len(d.Args)]
	answer := strings.TrimSpace(c.r.Text)
	if st.check != nil {
		if err := st.check(c, answer); err != nil {
			return err
		}
	}
	d.Args = append(d.Args, answer)
	if len(d.Args) < len(cmd.steps) {
		if err := c.tx.SetDialog(d); err != nil {
			return err
		}
		return c.reply(c.t(cmd.steps[len(d.Args)].prompt))
	}
	if err := c.tx.ClearDialog(); err != nil {
		return err
	}
	args := append([]string(nil), d.Context...)
	for i, a := range d.Args {
		switch {
		case cmd.steps[i].whole:
			args = append(args, a)
		default:
			args = append(args, input.SplitArgs(a)...)
		}
	}
	return cmd.run(c, args)
}

func (c *hctx) cmdCancel(_ []string) error {
	_, ok, err := c.tx.Dialog()
	if err != nil {
		return err
	}
	if err := c.tx.ClearDialog(); err != nil {
		return err
	}
	if ok {
		return c.reply(c.t("cancelled"))
	}
	return c.reply(c.t("nothing_to_cancel"))
}

func checkName(_ *hctx, answer string) error {
	if strings.HasPrefix(answer, "#") {
		if _, ok := input.ParseShortNumber(answer); ok {
			return nil
		}
	}
	_, err := cleanName(answer)
	return err
}

func checkOptionalPhone(_ *hctx, answer string) error {
	if skipWord(answer) {
		return nil
	}
	_, err := parsePhone(answer)
	return err
}

func checkAmount(_ *hctx, answer string) error {
	toks := input.SplitArgs(answer)
	if len(toks) == 0 {
		return fail("amount_missing")
	}
	_, _, ok, err := input.ScanMoney(toks, 0)
	if !ok {
		return fail("amount_unreadable", "Text", answer)
	}
	return moneyError(err, answer)
}

func checkNote(_ *hctx, answer string) error {
	_, err := cleanNote(answer)
	return err
}

func checkField(_ *hctx, answer string) error {
	if _, ok := editField(strings.ToLower(strings.TrimSpace(answer))); !ok {
		return fail("edit_field_unknown", "Field", answer)
	}
	return nil
}

// skipWord is how a seller says "no phone" in a dialog.
func skipWord(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "-", "lewati", "skip", "tidak", "tidak ada", "no", "none", "ga", "gak", "nggak":
		return true
	}
	return false
}
