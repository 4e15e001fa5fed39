package telegramtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func getUpdates(t *testing.T, srv *telegramtest.Server, params map[string]any) []int64 {
	t.Helper()
	status, r := postJSON(t, ctx(t), srv, "getUpdates", params)
	if status != 200 {
		t.Fatalf("getUpdates %v: %d %+v", params, status, r)
	}
	return updateIDs(t, r.Result)
}

func TestGetUpdatesOffsetsAndConfirmation(t *testing.T) {
	srv := newServer(t)
	for _, text := range []string{"satu", "dua", "tiga"} {
		srv.PushText(alice, text)
	}
	check := func(params map[string]any, want ...int64) {
		t.Helper()
		if got := getUpdates(t, srv, params); !slices.Equal(got, want) {
			t.Fatalf("getUpdates(%v) = %v, want %v", params, got, want)
		}
	}
	check(map[string]any{}, 1, 2, 3)
	check(map[string]any{"offset": 0}, 1, 2, 3) // nothing confirmed yet
	check(map[string]any{"offset": 2}, 2, 3)    // confirms 1
	if srv.ConfirmedOffset() != 2 {
		t.Fatalf("ConfirmedOffset = %d", srv.ConfirmedOffset())
	}
	srv.WaitConfirmed(t, 1)
	check(map[string]any{}, 2, 3)
	check(map[string]any{"limit": 1}, 2)
	check(map[string]any{"offset": 3, "limit": 0}, 3) // limit 0 means default
	check(map[string]any{"offset": 4})
	srv.WaitConfirmed(t, 3)
	if id := srv.PushText(alice, "empat"); id != 4 {
		t.Fatalf("next update id = %d", id)
	}
	check(map[string]any{"offset": -1}, 4)

	status, r := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{"offset": "abc"})
	if status != 400 || !strings.HasPrefix(r.Description, "Bad Request:") {
		t.Fatalf("bad offset: %d %+v", status, r)
	}
}

func TestGetUpdatesEncodings(t *testing.T) {
	srv := newServer(t)
	srv.PushText(alice, "halo")
	srv.PushText(alice, "lagi")
	base := srv.URL() + "/bot" + testToken
	// GET with query string, method name in another case.
	req, _ := http.NewRequestWithContext(ctx(t), http.MethodGet, base+"/GETUPDATES?offset=2", nil)
	if _, r := do(t, req); !slices.Equal(updateIDs(t, r.Result), []int64{2}) {
		t.Fatalf("GET: %s", r.Result)
	}
	// urlencoded form.
	req, _ = http.NewRequestWithContext(ctx(t), http.MethodPost, base+"/getUpdates",
		strings.NewReader(url.Values{"offset": {"3"}, "allowed_updates": {`["message"]`}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, r := do(t, req); len(updateIDs(t, r.Result)) != 0 {
		t.Fatalf("form: %s", r.Result)
	}
	if srv.ConfirmedOffset() != 3 {
		t.Fatalf("ConfirmedOffset = %d", srv.ConfirmedOffset())
	}
	calls := srv.CallsTo("getUpdates")
	if len(calls) != 2 || calls[1].Params["allowed_updates"] != `["message"]` {
		t.Fatalf("calls = %+v", calls)
	}
}

func TestRedeliver(t *testing.T) {
	srv := newServer(t)
	id := srv.PushText(alice, "/start")
	_, first := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{"offset": 0})
	if got := getUpdates(t, srv, map[string]any{"offset": id + 1}); len(got) != 0 {
		t.Fatalf("after confirm: %v", got)
	}
	srv.WaitConfirmed(t, id)
	srv.Redeliver(id)
	srv.Redeliver(id) // no-op while queued
	_, again := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{"offset": 0})
	if string(again.Result) != string(first.Result) {
		t.Fatalf("redelivered update differs:\n%s\n%s", first.Result, again.Result)
	}
	// A poller that is already past it confirms it without seeing it.
	if got := getUpdates(t, srv, map[string]any{"offset": id + 1}); len(got) != 0 {
		t.Fatalf("redelivered update returned to a poller past it: %v", got)
	}
	srv.WaitConfirmed(t, id)
	if next := srv.PushText(alice, "x"); next != id+1 {
		t.Fatalf("update id reused or skipped: %d", next)
	}
}

type pollResult struct {
	ids    []int64
	status int
	err    error
}

// poll runs a long poll in the background; it reports on the channel.
func poll(c context.Context, srv *telegramtest.Server, params string) <-chan pollResult {
	ch := make(chan pollResult, 1)
	go func() {
		req, _ := http.NewRequestWithContext(c, http.MethodPost, srv.URL()+"/bot"+testToken+"/getUpdates", strings.NewReader(params))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			ch <- pollResult{err: err}
			return
		}
		defer resp.Body.Close()
		var r struct {
			Result []struct {
				ID int64 `json:"update_id"`
			} `json:"result"`
		}
		err = json.NewDecoder(resp.Body).Decode(&r)
		res := pollResult{status: resp.StatusCode, err: err}
		for _, u := range r.Result {
			res.ids = append(res.ids, u.ID)
		}
		ch <- res
	}()
	return ch
}

