package telegramtest_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func TestGetMeAndToken(t *testing.T) {
	srv := newServer(t, telegramtest.WithToken(testToken), telegramtest.WithBotUser(77, "TokoBot"))
	b := newClient(t, srv)
	me, err := b.GetMe(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != 77 || me.Username != "TokoBot" || !me.IsBot || me.FirstName != "Salesbot" {
		t.Fatalf("getMe = %+v", me)
	}
	_, err = tgbot.New("999:wrong", tgbot.WithServerURL(srv.URL()))
	if !errors.Is(err, tgbot.ErrorUnauthorized) {
		t.Fatalf("wrong token: want ErrorUnauthorized, got %v", err)
	}
	if calls := srv.CallsTo("getMe"); len(calls) != 3 || calls[2].Status != 401 || calls[2].Error != "Unauthorized" {
		t.Fatalf("getMe calls = %+v", calls)
	}
}

func TestUnknownMethodAndCaseInsensitiveNames(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv, tgbot.WithSkipGetMe())
	if _, err := b.Logout(ctx(t)); !errors.Is(err, tgbot.ErrorNotFound) || !strings.Contains(err.Error(), "Not Found: method not found") {
		t.Fatalf("logOut: want not found, got %v", err)
	}
	status, r := postJSON(t, ctx(t), srv, "SENDMESSAGE", map[string]any{"chat_id": alice.ID, "text": "hi"})
	if status != 200 || !r.OK {
		t.Fatalf("SENDMESSAGE: %d %+v", status, r)
	}
	if calls := srv.CallsTo("sendmessage"); len(calls) != 1 || calls[0].Method != "sendMessage" {
		t.Fatalf("calls = %+v", calls)
	}
}

func TestSendMessageOK(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now))
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "Beli", CallbackData: "buy:42"},
		{Text: "Situs", URL: "https://example.com/toko"},
	}}}
	msg, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{
		ChatID: alice.ID, Text: "  <b>Stok</b> Toko &lt;Maju&gt;\n", ParseMode: models.ParseModeHTML, ReplyMarkup: kb,
	})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != 1 || msg.Chat.ID != alice.ID || msg.Chat.Type != models.ChatTypePrivate ||
		msg.From == nil || msg.From.ID != 1000 || !msg.From.IsBot || msg.Date != int(clock.Now().Unix()) {
		t.Fatalf("message = %+v", msg)
	}
	if msg.Text != "Stok Toko <Maju>" || len(msg.Entities) != 1 || msg.Entities[0].Type != "bold" ||
		msg.Entities[0].Offset != 0 || msg.Entities[0].Length != 4 {
		t.Fatalf("text %q entities %+v", msg.Text, msg.Entities)
	}
	if msg.ReplyMarkup == nil || msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "buy:42" {
		t.Fatalf("reply markup = %+v", msg.ReplyMarkup)
	}
	got := srv.Messages(alice.ID)
	if len(got) != 1 || got[0].Text != "  <b>Stok</b> Toko &lt;Maju&gt;\n" || got[0].PlainText != "Stok Toko <Maju>" ||
		got[0].ParseMode != "HTML" || got[0].ReplyMarkup == nil || got[0].ReplyMarkup.InlineKeyboard[0][1].URL != "https://example.com/toko" ||
		!got[0].Date.Equal(clock.Now()) {
		t.Fatalf("Messages = %+v", got)
	}
	call := srv.CallsTo("sendMessage")[0]
	if call.Status != 200 || call.Params["chat_id"] != "501" || !json.Valid([]byte(call.Params["reply_markup"])) {
		t.Fatalf("call = %+v", call)
	}
	// A second message gets the next id in that chat.
	msg2, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "dua"})
	if err != nil || msg2.ID != 2 {
		t.Fatalf("second message %+v, %v", msg2, err)
	}
}

