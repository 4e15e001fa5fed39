package bot

import (
	"strconv"
	"strings"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/storage"
)

// pageSize keeps a list page short enough to read on a small phone.
const pageSize = 15

func (c *hctx) cmdList(toks []string) error {
	stage, err := args.ParseStage(toks)
	if err != nil {
		return c.problem(err)
	}
	return c.showPage(stage, 0, false)
}

// showPage renders one page of the list with previous/next buttons. From a
// button it edits the message in place.
func (c *hctx) showPage(stage storage.Stage, page int, edit bool) error {
	all, err := c.tx.ContactsByActivity(stage)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		if stage == "" {
			return c.reply(c.t("list_empty"))
		}
		return c.reply(c.t("list_empty_stage", "Stage", c.stageName(stage, false)))
	}
	pages := (len(all) + pageSize - 1) / pageSize
	if page < 0 || page >= pages {
		page = 0
	}
	var b strings.Builder
	if stage == "" {
		b.WriteString(c.t("list_title", "Count", len(all)))
	} else {
		b.WriteString(c.t("list_title_stage", "Count", len(all), "Stage", c.stageName(stage, false)))
	}
	end := min(len(all), (page+1)*pageSize)
	for _, ct := range all[page*pageSize : end] {
		b.WriteString("\n" + c.contactLine(ct))
	}
	if pages > 1 {
		b.WriteString("\n\n" + c.t("list_page", "Page", page+1, "Pages", pages))
	}
	var row []storage.Button
	if page > 0 {
		row = append(row, storage.Button{Text: c.t("btn_prev"), Data: pageData(c.r.SellerID, stage, page-1)})
	}
	if page < pages-1 {
		row = append(row, storage.Button{Text: c.t("btn_next"), Data: pageData(c.r.SellerID, stage, page+1)})
	}
	var rows [][]storage.Button
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if edit {
		return c.show(b.String(), rows...)
	}
	return c.reply(b.String(), rows...)
}

func pageData(seller int64, stage storage.Stage, page int) string {
	st := string(stage)
	if st == "" {
		st = "all"
	}
	return cbData{kind: cbPage, arg: st + "." + strconv.Itoa(page)}.encode(seller)
}

func parsePageData(arg string) (storage.Stage, int, bool) {
	st, p, ok := strings.Cut(arg, ".")
	if !ok {
		return "", 0, false
	}
	page, err := strconv.Atoi(p)
	if err != nil || page < 0 {
		return "", 0, false
	}
	if st == "all" {
		return "", page, true
	}
	stage, ok := storage.ParseStage(st)
	return stage, page, ok
}

// maxFound bounds a search answer; the seller narrows the word instead.
const maxFound = 30

func (c *hctx) cmdFind(toks []string) error {
	word := strings.TrimSpace(strings.Join(toks, " "))
	if word == "" {
		return fail("find_usage")
	}
	found, err := c.tx.Search(word)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return c.reply(c.t("find_none", "Word", word))
	}
	var b strings.Builder
	b.WriteString(c.t("find_title", "Word", word, "Count", len(found)))
	for i, ct := range found {
		if i == maxFound {
			b.WriteString("\n" + c.t("find_more", "Count", len(found)-maxFound))
			break
		}
		b.WriteString("\n" + c.contactLine(ct))
	}
	return c.reply(b.String())
}
