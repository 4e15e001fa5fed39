// Package telegramtest is a strict, deterministic fake of the Telegram Bot API
// served over loopback by httptest.
//
// It exists so that tests of the whole bot can run the real
// github.com/go-telegram/bot client (and our own getUpdates poller) against
// something that rejects exactly what Telegram rejects: unknown chats,
// blocked users, malformed HTML or MarkdownV2, over-long texts counted in
// UTF-16, invalid inline keyboards, duplicate edits, stale callback queries,
// flood limits. A bug that would only show up as a 400 in production shows
// up as a 400 in the test.
//
// Everything the bot does is recorded (Calls, Messages, Commands) and every
// recording wakes the Wait* helpers, so tests never sleep for a fixed time.
//
// Typical use:
//
//	srv := telegramtest.New(telegramtest.WithToken(token))
//	t.Cleanup(srv.Close)
//	b, _ := tgbot.New(token, tgbot.WithServerURL(srv.URL()))
//	go b.Start(ctx) // or our own poller against srv.URL()
//	id := srv.PushText(user, "/start")
//	msgs := srv.WaitMessages(t, user.ID, 1) // blocks until the reply is recorded
//	srv.WaitConfirmed(t, id)
//
// Behaviour worth knowing when writing bot code against it (all as in
// Telegram): editMessageText without reply_markup removes the inline
// keyboard; editing to identical content is a 400 "message is not
// modified"; texts are trimmed and measured in UTF-16 after entity
// parsing; an update stays queued until a getUpdates offset passes it; a
// second concurrent getUpdates ends the first with 409.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// DownloadMethod is the pseudo method name under which file downloads
// (GET /file/bot<TOKEN>/<file_path>) are recorded in Calls and can be made to
// fail with FailNext. It is not a Bot API method.
const DownloadMethod = "downloadFile"

const (
	defaultWaitTimeout = 10 * time.Second
	maxPollTimeout     = 50 * time.Second
	maxRequestBody     = 64 << 20
	maxDocumentSize    = 50 << 20
)

// Option configures a Server in New.
type Option func(*Server)

// WithToken makes the server accept only this bot token, so a test notices
// when the bot is wired with the wrong token. Other tokens get 401
// "Unauthorized". By default any token is accepted.
func WithToken(token string) Option {
	return func(s *Server) { s.token = token }
}

// WithBotUser sets the identity returned by getMe and used as "from" of the
// bot's messages. The default is id 1000, username "SalesbotTestBot",
// first name "Salesbot".
func WithBotUser(id int64, username string) Option {
	return func(s *Server) {
		s.botUser.ID = id
		s.botUser.Username = username
	}
}

// WithClock sets the clock used for message dates, pushed update dates,
// Call.At and rate-limit refills, so tests can be deterministic about time.
// The function must be safe for concurrent use. Default time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithWaitTimeout changes the timeout used by WaitMessages, WaitConfirmed and
// WaitCalls (default 10s).
func WithWaitTimeout(d time.Duration) Option {
	return func(s *Server) { s.waitTimeout = d }
}

// Server is the fake Bot API. Create it with New and Close it when done
// (t.Cleanup(srv.Close)). All methods are safe for concurrent use.
type Server struct {
	srv         *httptest.Server
	token       string
	botUser     models.User
	now         func() time.Time
	waitTimeout time.Duration
	limiter     *rateLimiter // flood control and its counters (ratelimit.go)

	done      chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever anything changes

	calls    []Call
	tooMany  int
	failures map[string][]*failure

	chats    map[int64]*chat
	files    map[string]*storedFile // by file_id
	byPath   map[string]*storedFile // by file_path
	fileSeq  int
	commands map[string][]models.BotCommand // by commandsKey(scope, lang)

	nextUpdateID int64
	updates      map[int64]*updateEntry
	queue        []int64 // ids of unconfirmed updates, ascending
	confirmed    int64   // offset of the last getUpdates that had offset > 0
	pollGen      uint64  // incremented by every getUpdates; older polls get 409
	pollsWaiting int
	callbacks    map[string]*callbackEntry
	callbackSeq  int
}

