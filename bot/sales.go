package bot

import (
	"errors"
	"strconv"
	"strings"

	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/storage"
)

// saleArgs is "/jual NAMA JUMLAH [produk/catatan]".
type saleArgs struct {
	name   string
	amount int64
	text   string
}

// parseSale finds the amount: the name is everything before it. When more
// than one token reads as money ("Toko 99 350rb"), the split whose name is an
// existing contact wins, else the first.
func (c *hctx) parseSale(args []string) (saleArgs, error) {
	type split struct {
		at, n  int
		amount int64
		err    error
	}
	var splits []split
	for i := 1; i < len(args); i++ {
		if amount, n, ok, err := input.ScanMoney(args, i); ok {
			splits = append(splits, split{at: i, n: n, amount: amount, err: err})
		}
	}
	if len(splits) == 0 {
		if len(args) == 1 || c.tx.HasName(strings.Join(args, " ")) {
			return saleArgs{}, fail("sale_need_amount", "Name", strings.Join(args, " "))
		}
		return saleArgs{}, fail("amount_unreadable", "Text", strings.Join(args[1:], " "))
	}
	pick := splits[0]
	for _, sp := range splits {
		if c.tx.HasName(strings.Join(args[:sp.at], " ")) {
			pick = sp
			break
		}
	}
	if pick.err != nil {
		return saleArgs{}, moneyError(pick.err, strings.Join(args[pick.at:pick.at+pick.n], " "))
	}
	text, err := cleanNote(strings.Join(args[pick.at+pick.n:], " "))
	if err != nil {
		return saleArgs{}, err
	}
	return saleArgs{name: strings.Join(args[:pick.at], " "), amount: pick.amount, text: strings.TrimLeft(text, "-—: ")}, nil
}

func (c *hctx) cmdSale(args []string) error {
	sa, err := c.parseSale(args)
	if err != nil {
		return err
	}
	l, err := c.lookupName(sa.name)
	if err != nil {
		return err
	}
	switch {
	case l.found:
		return c.recordSale(l.contact, sa)
	case len(l.candidates) > 0:
		// Only similar names (or several): ask, offering a new contact too.
		return c.askWhich("jual", sa.name, saleRest(sa), l.candidates, true)
	default:
		return c.saleToNewContact(sa)
	}
}

// saleRest is what a pick button needs to finish the sale.
func saleRest(sa saleArgs) []string {
	rest := []string{itoa64(sa.amount)}
	if sa.text != "" {
		rest = append(rest, sa.text)
	}
	return rest
}

func saleFromRest(name string, rest []string) (saleArgs, error) {
	if len(rest) == 0 {
		return saleArgs{}, errors.New("pending sale without amount")
	}
	amount, err := input.ParseMoney(rest[0])
	if err != nil {
		return saleArgs{}, err
	}
	sa := saleArgs{name: name, amount: amount}
	if len(rest) > 1 {
		sa.text = rest[1]
	}
	return sa, nil
}

func (c *hctx) saleToNewContact(sa saleArgs) error {
	name, err := cleanName(sa.name)
	if err != nil {
		return err
	}
	ct, err := c.tx.AddContact(storage.Contact{Name: name})
	if err != nil {
		if errors.Is(err, storage.ErrExists) {
			ct, err = c.tx.ContactByName(name)
		}
		if err != nil {
			return err
		}
	}
	return c.recordSale(ct, sa)
}

func (c *hctx) recordSale(ct storage.Contact, sa saleArgs) error {
	before := ct.Stage
	ct, _, err := c.tx.RecordSale(ct.ID, sa.amount, sa.text)
	if err != nil {
		return err
	}
	msg := c.t("sale_recorded", "Amount", rupiah(sa.amount), "Name", ct.Name, "Ref", shortRef(ct.ID),
		"Stage", c.stageName(ct.Stage, false), "Count", ct.Purchases, "Total", rupiah(ct.Total))
	if sa.text != "" {
		msg += "\n" + c.t("sale_item", "Text", sa.text)
	}
	if before != ct.Stage {
		msg += "\n" + c.t("stage_up_"+string(ct.Stage), "Name", ct.Name)
	}
	return c.reply(msg)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
