package bot

import (
	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/storage"
)

// cmdContacted is "/hubungi NAMA [catatan]": the seller reached the contact
// today, which resets the follow-up clock.
func (c *hctx) cmdContacted(toks []string) error {
	v, err := args.ParseContacted(toks, c.book)
	if c.book.err != nil {
		return c.book.err
	}
	if err != nil {
		return c.problem(err)
	}
	return c.withContact("hubungi", v.Name, v, func(ct storage.Contact) error { return c.logContacted(ct, v) })
}

func (c *hctx) logContacted(ct storage.Contact, v args.Contacted) error {
	ct, _, err := c.tx.LogContacted(ct.ID, v.Note)
	if err != nil {
		return err
	}
	return c.replyUndoable(c.t("contacted_logged", "Name", ct.Name, "Ref", shortRef(ct.ID), "Date", c.date(ct.LastContactAt)),
		storage.UndoLabel{Kind: undoContacted, Name: ct.Name, Text: v.Note})
}

// cmdNote is "/catat NAMA catatan". A name alone asks for the note and
// takes the next message as the answer.
func (c *hctx) cmdNote(toks []string) error {
	n, err := args.ParseNote(toks, c.book)
	if c.book.err != nil {
		return c.book.err
	}
	if p, ok := args.AsProblem(err); ok {
		if p.Missing && p.Part == args.PartNote {
			// Ask only once we know the contact is there.
			return c.withContact("catat", n.Name, n, func(ct storage.Contact) error {
				return c.askPart("catat", args.PartNote, args.Note{Name: shortRef(ct.ID)},
					c.t("ask_note_for", "Name", ct.Name))
			})
		}
		return c.refusal(p)
	}
	return c.noteFlow(n)
}

// noteFlow adds a note read whole (or finished by the question).
func (c *hctx) noteFlow(n args.Note) error {
	text, err := cleanNote(n.Text)
	if err != nil {
		return err
	}
	if text == "" {
		return fail("note_missing", "Name", n.Name)
	}
	n.Text = text
	return c.withContact("catat", n.Name, n, func(ct storage.Contact) error { return c.addNote(ct, n) })
}

func (c *hctx) addNote(ct storage.Contact, n args.Note) error {
	if n.Text == "" {
		return c.askPart("catat", args.PartNote, args.Note{Name: shortRef(ct.ID)}, c.t("ask_note_for", "Name", ct.Name))
	}
	ct, _, err := c.tx.AddNote(ct.ID, n.Text)
	if err != nil {
		return err
	}
	return c.replyUndoable(c.t("note_added", "Name", ct.Name, "Ref", shortRef(ct.ID)),
		storage.UndoLabel{Kind: undoNote, Name: ct.Name, Text: n.Text})
}