type failure struct {
	code, retryAfter, remaining int
}

// New starts a fake Bot API server on a loopback httptest listener.
func New(opts ...Option) *Server {
	s := &Server{
		botUser: models.User{
			ID: 1000, IsBot: true, FirstName: "Salesbot", Username: "SalesbotTestBot",
			CanJoinGroups: true,
		},
		now:          time.Now,
		waitTimeout:  defaultWaitTimeout,
		done:         make(chan struct{}),
		changed:      make(chan struct{}),
		failures:     map[string][]*failure{},
		chats:        map[int64]*chat{},
		files:        map[string]*storedFile{},
		byPath:       map[string]*storedFile{},
		commands:     map[string][]models.BotCommand{},
		nextUpdateID: 1,
		updates:      map[int64]*updateEntry{},
		callbacks:    map[string]*callbackEntry{},
	}
	for _, o := range opts {
		o(s)
	}
	s.floodLocked() // counters work without a rate limit too
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// URL is the base URL to give to tgbot.WithServerURL (no trailing slash).
func (s *Server) URL() string { return s.srv.URL }

// Close ends pending long polls and shuts the listener down. It is
// idempotent, so it can be registered with t.Cleanup and also called early.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.srv.Close()
	})
}

// broadcastLocked wakes every waiter (WaitFor, long polls). s.mu must be held.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// FailNext makes the next n calls of method fail before they are executed:
// code 429 answers "Too Many Requests: retry after <retryAfter>" with
// parameters.retry_after, 500 and 502 answer "Internal Server Error", 0 drops
// the connection without an answer (a network error for the client), any
// other code answers a Telegram-looking error with that code. Failures queue
// up if FailNext is called again for the same method. The method name is
// case-insensitive; DownloadMethod targets file downloads.
func (s *Server) FailNext(method string, n int, code int, retryAfter int) {
	if n <= 0 {
		return
	}
	name := canonicalMethod(method)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[name] = append(s.failures[name], &failure{code: code, retryAfter: retryAfter, remaining: n})
}

// ClearFailures drops the failures still queued for method ("" = all), as
// when the network comes back.
func (s *Server) ClearFailures(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method == "" {
		clear(s.failures)
		return
	}
	delete(s.failures, canonicalMethod(method))
}

func (s *Server) takeFailureLocked(method string) (*failure, bool) {
	q := s.failures[method]
	if len(q) == 0 {
		return nil, false
	}
	f := q[0]
	f.remaining--
	if f.remaining <= 0 {
		s.failures[method] = q[1:]
	}
	return f, true
}

func (f *failure) apiError() *apiError {
	switch f.code {
	case 0:
		return &apiError{code: 0, desc: "connection dropped (injected by FailNext)"}
	case http.StatusTooManyRequests:
		return tooManyRequests(f.retryAfter)
	case http.StatusInternalServerError, http.StatusBadGateway:
		return &apiError{code: f.code, desc: "Internal Server Error"}
	case http.StatusBadRequest:
		return badRequest("injected failure")
	case http.StatusUnauthorized:
		return errUnauthorized
	case http.StatusForbidden:
		return &apiError{code: f.code, desc: "Forbidden: bot was blocked by the user"}
	case http.StatusConflict:
		return errConflict
	default:
		return &apiError{code: f.code, desc: http.StatusText(f.code)}
	}
}

// apiError is a Telegram error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

var (
	errUnauthorized = &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"}
	errConflict     = &apiError{code: http.StatusConflict,
		desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
)

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func tooManyRequests(retryAfter int) *apiError {
	return &apiError{code: http.StatusTooManyRequests, retryAfter: retryAfter,
		desc: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)}
}

type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters,omitempty"`
}