func buttons(n int, data string) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	for i := 0; i < n; i++ {
		rows = append(rows, []models.InlineKeyboardButton{{Text: "b", CallbackData: data}})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func TestSendMessageViolations(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	srv.AddPrivateChat(bob)
	srv.BlockBot(bob.ID)
	b := newClient(t, srv)
	tests := []struct {
		name string
		p    tgbot.SendMessageParams
		want string
	}{
		{"unknown chat", tgbot.SendMessageParams{ChatID: 999, Text: "x"}, "Bad Request: chat not found"},
		{"username chat", tgbot.SendMessageParams{ChatID: "@alice", Text: "x"}, "Bad Request: chat not found"},
		{"empty chat_id", tgbot.SendMessageParams{ChatID: "", Text: "x"}, "Bad Request: chat_id is empty"},
		{"empty text", tgbot.SendMessageParams{ChatID: alice.ID, Text: ""}, "Bad Request: message text is empty"},
		{"blank text", tgbot.SendMessageParams{ChatID: alice.ID, Text: " \n\t "}, "Bad Request: message text is empty"},
		{"empty after parsing", tgbot.SendMessageParams{ChatID: alice.ID, Text: "<b> </b>", ParseMode: "HTML"}, "Bad Request: message text is empty"},
		{"too long", tgbot.SendMessageParams{ChatID: alice.ID, Text: strings.Repeat("a", 4097)}, "Bad Request: message is too long"},
		{"bad parse mode", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ParseMode: "HTML5"}, "Bad Request: unsupported parse_mode"},
		{"bad html", tgbot.SendMessageParams{ChatID: alice.ID, Text: "Toko <Maju>", ParseMode: "HTML"}, "Bad Request: can't parse entities: Unsupported start tag \"maju\""},
		{"callback data 65 bytes", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: buttons(1, strings.Repeat("d", 65))}, "Bad Request: BUTTON_DATA_INVALID"},
		{"text-only button", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: buttons(1, "")}, "Text buttons are unallowed"},
		{"empty button text", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "", CallbackData: "a"}}}}}, "Text must be non-empty"},
		{"two actions", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "t", CallbackData: "a", URL: "https://x.org"}}}}}, "exactly one"},
		{"bad url scheme", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "t", URL: "ftp://x.org/file"}}}}}, "Bad Request: BUTTON_URL_INVALID"},
		{"url without scheme", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "t", URL: "example.com"}}}}}, "Bad Request: BUTTON_URL_INVALID"},
		{"101 buttons", tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: buttons(101, "a")}, "Bad Request: reply markup is too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.SendMessage(ctx(t), &tc.p)
			wantBadRequest(t, err, tc.want)
		})
	}
	_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: bob.ID, Text: "x"})
	if !errors.Is(err, tgbot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
		t.Fatalf("blocked: want ErrorForbidden, got %v", err)
	}
	if n := len(srv.Messages(alice.ID)); n != 0 {
		t.Fatalf("%d messages stored despite errors", n)
	}
	failed := 0
	for _, c := range srv.CallsTo("sendMessage") {
		if c.Status != 200 && c.Error != "" {
			failed++
		}
	}
	if failed != len(tests)+1 {
		t.Fatalf("recorded %d failed calls, want %d", failed, len(tests)+1)
	}
	// Valid: exactly 100 buttons, tg:// and http URLs.
	ok := buttons(99, "a")
	ok.InlineKeyboard = append(ok.InlineKeyboard, []models.InlineKeyboardButton{{Text: "tg", URL: "tg://resolve?domain=toko"}})
	if _, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: ok}); err != nil {
		t.Fatalf("100 buttons: %v", err)
	}
}