func pollsWaiting(n int) func(*telegramtest.Server) bool {
	return func(s *telegramtest.Server) bool { return s.PollsWaiting() == n }
}

func TestLongPollWakesOnPush(t *testing.T) {
	srv := newServer(t)
	start := time.Now()
	res := poll(ctx(t), srv, `{"offset":0,"timeout":30}`)
	srv.WaitFor(t, 5*time.Second, "the long poll to wait", pollsWaiting(1))
	id := srv.PushText(alice, "halo")
	r := <-res
	if r.err != nil || r.status != 200 || !slices.Equal(r.ids, []int64{id}) {
		t.Fatalf("long poll = %+v", r)
	}
	if time.Since(start) > 20*time.Second {
		t.Fatal("long poll was not woken by the push")
	}
}

func TestLongPollEndsOnCancelCloseAndConflict(t *testing.T) {
	srv := newServer(t)

	c, cancel := context.WithCancel(ctx(t))
	res := poll(c, srv, `{"timeout":50}`)
	srv.WaitFor(t, 5*time.Second, "poll to wait", pollsWaiting(1))
	cancel()
	if r := <-res; r.err == nil {
		t.Fatalf("cancelled poll returned %+v", r)
	}
	srv.WaitFor(t, 5*time.Second, "cancelled poll to end", pollsWaiting(0))

	// A second getUpdates terminates the first with 409, like Telegram.
	first := poll(ctx(t), srv, `{"timeout":50}`)
	srv.WaitFor(t, 5*time.Second, "first poll to wait", pollsWaiting(1))
	second := poll(ctx(t), srv, `{"timeout":50}`)
	if r := <-first; r.status != http.StatusConflict {
		t.Fatalf("first poll = %+v, want 409", r)
	}
	srv.WaitFor(t, 5*time.Second, "second poll to wait", pollsWaiting(1))
	srv.Close()
	if r := <-second; r.err != nil || r.status != 200 || len(r.ids) != 0 {
		t.Fatalf("poll ended by Close = %+v", r)
	}
}

