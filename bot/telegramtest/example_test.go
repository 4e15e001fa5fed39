package telegramtest_test

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

// The fake rejects what Telegram rejects, so formatting bugs fail tests.
func Example() {
	srv := telegramtest.New()
	defer srv.Close()
	sari := telegramtest.User{ID: 42, FirstName: "Sari"}
	srv.AddPrivateChat(sari)

	b, err := tgbot.New("1:token", tgbot.WithServerURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	_, err = b.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID: sari.ID, Text: "Harga Rp10.000!", ParseMode: models.ParseModeMarkdown,
	})
	fmt.Println(err)
	_, err = b.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID: sari.ID, Text: "Halo <b>Sari</b>, stok Toko &lt;Maju&gt; &amp; Jaya", ParseMode: models.ParseModeHTML,
	})
	fmt.Println(err)
	for _, m := range srv.Messages(sari.ID) {
		fmt.Println(m.MessageID, m.PlainText)
	}
	// Output:
	// bad request, Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'
	// <nil>
	// 1 Halo Sari, stok Toko <Maju> & Jaya
}
