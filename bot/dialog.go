package bot

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/salesbot/salesbot/bot/args"
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

// askPart asks for the one part a command still needs ("/catat Pak Hadi"
// needs the note) and keeps what was read, so the next message finishes
// the command.
func (c *hctx) askPart(cmd string, part args.Part, payload any, prompt string) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("ask %s: %w", part, err)
	}
	if err := c.tx.SetDialog(storage.Dialog{Command: cmd, Want: string(part), Payload: data}); err != nil {
		return err
	}
	return c.reply(prompt + "\n" + c.t("dialog_cancel_hint"))
}

// addQuestion stores a question asked with buttons that is not a choice
// of contact (the small-amount question); its buttons carry the id.
func (c *hctx) addQuestion(kind string, payload any) (uint64, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return 0, fmt.Errorf("question %s: %w", kind, err)
	}
	return c.tx.AddPending(storage.Pending{Kind: kind, Payload: data})
}

// continueDialog takes plain text as the answer to the open question. A bad
// answer is refused and the same question stays open (the transaction rolls
// back, so the dialog is as it was).
func (c *hctx) continueDialog(d storage.Dialog) error {
	if err := c.tx.ClearDialog(); err != nil {
		return err
	}
	answer := strings.TrimSpace(c.r.Text)
	if d.Want != "" {
		return c.answerPart(d, answer)
	}
	cmd := c.s.routes[d.Command]
	if cmd == nil || len(d.Args) >= len(cmd.steps) {
		return c.reply(c.t("hint"))
	}
	st := cmd.steps[len(d.Args)]
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
	toks := append([]string(nil), d.Context...)
	for i, a := range d.Args {
		switch {
		case cmd.steps[i].whole:
			toks = append(toks, a)
		default:
			toks = append(toks, input.SplitArgs(a)...)
		}
	}
	return cmd.run(c, toks)
}

// answerPart finishes a command with the part it asked for.
func (c *hctx) answerPart(d storage.Dialog, answer string) error {
	toks := input.SplitArgs(answer)
	switch d.Command + "/" + d.Want {
	case "jual/amount":
		return resume(d.Payload, func(s args.Sale) error {
			s, err := s.WithAmount(toks)
			if err != nil {
				return c.problem(err)
			}
			return c.saleFlow(s)
		})
	case "penjualan/amount":
		return resume(d.Payload, func(ref saleRef) error { return c.changeSale(ref, answer) })
	case "catat/note":
		return resume(d.Payload, func(n args.Note) error {
			n.Text = answer
			return c.noteFlow(n)
		})
	case "ingatkan/text":
		return resume(d.Payload, func(r args.Remind) error {
			r, err := r.WithText(answer)
			if err != nil {
				return c.problem(err)
			}
			return c.remindFlow(r)
		})
	case "ingatkan/when":
		return resume(d.Payload, func(r args.Remind) error {
			r, err := r.WithWhen(answer, c.r.At.In(c.loc), c.lang)
			if err != nil {
				return c.problem(err)
			}
			return c.remindFlow(r)
		})
	case "prospek/name":
		return resume(d.Payload, func(p args.Prospect) error {
			p, err := p.WithName(answer)
			if err != nil {
				return c.problem(err)
			}
			return c.addProspect(p)
		})
	case "ubah/field":
		return resume(d.Payload, func(e args.Edit) error {
			if len(toks) == 0 {
				return fail("edit_usage")
			}
			f, ok := args.ParseField(toks[0])
			if !ok {
				return fail("edit_field_unknown", "Field", toks[0])
			}
			e.Field = f
			if len(toks) == 1 {
				return c.askPart("ubah", args.PartValue, e, c.t("ask_value"))
			}
			return c.editValueFlow(e, strings.Join(toks[1:], " "))
		})
	case "ubah/value":
		return resume(d.Payload, func(e args.Edit) error { return c.editValueFlow(e, answer) })
	}
	return c.reply(c.t("hint"))
}

// cmdCancel closes whatever question is open, a typed one or one with
// buttons. With nothing open it offers to undo the seller's last write.
func (c *hctx) cmdCancel(_ []string) error {
	_, open, err := c.tx.Dialog()
	if err != nil {
		return err
	}
	if err := c.tx.ClearDialog(); err != nil {
		return err
	}
	n, err := c.tx.CancelPending()
	if err != nil {
		return err
	}
	if open || n > 0 {
		return c.reply(c.t("cancelled"))
	}
	return c.offerUndo()
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
	if args.IsSkip(answer) {
		return nil
	}
	_, err := parsePhone(answer)
	return err
}

func checkAmount(_ *hctx, answer string) error {
	if p, ok := args.AsProblem(args.CheckAmount(input.SplitArgs(answer))); ok {
		if p.Text == "" {
			p.Text = answer
		}
		return moneyError(p.Err, p.Text)
	}
	return nil
}

func checkNote(_ *hctx, answer string) error {
	_, err := cleanNote(answer)
	return err
}

func checkField(_ *hctx, answer string) error {
	if _, ok := args.ParseField(answer); !ok {
		return fail("edit_field_unknown", "Field", answer)
	}
	return nil
}