func TestTextLengthCountsUTF16(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	send := func(text string, mode models.ParseMode) error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: text, ParseMode: mode})
		return err
	}
	okCases := map[string]string{
		"4096 ascii":          strings.Repeat("a", 4096),
		"2048 emoji":          strings.Repeat("😀", 2048), // 2 code units each
		"4096 BMP non-ascii":  strings.Repeat("é", 4096), // 8192 bytes, 4096 units
		"markup not counted":  "<b>" + strings.Repeat("a", 4094) + "</b>  ",
		"entities count once": strings.Repeat("&amp;", 4096),
	}
	for name, text := range okCases {
		mode := models.ParseMode("")
		if strings.Contains(text, "<b>") || strings.Contains(text, "&amp;") {
			mode = models.ParseModeHTML
		}
		if err := send(text, mode); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	wantBadRequest(t, send(strings.Repeat("😀", 2049), ""), "message is too long") // only 2049 runes
	wantBadRequest(t, send("<b>"+strings.Repeat("😀", 2048)+"</b>!", "HTML"), "message is too long")
	wantBadRequest(t, send(strings.Repeat("a", 4096)+"\\.", "MarkdownV2"), "message is too long")
}

func TestCallbackDataCountsBytes(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	send := func(data string) error {
		_, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: buttons(1, data)})
		return err
	}
	if err := send(strings.Repeat("d", 64)); err != nil {
		t.Fatalf("64 bytes: %v", err)
	}
	if err := send(strings.Repeat("é", 32)); err != nil { // 64 bytes
		t.Fatalf("32 x é: %v", err)
	}
	wantBadRequest(t, send(strings.Repeat("é", 33)), "BUTTON_DATA_INVALID") // 33 runes, 66 bytes
	// An explicitly empty callback_data (possible from hand-written JSON).
	status, r := postJSON(t, ctx(t), srv, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "x",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "t", "callback_data": ""}}}}})
	if status != 400 || r.Description != "Bad Request: BUTTON_DATA_INVALID" {
		t.Fatalf("empty callback_data: %d %+v", status, r)
	}
}

func TestEditMessage(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	c := ctx(t)
	kb := buttons(1, "a")
	msg, err := b.SendMessage(c, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "<b>Pesanan</b>", ParseMode: "HTML", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(text string, mode models.ParseMode, markup models.ReplyMarkup) error {
		_, err := b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: text, ParseMode: mode, ReplyMarkup: markup})
		return err
	}
	// Same text written differently, same keyboard: not modified.
	wantBadRequest(t, edit("<strong>Pesanan</strong>", "HTML", kb), "message is not modified: specified new message content and reply markup are exactly the same")
	if err := edit("<b>Pesanan</b> dibayar", "HTML", kb); err != nil {
		t.Fatal(err)
	}
	// Without reply_markup the keyboard goes away, which is a modification.
	if err := edit("<b>Pesanan</b> dibayar", "HTML", nil); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages(alice.ID)[0]
	if m.PlainText != "Pesanan dibayar" || m.ReplyMarkup != nil || m.Edits != 2 {
		t.Fatalf("after edits: %+v", m)
	}
	_, err = b.EditMessageReplyMarkup(c, &tgbot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: msg.ID})
	wantBadRequest(t, err, "message is not modified")
	res, err := b.EditMessageReplyMarkup(c, &tgbot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: msg.ID, ReplyMarkup: kb})
	if err != nil || res.ReplyMarkup == nil || res.EditDate == 0 || res.Text != "Pesanan dibayar" {
		t.Fatalf("editMessageReplyMarkup: %+v %v", res, err)
	}
	_, err = b.EditMessageReplyMarkup(c, &tgbot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: msg.ID,
		ReplyMarkup: &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "x"}}}}})
	wantBadRequest(t, err, "inline keyboard expected")

	_, err = b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: 99, Text: "x"})
	wantBadRequest(t, err, "message to edit not found")
	_, err = b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, Text: "x"})
	wantBadRequest(t, err, "message identifier is not specified")
	_, err = b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: ""})
	wantBadRequest(t, err, "message text is empty")
	_, err = b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: "a.b", ParseMode: "MarkdownV2"})
	wantBadRequest(t, err, "can't parse entities: Character '.' is reserved")

	userMsg := srv.PushText(alice, "halo")
	_ = userMsg
	_, err = b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: 2, Text: "x"})
	wantBadRequest(t, err, "message can't be edited")
	if got := srv.Messages(alice.ID)[0]; got.Edits != 3 {
		t.Fatalf("failed edits changed the message: %+v", got)
	}
}

