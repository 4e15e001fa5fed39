package bot

import (
	"strings"
)

// cmdContacted is "/hubungi NAMA [catatan]": the seller reached the contact
// today, which resets the follow-up clock.
func (c *hctx) cmdContacted(args []string) error {
	name, rest, err := c.splitName(args, 0)
	if err != nil {
		return err
	}
	ct, ok, err := c.findContact("hubungi", name, rest)
	if err != nil || !ok {
		return err
	}
	note, err := cleanNote(strings.Join(rest, " "))
	if err != nil {
		return err
	}
	ct, _, err = c.tx.LogContacted(ct.ID, note)
	if err != nil {
		return err
	}
	return c.reply(c.t("contacted_logged", "Name", ct.Name, "Ref", shortRef(ct.ID), "Date", c.date(ct.LastContactAt)))
}

// cmdNote is "/catat NAMA catatan".
func (c *hctx) cmdNote(args []string) error {
	if whole := strings.Join(args, " "); len(args) == 1 || c.tx.HasName(whole) {
		return fail("note_missing", "Name", whole)
	}
	name, rest, err := c.splitName(args, 1)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return fail("note_missing", "Name", name)
	}
	note, err := cleanNote(strings.Join(rest, " "))
	if err != nil {
		return err
	}
	if note == "" {
		return fail("note_missing", "Name", name)
	}
	ct, ok, err := c.findContact("catat", name, rest)
	if err != nil || !ok {
		return err
	}
	ct, _, err = c.tx.AddNote(ct.ID, note)
	if err != nil {
		return err
	}
	return c.reply(c.t("note_added", "Name", ct.Name, "Ref", shortRef(ct.ID)))
}