func TestPushedMessages(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, telegramtest.WithClock(clock.Now))
	texts := map[int64]string{}
	for _, text := range []string{
		"/start", "/start@SalesbotTestBot promo", "halo /help dan\n/stok_barang", "😀 /x",
		"path/not/command", "/a/b", "/", "email@x /y,",
	} {
		texts[srv.PushText(alice, text)] = text
	}
	old := clock.Now().Add(-72 * time.Hour)
	oldID := srv.PushTextAt(bob, "lama", old)
	groupID := srv.PushGroupText(-200, alice, "/laporan@SalesbotTestBot")
	contactID := srv.PushContact(alice, "+6281234567890", "Alice", "W")
	_, r := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{})
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"/start":                       "bot_command@0+6",
		"/start@SalesbotTestBot promo": "bot_command@0+22",
		"halo /help dan\n/stok_barang": "bot_command@5+5 bot_command@15+12",
		"😀 /x":                         "bot_command@3+2",
		"path/not/command":             "",
		"/a/b":                         "",
		"/":                            "",
		"email@x /y,":                  "bot_command@8+2",
	}
	byID := map[int64]models.Update{}
	for _, u := range ups {
		byID[u.ID] = u
	}
	for id, text := range texts {
		m := byID[id].Message
		if m == nil || m.Text != text || m.Chat.ID != alice.ID || m.Chat.Type != "private" || m.From.ID != alice.ID ||
			m.From.LanguageCode != "id" || m.Date != int(clock.Now().Unix()) {
			t.Fatalf("update %d = %+v", id, m)
		}
		if got := describeEntities(m.Entities); got != want[text] {
			t.Errorf("%q: entities %q, want %q", text, got, want[text])
		}
	}
	if m := byID[oldID].Message; m.Date != int(old.Unix()) || m.From.FirstName != "Bob" {
		t.Fatalf("old message = %+v", m)
	}
	if m := byID[groupID].Message; m.Chat.ID != -200 || m.Chat.Type != "group" || describeEntities(m.Entities) != "bot_command@0+24" {
		t.Fatalf("group message = %+v", m)
	}
	if m := byID[contactID].Message; m.Contact == nil || m.Contact.PhoneNumber != "+6281234567890" || m.Contact.UserID != alice.ID {
		t.Fatalf("contact message = %+v", m)
	}
	// Pushing made the chats known: the bot can answer in them.
	b := newClient(t, srv)
	for _, chatID := range []int64{alice.ID, bob.ID, -200} {
		if _, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: chatID, Text: "ok"}); err != nil {
			t.Fatalf("send to %d: %v", chatID, err)
		}
	}
	// Message ids are per chat and shared with the user's messages.
	if got := srv.Messages(alice.ID)[0].MessageID; got != len(texts)+2 {
		t.Fatalf("bot message id = %d", got)
	}
}

// TestRealBotEndToEnd runs the go-telegram client's own polling loop
// against the fake, as the bot's integration tests will.
func TestRealBotEndToEnd(t *testing.T) {
	srv := newServer(t, telegramtest.WithToken(testToken))
	var mu sync.Mutex
	var handlerErrs []error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		handlerErrs = append(handlerErrs, err)
	}
	handler := func(c context.Context, b *tgbot.Bot, u *models.Update) {
		switch {
		case u.Message != nil:
			_, err := b.SendMessage(c, &tgbot.SendMessageParams{
				ChatID: u.Message.Chat.ID, Text: "Pesan: <i>" + strings.ReplaceAll(u.Message.Text, "<", "&lt;") + "</i>",
				ParseMode: models.ParseModeHTML, ReplyMarkup: buttons(1, "done"),
			})
			if err != nil {
				fail(err)
			}
		case u.CallbackQuery != nil:
			if _, err := b.AnswerCallbackQuery(c, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Selesai"}); err != nil {
				fail(err)
			}
			m := u.CallbackQuery.Message.Message
			if _, err := b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: m.Chat.ID, MessageID: m.ID, Text: m.Text + " ✅"}); err != nil {
				fail(err)
			}
		}
	}
	b := newClient(t, srv, tgbot.WithDefaultHandler(handler))
	c, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		b.Start(c)
	}()
	defer func() {
		cancel()
		<-stopped
	}()

	id := srv.PushText(alice, "<halo>")
	msgs := srv.WaitMessages(t, alice.ID, 1)
	if msgs[0].PlainText != "Pesan: <halo>" || msgs[0].ReplyMarkup == nil {
		t.Fatalf("reply = %+v", msgs[0])
	}
	srv.WaitConfirmed(t, id)
	cb := srv.PushCallback(alice, msgs[0].MessageID, "done")
	srv.WaitFor(t, 10*time.Second, "message edited", func(s *telegramtest.Server) bool {
		m := s.Messages(alice.ID)
		return len(m) == 1 && m[0].Edits == 1
	})
	if text, _, ok := srv.CallbackAnswer(cb); !ok || text != "Selesai" {
		t.Fatalf("callback answer = %q %v", text, ok)
	}
	if m := srv.Messages(alice.ID)[0]; m.PlainText != "Pesan: <halo> ✅" || m.ReplyMarkup != nil {
		t.Fatalf("edited = %+v", m)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(handlerErrs) > 0 {
		t.Fatalf("handler errors: %v", handlerErrs)
	}
}