func TestAnswerCallbackQuery(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	c := ctx(t)
	msg, err := b.SendMessage(c, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "Pilih", ReplyMarkup: buttons(1, "pick:1")})
	if err != nil {
		t.Fatal(err)
	}
	upd := srv.PushCallback(alice, msg.ID, "pick:1")
	stale := srv.PushCallback(alice, 77, "old")
	_, r := postJSON(t, c, srv, "getUpdates", map[string]any{})
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil || len(ups) != 2 {
		t.Fatalf("updates %s: %v", r.Result, err)
	}
	cq := ups[0].CallbackQuery
	if ups[0].ID != upd || cq == nil || cq.Data != "pick:1" || cq.From.ID != alice.ID ||
		cq.Message.Type != models.MaybeInaccessibleMessageTypeMessage || cq.Message.Message.Text != "Pilih" ||
		cq.Message.Message.ReplyMarkup == nil || cq.Message.Message.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "pick:1" {
		t.Fatalf("callback update = %+v", ups[0])
	}
	if inacc := ups[1].CallbackQuery.Message; ups[1].ID != stale || inacc.Type != models.MaybeInaccessibleMessageTypeInaccessibleMessage ||
		inacc.InaccessibleMessage.MessageID != 77 {
		t.Fatalf("stale callback = %+v", ups[1].CallbackQuery)
	}
	if _, _, ok := srv.CallbackAnswer(upd); ok {
		t.Fatal("answered before answerCallbackQuery")
	}
	_, err = b.AnswerCallbackQuery(c, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: strings.Repeat("x", 201)})
	wantBadRequest(t, err, "MESSAGE_TOO_LONG")
	if ok, err := b.AnswerCallbackQuery(c, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: "Siap", ShowAlert: true}); err != nil || !ok {
		t.Fatalf("answer: %v %v", ok, err)
	}
	if text, alert, ok := srv.CallbackAnswer(upd); !ok || text != "Siap" || !alert {
		t.Fatalf("CallbackAnswer = %q %v %v", text, alert, ok)
	}
	_, err = b.AnswerCallbackQuery(c, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID})
	wantBadRequest(t, err, "query is too old and response timeout expired or query ID is invalid")
	_, err = b.AnswerCallbackQuery(c, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: "12345"})
	wantBadRequest(t, err, "query ID is invalid")
}

