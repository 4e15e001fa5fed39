package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

const testToken = "123456:TEST-token"

var (
	alice = telegramtest.User{ID: 501, FirstName: "Alice", Username: "alice", LanguageCode: "id"}
	bob   = telegramtest.User{ID: 502, FirstName: "Bob"}
)

func newServer(t *testing.T, opts ...telegramtest.Option) *telegramtest.Server {
	t.Helper()
	s := telegramtest.New(opts...)
	t.Cleanup(s.Close)
	return s
}

// newClient returns the real go-telegram client talking to s. It calls
// getMe on creation, which also checks that path.
func newClient(t *testing.T, s *telegramtest.Server, opts ...tgbot.Option) *tgbot.Bot {
	t.Helper()
	opts = append([]tgbot.Option{
		tgbot.WithServerURL(s.URL()),
		tgbot.WithErrorsHandler(func(error) {}),
	}, opts...)
	b, err := tgbot.New(testToken, opts...)
	if err != nil {
		t.Fatalf("tgbot.New: %v", err)
	}
	return b
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// apiResponse is Telegram's envelope as our own poller decodes it.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// postJSON calls a method with a JSON body, like our hand-written poller.
func postJSON(t *testing.T, c context.Context, s *telegramtest.Server, method string, body any) (int, apiResponse) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(c, http.MethodPost, s.URL()+"/bot"+testToken+"/"+method, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, apiResponse) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r apiResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	if r.OK != (resp.StatusCode == 200) || (!r.OK && r.ErrorCode != resp.StatusCode) {
		t.Fatalf("HTTP status %d does not match envelope %s", resp.StatusCode, body)
	}
	return resp.StatusCode, r
}

// updateIDs decodes a getUpdates result into its update ids.
func updateIDs(t *testing.T, raw json.RawMessage) []int64 {
	t.Helper()
	var ups []struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &ups); err != nil {
		t.Fatalf("decode updates %s: %v", raw, err)
	}
	ids := []int64{}
	for _, u := range ups {
		ids = append(ids, u.ID)
	}
	return ids
}

func wantBadRequest(t *testing.T, err error, desc string) {
	t.Helper()
	if !errors.Is(err, tgbot.ErrorBadRequest) {
		t.Fatalf("want bad request %q, got %v", desc, err)
	}
	if !strings.Contains(err.Error(), desc) {
		t.Fatalf("want error containing %q, got %q", desc, err.Error())
	}
}

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