func writeEnvelope(w http.ResponseWriter, result any, e *apiError) {
	env := envelope{OK: e == nil}
	status := http.StatusOK
	if e != nil {
		status = e.code
		env.ErrorCode = e.code
		env.Description = e.desc
		if e.retryAfter > 0 {
			env.Parameters = &struct {
				RetryAfter int `json:"retry_after"`
			}{e.retryAfter}
		}
	} else {
		raw, err := json.Marshal(result)
		if err != nil {
			status = http.StatusInternalServerError
			env = envelope{ErrorCode: status, Description: "Internal Server Error: " + err.Error()}
		} else {
			env.Result = raw
		}
	}
	body, _ := json.Marshal(env)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/file/bot"):
		s.serveFile(w, r, strings.TrimPrefix(r.URL.Path, "/file/bot"))
	case strings.HasPrefix(r.URL.Path, "/bot"):
		s.serveMethod(w, r, strings.TrimPrefix(r.URL.Path, "/bot"))
	default:
		s.mu.Lock()
		call := Call{Method: r.URL.Path, At: s.now()}
		e := &apiError{code: http.StatusNotFound, desc: "Not Found"}
		s.recordLocked(&call, e)
		s.mu.Unlock()
		writeEnvelope(w, nil, e)
	}
}

func (s *Server) tokenOK(token string) bool {
	return token != "" && (s.token == "" || token == s.token)
}

func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, rest string) {
	token, method, _ := strings.Cut(rest, "/")
	method = strings.TrimPrefix(method, "test/") // tgbot.UseTestEnvironment
	req, parseErr := parseRequest(r)
	h, known := handlers[strings.ToLower(method)]
	name := method
	if known {
		name = h.name
	}

	s.mu.Lock()
	call := Call{Method: name, Params: req.params, Files: req.files, FileNames: req.fileNames, At: s.now()}
	var result any
	var e *apiError
	switch {
	case !s.tokenOK(token):
		e = errUnauthorized
	case !known:
		e = &apiError{code: http.StatusNotFound, desc: "Not Found: method not found"}
	case parseErr != nil:
		e = parseErr
	default:
		if f, ok := s.takeFailureLocked(name); ok {
			e = f.apiError()
		} else if h.name == "getUpdates" {
			s.mu.Unlock() // long poll: getUpdates takes the lock itself
			result, e = s.getUpdates(r.Context(), req)
			s.mu.Lock()
		} else {
			result, e = h.fn(s, req)
		}
	}
	s.recordLocked(&call, e)
	s.mu.Unlock()

	if e != nil && e.code == 0 {
		panic(http.ErrAbortHandler) // closes the connection without an answer
	}
	writeEnvelope(w, result, e)
}

type handler struct {
	name string
	fn   func(*Server, *request) (any, *apiError) // called with s.mu held
}

// handlers maps lower-cased method names (Telegram matches them
// case-insensitively) to their implementation.
var handlers = map[string]handler{}

func init() {
	for name, fn := range map[string]func(*Server, *request) (any, *apiError){
		"getMe":                  (*Server).getMe,
		"getUpdates":             nil, // special: long poll without the lock
		"sendMessage":            (*Server).sendMessage,
		"editMessageText":        (*Server).editMessageText,
		"editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
		"answerCallbackQuery":    (*Server).answerCallbackQuery,
		"setMyCommands":          (*Server).setMyCommands,
		"getMyCommands":          (*Server).getMyCommands,
		"deleteMyCommands":       (*Server).deleteMyCommands,
		"sendDocument":           (*Server).sendDocument,
		"sendPhoto":              (*Server).sendPhoto,
		"getFile":                (*Server).getFile,
		"sendChatAction":         (*Server).sendChatAction,
	} {
		handlers[strings.ToLower(name)] = handler{name: name, fn: fn}
	}
}

// canonicalMethod maps any spelling of a served method to its canonical
// name; unknown names are returned unchanged.
func canonicalMethod(method string) string {
	if strings.EqualFold(method, DownloadMethod) {
		return DownloadMethod
	}
	if h, ok := handlers[strings.ToLower(method)]; ok {
		return h.name
	}
	return method
}

func (s *Server) getMe(*request) (any, *apiError) {
	return s.botUser, nil
}