func TestCommands(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv)
	c := ctx(t)
	cmds := []models.BotCommand{{Command: "start", Description: "Mulai"}, {Command: "stok_barang", Description: "Cek stok"}}
	if _, err := b.SetMyCommands(c, &tgbot.SetMyCommandsParams{Commands: cmds}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(c, &tgbot.SetMyCommandsParams{Commands: cmds[:1], LanguageCode: "id"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(c, &tgbot.SetMyCommandsParams{Commands: cmds[1:], Scope: &models.BotCommandScopeChat{ChatID: 42}}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(""); len(got) != 2 || got[1] != cmds[1] {
		t.Fatalf("Commands(\"\") = %+v", got)
	}
	if got := srv.Commands("id"); len(got) != 1 || got[0].Command != "start" {
		t.Fatalf("Commands(id) = %+v", got)
	}
	if got := srv.CommandsInScope("chat:42", ""); len(got) != 1 || got[0].Command != "stok_barang" {
		t.Fatalf("CommandsInScope = %+v", got)
	}
	got, err := b.GetMyCommands(c, &tgbot.GetMyCommandsParams{LanguageCode: "id"})
	if err != nil || len(got) != 1 {
		t.Fatalf("getMyCommands = %+v %v", got, err)
	}
	if _, err := b.DeleteMyCommands(c, &tgbot.DeleteMyCommandsParams{LanguageCode: "id"}); err != nil {
		t.Fatal(err)
	}
	if got, err := b.GetMyCommands(c, &tgbot.GetMyCommandsParams{LanguageCode: "id"}); err != nil || len(got) != 0 || srv.Commands("id") != nil {
		t.Fatalf("after delete: %+v %v", got, err)
	}
	bad := []struct {
		cmds []models.BotCommand
		lang string
		want string
	}{
		{nil, "", "commands must be non-empty"},
		{[]models.BotCommand{{Command: "Start", Description: "x"}}, "", "BOT_COMMAND_INVALID"},
		{[]models.BotCommand{{Command: "/start", Description: "x"}}, "", "BOT_COMMAND_INVALID"},
		{[]models.BotCommand{{Command: strings.Repeat("a", 33), Description: "x"}}, "", "BOT_COMMAND_INVALID"},
		{[]models.BotCommand{{Command: "start", Description: ""}}, "", "BOT_COMMAND_DESCRIPTION_INVALID"},
		{[]models.BotCommand{{Command: "start", Description: strings.Repeat("d", 257)}}, "", "BOT_COMMAND_DESCRIPTION_INVALID"},
		{make([]models.BotCommand, 101), "", "BOT_COMMANDS_TOO_MUCH"},
		{cmds, "indonesian", "invalid language code"},
	}
	for _, tc := range bad {
		_, err := b.SetMyCommands(c, &tgbot.SetMyCommandsParams{Commands: tc.cmds, LanguageCode: tc.lang})
		wantBadRequest(t, err, tc.want)
	}
	if got := srv.Commands(""); len(got) != 2 {
		t.Fatalf("failed setMyCommands changed the list: %+v", got)
	}
}

func TestChatActionGroupsAndReplyKeyboards(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	srv.AddGroupChat(-100, "Toko Grup")
	b := newClient(t, srv)
	c := ctx(t)
	if _, err := b.SendChatAction(c, &tgbot.SendChatActionParams{ChatID: alice.ID, Action: models.ChatActionTyping}); err != nil {
		t.Fatal(err)
	}
	_, err := b.SendChatAction(c, &tgbot.SendChatActionParams{ChatID: alice.ID, Action: "dancing"})
	wantBadRequest(t, err, "wrong parameter action")
	_, err = b.SendChatAction(c, &tgbot.SendChatActionParams{ChatID: 12, Action: models.ChatActionTyping})
	wantBadRequest(t, err, "chat not found")

	msg, err := b.SendMessage(c, &tgbot.SendMessageParams{ChatID: -100, Text: "halo grup"})
	if err != nil || msg.Chat.Type != models.ChatTypeGroup || msg.Chat.Title != "Toko Grup" {
		t.Fatalf("group send: %+v %v", msg, err)
	}
	_, err = b.SendMessage(c, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "Bagikan nomor",
		ReplyMarkup: &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "Kirim nomor", RequestContact: true}}}, ResizeKeyboard: true}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.SendMessage(c, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "ok", ReplyMarkup: &models.ReplyKeyboardRemove{RemoveKeyboard: true}})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Messages(alice.ID)
	if got[0].ReplyKeyboard == nil || !got[0].ReplyKeyboard.Keyboard[0][0].RequestContact || got[0].ReplyMarkup != nil || !got[1].RemoveKeyboard {
		t.Fatalf("reply keyboards: %+v", got)
	}
	srv.BlockBot(-100)
	_, err = b.SendMessage(c, &tgbot.SendMessageParams{ChatID: -100, Text: "x"})
	if !errors.Is(err, tgbot.ErrorForbidden) || !strings.Contains(err.Error(), "kicked") {
		t.Fatalf("kicked: %v", err)
	}
}
