package bot

import (
	"errors"
	"strconv"
	"strings"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// cmdSale is "/jual NAMA [2 produk] JUMLAH [produk]".
func (c *hctx) cmdSale(toks []string) error {
	if p := c.r.sale; p != nil {
		if ct, err := c.tx.Contact(p.contactID); err == nil {
			return c.recordSale(ct, p.sale, false)
		}
	}
	s, err := args.ParseSale(toks, c.book)
	if c.book.err != nil {
		return c.book.err
	}
	if p, ok := args.AsProblem(err); ok {
		if p.Missing && p.Part == args.PartAmount {
			return c.askPart("jual", args.PartAmount, s, c.t("ask_amount_for", "Name", s.Name))
		}
		return c.refusal(p)
	}
	return c.saleFlow(s)
}

// saleFlow finishes a sale that was read whole: asks about a bare small
// amount, then resolves the buyer (asking when only close names fit; an
// unknown name becomes a new konsumen) and records it.
func (c *hctx) saleFlow(s args.Sale) error {
	if s.Small {
		return c.askSmallAmount(s)
	}
	ct, r, err := c.resolve(s.Name)
	switch {
	case err != nil:
		return err
	case r.Found:
		return c.recordSale(ct, s, false)
	case len(r.Choices) > 0:
		return c.askWhich("jual", s.Name, s, r, true)
	default:
		return c.saleToNewContact(s)
	}
}

// askSmallAmount asks whether "350" meant Rp350.000 or Rp350; nothing is
// written before the press.
func (c *hctx) askSmallAmount(s args.Sale) error {
	pid, err := c.addQuestion("jual_small", s)
	if err != nil {
		return err
	}
	big := s
	big.Amount, big.UnitPrice = s.Amount*1000, s.UnitPrice*1000
	who := s.Name
	if ct, r, err := c.resolve(s.Name); err == nil && r.Found {
		who = ct.Name // "yuni" is Mbak Yuni: say so
	}
	return c.reply(c.t("ask_small_amount", "Name", who, "Text", strconv.FormatInt(s.Amount, 10)),
		[]storage.Button{
			{Text: rupiah(big.Amount), Data: cbData{kind: cbPick, id: pid, arg: "k"}.encode(c.r.SellerID)},
			{Text: rupiah(s.Amount), Data: cbData{kind: cbPick, id: pid, arg: "1"}.encode(c.r.SellerID)},
		},
		[]storage.Button{{Text: c.t("btn_cancel"), Data: cbData{kind: cbPick, id: pid, arg: "x"}.encode(c.r.SellerID)}})
}

func (c *hctx) onSmallAmount(p storage.Pending, arg string) error {
	return resume(p.Payload, func(s args.Sale) error {
		s.Small = false
		switch arg {
		case "k":
			s.Amount, s.UnitPrice = s.Amount*1000, s.UnitPrice*1000
		case "1":
		default:
			return c.answer(c.t("button_expired"))
		}
		return c.saleFlow(s)
	})
}

func (c *hctx) saleToNewContact(s args.Sale) error {
	name, err := cleanName(s.Name)
	if err != nil {
		return err
	}
	ct, err := c.tx.AddContact(storage.Contact{Name: name})
	if errors.Is(err, storage.ErrExists) {
		if ct, err = c.tx.ContactByName(name); err == nil {
			return c.recordSale(ct, s, false)
		}
	}
	if err != nil {
		return err
	}
	return c.recordSale(ct, s, true)
}

// saleText is what a sale's history line keeps: the product, with the
// quantity when more than one.
func saleText(s args.Sale) string {
	if s.Qty > 1 {
		return strings.TrimSpace(strconv.FormatInt(s.Qty, 10) + "× " + s.Item)
	}
	return s.Item
}

// recordSale writes the sale and restates what was read, so a misreading
// shows at once: who, quantity × unit price = amount, product, stage.
func (c *hctx) recordSale(ct storage.Contact, s args.Sale, created bool) error {
	before := ct.Stage
	text := saleText(s)
	ct, _, err := c.tx.RecordSale(ct.ID, s.Amount, text)
	if err != nil {
		return err
	}
	msg := c.t("sale_recorded", "Amount", rupiah(s.Amount), "Name", ct.Name, "Ref", shortRef(ct.ID),
		"Stage", c.stageName(ct.Stage, false), "Count", ct.Purchases, "Total", rupiah(ct.Total))
	switch {
	case s.UnitPrice > 0:
		msg += "\n" + c.t("sale_calc", "Qty", s.Qty, "Unit", rupiah(s.UnitPrice), "Amount", rupiah(s.Amount))
	case s.Qty > 1:
		msg += "\n" + c.t("sale_qty", "Qty", s.Qty)
	}
	if s.Item != "" {
		msg += "\n" + c.t("sale_item", "Text", s.Item)
	}
	if created {
		msg += "\n" + c.t("sale_new_contact", "Name", ct.Name)
	}
	if before != ct.Stage {
		msg += "\n" + c.t("stage_up_"+string(ct.Stage), "Name", ct.Name)
	}
	return c.replyUndoable(msg, storage.UndoLabel{Kind: undoSale, Name: ct.Name, Amount: s.Amount, Text: text})
}

// cmdSales is "/penjualan NAMA": the contact's sales, each with buttons
// to change or delete it.
func (c *hctx) cmdSales(toks []string) error {
	name, err := args.ParseName(toks)
	if err != nil {
		return c.problem(err)
	}
	return c.withContact("penjualan", name, nil, func(ct storage.Contact) error { return c.listSales(ct, false) })
}

// maxSalesShown keeps the list of sales to one screen; older ones are
// corrected rarely and can be deleted with the contact.
const maxSalesShown = 10

func (c *hctx) listSales(ct storage.Contact, edit bool) error {
	sales, err := c.tx.ContactSales(ct.ID)
	if err != nil {
		return err
	}
	if len(sales) == 0 {
		return c.reply(c.t("sales_none", "Name", ct.Name, "Ref", shortRef(ct.ID)))
	}
	var b strings.Builder
	b.WriteString(c.t("sales_title", "Name", ct.Name, "Ref", shortRef(ct.ID), "Count", ct.Purchases, "Total", rupiah(ct.Total)))
	var rows [][]storage.Button
	for i, e := range sales {
		if i == maxSalesShown {
			b.WriteString("\n" + c.t("find_more", "Count", len(sales)-maxSalesShown))
			break
		}
		b.WriteString("\n" + c.t("sales_line", "N", i+1, "Date", c.date(e.At), "Amount", rupiah(e.Amount), "Text", e.Text))
		ref := strconv.FormatUint(ct.ID, 10)
		rows = append(rows, []storage.Button{
			{Text: c.t("btn_sale_edit", "N", i+1), Data: cbData{kind: cbSale, id: e.ID, arg: "e" + ref}.encode(c.r.SellerID)},
			{Text: c.t("btn_sale_delete", "N", i+1), Data: cbData{kind: cbSale, id: e.ID, arg: "d" + ref}.encode(c.r.SellerID)},
		})
	}
	b.WriteString("\n\n" + c.t("sales_hint"))
	if edit {
		return c.show(b.String(), rows...)
	}
	return c.reply(b.String(), rows...)
}

// saleRef names one sale of one contact, for the change dialog.
type saleRef struct {
	ContactID uint64
	EventID   uint64
}

// onSaleButton changes ("e") or deletes ("d") one sale from the list.
func (c *hctx) onSaleButton(d cbData) error {
	if len(d.arg) < 2 {
		return c.answer(c.t("button_expired"))
	}
	contactID, err := strconv.ParseUint(d.arg[1:], 10, 64)
	if err != nil {
		return c.answer(c.t("button_expired"))
	}
	ct, err := c.tx.Contact(contactID)
	if errors.Is(err, storage.ErrNotFound) {
		return c.answer(c.t("contact_gone"))
	}
	if err != nil {
		return err
	}
	sale, ok, err := c.findSale(ct.ID, d.id)
	if err != nil || !ok {
		if err == nil {
			err = c.answer(c.t("sale_gone"))
		}
		return err
	}
	if err := c.answer(""); err != nil {
		return err
	}
	switch d.arg[0] {
	case 'd':
		ct, err = c.tx.DeleteSale(ct.ID, sale.ID)
		if err != nil {
			return err
		}
		msg := c.t("sale_deleted", "Amount", rupiah(sale.Amount), "Name", ct.Name, "Ref", shortRef(ct.ID),
			"Stage", c.stageName(ct.Stage, ct.Lost), "Count", ct.Purchases, "Total", rupiah(ct.Total))
		return c.replyUndoable(msg, storage.UndoLabel{Kind: undoSaleDelete, Name: ct.Name, Amount: sale.Amount, Text: sale.Text})
	case 'e':
		ref := saleRef{ContactID: ct.ID, EventID: sale.ID}
		return c.askPart("penjualan", args.PartAmount, ref,
			c.t("ask_sale_change", "Line", c.eventLine(sale), "Name", ct.Name))
	}
	return c.answer(c.t("button_expired"))
}

func (c *hctx) findSale(contactID, eventID uint64) (storage.Event, bool, error) {
	sales, err := c.tx.ContactSales(contactID)
	if err != nil {
		return storage.Event{}, false, err
	}
	for _, e := range sales {
		if e.ID == eventID {
			return e, true, nil
		}
	}
	return storage.Event{}, false, nil
}

// changeSale takes the answer to "what is the new amount?": an amount,
// optionally with a new product ("300rb", "2 kerudung 300rb").
func (c *hctx) changeSale(ref saleRef, answer string) error {
	ct, err := c.tx.Contact(ref.ContactID)
	if errors.Is(err, storage.ErrNotFound) {
		return fail("contact_gone")
	}
	if err != nil {
		return err
	}
	old, ok, err := c.findSale(ct.ID, ref.EventID)
	if err != nil {
		return err
	}
	if !ok {
		return fail("sale_gone")
	}
	s, err := args.Sale{Name: shortRef(ct.ID), Qty: 1}.WithAmount(input.SplitArgs(answer))
	if err != nil {
		return c.problem(err)
	}
	if s.Small {
		return fail("sale_change_small", "Text", strconv.FormatInt(s.Amount, 10))
	}
	text := saleText(s)
	if text == "" {
		text = old.Text
	}
	ct, _, err = c.tx.EditSale(ct.ID, old.ID, s.Amount, text)
	if err != nil {
		return err
	}
	msg := c.t("sale_changed", "Old", rupiah(old.Amount), "Amount", rupiah(s.Amount), "Name", ct.Name, "Ref", shortRef(ct.ID),
		"Stage", c.stageName(ct.Stage, ct.Lost), "Count", ct.Purchases, "Total", rupiah(ct.Total))
	if text != "" {
		msg += "\n" + c.t("sale_item", "Text", text)
	}
	return c.replyUndoable(msg, storage.UndoLabel{Kind: undoSaleEdit, Name: ct.Name, Amount: s.Amount, Text: text})
}
