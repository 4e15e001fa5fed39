package bot

import (
	"strings"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// cmdSummary is /ringkasan: this week so far, against the whole week before.
func (c *hctx) cmdSummary(_ []string) error {
	seller := c.tx.Seller()
	from := storage.WeekStart(c.r.At, c.loc, time.Monday)
	// Up to and including the second of this message.
	week, prev, err := c.tx.TwoWeeks(from, c.r.At.Add(time.Second))
	if err != nil {
		return err
	}
	prev.Overdue = seller.LastOverdue // as the last weekly summary counted them
	m := c.s.Summary(seller, week, prev, false)
	return c.reply(m.Text)
}

// Summary renders the weekly summary (reminders.Renderer); final is false
// for /ringkasan's week so far. A week with nothing recorded gets a short
// encouraging message with one concrete suggestion instead of a table.
func (s *Server) Summary(seller storage.Seller, week, prev storage.Figures, final bool) storage.OutMessage {
	v := s.viewFor(seller, "")
	out := storage.OutMessage{SellerID: seller.ID, ChatID: seller.ChatID, HTML: true}
	title := "summary_title"
	if !final {
		title = "summary_title_so_far"
	}
	var b strings.Builder
	b.WriteString(v.t(title, "From", v.date(week.From), "To", v.date(week.To.Add(-time.Second))))
	if week.Empty() {
		suggestion := "suggest_first_prospect"
		switch {
		case week.Overdue > 0:
			suggestion = "suggest_overdue"
		case week.InPlay > 0:
			suggestion = "suggest_prospects"
		}
		b.WriteString("\n\n" + v.t("summary_empty") + "\n" + v.t(suggestion, "Count", week.Overdue))
		out.Text = b.String()
		return out
	}
	b.WriteString("\n\n" + v.t("summary_prospects", "Count", week.NewProspects, "Trend", rawHTML(v.trend(int64(week.NewProspects), int64(prev.NewProspects), false))))
	conv := week.ConversionPct()
	if conv >= 0 {
		b.WriteString("\n" + v.t("summary_buyers_rate", "Count", week.NewBuyers, "Pct", conv, "Trend", rawHTML(v.trend(int64(week.NewBuyers), int64(prev.NewBuyers), false))))
	} else {
		b.WriteString("\n" + v.t("summary_buyers", "Count", week.NewBuyers, "Trend", rawHTML(v.trend(int64(week.NewBuyers), int64(prev.NewBuyers), false))))
	}
	b.WriteString("\n" + v.t("summary_customers", "Count", week.NewCustomers, "Trend", rawHTML(v.trend(int64(week.NewCustomers), int64(prev.NewCustomers), false))))
	b.WriteString("\n" + v.t("summary_sales", "Count", week.Sales, "Revenue", rupiah(week.Revenue), "Trend", rawHTML(v.trend(week.Revenue, prev.Revenue, true))))
	if week.Revenue > 0 {
		b.WriteString("\n" + v.t("summary_split", "Old", rupiah(week.RevenueReturning), "OldPct", int(week.RevenueReturning*100/week.Revenue),
			"New", rupiah(week.RevenueNew)))
	}
	if len(week.Top) > 0 {
		b.WriteString("\n\n" + v.t("summary_top"))
		for i, t := range week.Top {
			b.WriteString("\n" + v.t("summary_top_line", "N", i+1, "Name", t.Name, "Ref", shortRef(t.ContactID), "Amount", rupiah(t.Amount), "Count", t.Count))
		}
	}
	if len(week.Reasons) > 0 {
		var rs []string
		for _, r := range week.Reasons {
			rs = append(rs, v.t("summary_reason", "Text", r.Text, "Count", r.Count))
		}
		b.WriteString("\n\n" + v.t("summary_reasons", "Reasons", rawHTML(strings.Join(rs, "; "))))
	}
	if week.Overdue > 0 {
		b.WriteString("\n\n" + v.t("summary_overdue", "Count", week.Overdue, "Trend", rawHTML(v.trend(int64(week.Overdue), int64(prev.Overdue), false))))
	} else {
		b.WriteString("\n\n" + v.t("summary_no_overdue"))
	}
	out.Text = b.String()
	return out
}

// trend compares with the week before: ▲ 2, ▼ Rp50.000, or "= sama".
func (v view) trend(now, before int64, money bool) string {
	diff := now - before
	amount := itoa64(abs(diff))
	if money {
		amount = rupiah(abs(diff))
	}
	switch {
	case diff > 0:
		return v.t("trend_up", "Amount", amount)
	case diff < 0:
		return v.t("trend_down", "Amount", amount)
	default:
		return v.t("trend_same")
	}
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
