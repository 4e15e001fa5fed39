package bot

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/bot/transport"
	"github.com/salesbot/salesbot/storage"
)

// telegram is what the bot needs of its Telegram transport
// (*transport.Client): run the poll loop and the sender with the bot's
// handler, flush the outbox for `salesbot tick`, publish the command menu.
type telegram interface {
	Run(ctx context.Context, h transport.Handler) error
	Flush(ctx context.Context, maxWait time.Duration) (int, error)
	Hurry(ctx context.Context, msgs []storage.OutMessage) *transport.Hurried
	SetCommands(ctx context.Context, languageCode string, cmds []models.BotCommand) error
	BotName() string
}

// DefaultAPIURL is the public Bot API server.
const DefaultAPIURL = transport.DefaultAPIURL

// GCPercent is the garbage-collector target salesbot runs with (cmd sets it
// unless GOGC is given). The heap stays small, since the books live in
// bbolt's memory map, and a collector running four times less often leaves
// the single database writer's CPU to commits. Measured by
// BenchmarkDurableSales with 50 sellers, six runs each, on 2026-11-22:
// 12.8k durable sales/s at GOGC=100 and 14.7k at 400 (about 15% more).
const GCPercent = 400

// Config is what Server needs; cmd/salesbot fills it from flags and the
// environment.
type Config struct {
	Token        string // empty for the terminal mode (no Telegram)
	APIURL       string // "" = DefaultAPIURL
	Store        *storage.DB
	Bundle       *i18n.Bundle
	Languages    []string
	Location     *time.Location // operator default timezone
	AllowedUsers map[int64]bool // nil or empty: anyone may start a book
	Logger       zerolog.Logger
	SendRate     float64          // messages per second overall; 0 = 30
	ChatRate     float64          // messages per second to one chat; 0 = 1 (Telegram's advice)
	PollTimeout  time.Duration    // long-poll timeout; 0 = 50s
	Now          func() time.Time // clock; nil = time.Now
	HTTPClient   *http.Client     // nil = a client with sane timeouts
}

// Server handles one bot: commands and their replies; with a token, its
// transport polls Telegram and delivers the outbox.
type Server struct {
	cfg     Config
	store   *storage.DB
	texts   *texts
	log     zerolog.Logger
	now     func() time.Time
	loc     *time.Location
	routes  map[string]*command
	aliases map[string]string
	help    map[string]string // the help text per language (renderHelp)

	tg      telegram // nil in terminal mode
	botName string

	handleMu sync.Mutex // serialises Handle per chat (see chatLock)
	chatMu   map[int64]*chatLock
}

// New builds a server. With a token it connects its transport, which calls
// getMe to learn the bot's username (so "/jual@NamaBot" is recognised) and
// fails if the token is rejected.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Bundle == nil {
		return nil, errors.New("bot: store and bundle are required")
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.Languages) == 0 {
		cfg.Languages = []string{"id", "en"}
	}
	s := &Server{
		cfg:    cfg,
		store:  cfg.Store,
		texts:  newTexts(cfg.Bundle, cfg.Languages),
		log:    cfg.Logger,
		now:    cfg.Now,
		loc:    cfg.Location,
		chatMu: map[int64]*chatLock{},
	}
	s.routes, s.aliases = buildRoutes()
	s.help = map[string]string{}
	for _, lang := range cfg.Languages {
		s.help[lang] = renderHelp(s.texts, lang)
	}
	if cfg.Token == "" {
		return s, nil
	}
	tg, err := transport.New(ctx, transport.Config{
		Token: cfg.Token, APIURL: cfg.APIURL, HTTPClient: cfg.HTTPClient, PollTimeout: cfg.PollTimeout,
		SendRate: cfg.SendRate, ChatRate: cfg.ChatRate, Logger: cfg.Logger, Now: cfg.Now, Store: cfg.Store,
	}, undoMerger{})
	if err != nil {
		return nil, err
	}
	s.tg, s.botName = tg, tg.BotName()
	return s, nil
}

// BotName is the bot's username from getMe ("" in terminal mode).
func (s *Server) BotName() string { return s.botName }

// Run polls Telegram and delivers the outbox until ctx ends. On the way out
// it finishes the updates in hand, confirms them, and gives the outbox a
// few seconds to drain.
func (s *Server) Run(ctx context.Context) error {
	if s.tg == nil {
		return errors.New("bot: no token, cannot run against Telegram")
	}
	if err := s.registerCommands(ctx); err != nil {
		s.log.Warn().Err(err).Msg("setMyCommands failed; commands still work")
	}
	return s.tg.Run(ctx, transport.HandlerFunc(s.handle))
}

// Flush delivers the outbox now (for `salesbot tick`): it returns when the
// outbox is empty or when what is left must wait longer than maxWait
// (Telegram asked to retry later), with the number left.
func (s *Server) Flush(ctx context.Context, maxWait time.Duration) (int, error) {
	if s.tg == nil {
		return 0, errors.New("bot: no token, cannot send")
	}
	return s.tg.Flush(ctx, maxWait)
}

// chatLock orders updates of one chat: Handle may be called concurrently,
// but two updates of the same chat never run at once.
type chatLock struct {
	mu   sync.Mutex
	refs int
}

func (s *Server) lockChat(chat int64) func() {
	s.handleMu.Lock()
	l := s.chatMu[chat]
	if l == nil {
		l = &chatLock{}
		s.chatMu[chat] = l
	}
	l.refs++
	s.handleMu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		s.handleMu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(s.chatMu, chat)
		}
		s.handleMu.Unlock()
	}
}

// Handle applies one update: the command's effect, the update id and the
// reply are committed together. A repeated update is skipped. It returns an
// error only when nothing could be recorded (the database failed): the
// caller must not confirm the update then.
func (s *Server) Handle(ctx context.Context, u *models.Update) error {
	tr, ok := transport.RequestFrom(u, s.botName, s.now())
	if !ok {
		return nil
	}
	return s.handle(ctx, tr)
}

// handle applies one request (transport.Handler): see Handle.
func (s *Server) handle(ctx context.Context, tr transport.Request) error {
	r := newRequest(tr, s.aliases)
	unlock := s.lockChat(r.ChatID)
	defer unlock()
	log := s.log.With().Int64("seller", r.SellerID).Int64("update", r.UpdateID).Str("cmd", r.Command).Logger()

	switch {
	case len(s.cfg.AllowedUsers) > 0 && !s.cfg.AllowedUsers[r.SellerID]:
		log.Info().Msg("user not allowed")
		return s.respond(ctx, r, "not_allowed")
	case !r.Private:
		if r.Command == "" && r.Callback == nil {
			return nil // group chatter is not for us
		}
		return s.respond(ctx, r, "group_hint", "Bot", s.botName)
	}

	s.prepare(&r)
	u := storage.Update{ID: r.UpdateID, SellerID: r.SellerID, ChatID: r.ChatID, Name: r.Name, Lang: r.Lang, At: r.At}
	fn := func(tx *storage.Tx) error { return s.dispatch(newCtx(s, tx, r)) }
	if cmd := s.routes[r.Command]; r.Callback == nil && cmd != nil && cmd.reads {
		if done, err := s.answer(ctx, u, fn); done {
			if err != nil {
				log.Error().Err(err).Msg("database write failed")
				return err
			}
			log.Debug().Msg("answered read-only")
			return nil
		}
	}
	var userErr *userError
	err := s.store.Apply(ctx, u, fn)
	switch {
	case err == nil:
		log.Debug().Msg("applied")
		return nil
	case errors.Is(err, storage.ErrDuplicate):
		log.Info().Msg("repeated update skipped")
		return nil
	case errors.As(err, &userErr):
		// Bad input: nothing was changed; tell the seller why.
		log.Debug().Str("reason", userErr.id).Msg("refused")
		if r.Command != "" && r.Command != "batal" {
			return s.refuseCommand(ctx, r, userErr)
		}
		return s.respond(ctx, r, userErr.id, userErr.kv...)
	case errors.Is(err, errHandler):
		log.Error().Err(err).Msg("handler failed")
		return s.respond(ctx, r, "error_internal")
	default:
		log.Error().Err(err).Msg("database write failed")
		return err
	}
}

// hurryGrace is how long a read-only command's handler waits for Telegram
// to take its reply before committing the reply to the outbox instead.
// On a fast link the reply is taken sooner and nothing is written at all;
// over a slow one the commit goes ahead while the send goes on, and the
// next getUpdates waits up to this much longer than the commit alone
// would make it (the poll loop confirms a batch once all of it is done).
// Measured with BenchmarkReadOnlyVsEcho's load (50 sellers, 2 cores):
// /bantuan replies committed 73% at 5 ms, 22% at 10 ms, none at 20 ms,
// and 20 ms gave about 5% more replies/s than 10. 10 ms keeps the cost to
// everyone else's next update small where Telegram is far away.
const hurryGrace = 10 * time.Millisecond

// answer answers a command that changes nothing without a commit in front
// of its reply: the command runs read-only (storage.DB.Peek) and its reply
// goes out at once (Hurry). If Telegram takes it within hurryGrace nothing
// needs recording; otherwise the update id and the reply are committed
// while the send goes on. done is false when the command wants to write
// after all (an open question to close, a refusal, a seller record to
// refresh): it must then run the usual way, with Apply.
func (s *Server) answer(ctx context.Context, u storage.Update, fn func(tx *storage.Tx) error) (done bool, err error) {
	msgs, err := s.store.Peek(u, fn)
	switch {
	case errors.Is(err, storage.ErrDuplicate):
		return true, nil
	case err != nil:
		return false, nil
	}
	var h *transport.Hurried
	if s.tg != nil {
		h = s.tg.Hurry(ctx, msgs)
	}
	if h.Delivered(hurryGrace) {
		return true, nil // nothing left to record: see transport.Hurry
	}
	ids, err := s.store.Respond(ctx, u.ID, u.At, msgs)
	h.Committed(ids, err)
	if errors.Is(err, storage.ErrDuplicate) {
		return true, nil
	}
	return true, err
}

// refuseCommand answers a refused command. Like any other command it
// closes the question that was open, so the next plain message is not
// taken as its answer; nothing else in the book changes.
func (s *Server) refuseCommand(ctx context.Context, r request, ue *userError) error {
	err := s.store.Apply(ctx, storage.Update{
		ID: r.UpdateID, SellerID: r.SellerID, ChatID: r.ChatID, Name: r.Name, Lang: r.Lang, At: r.At,
	}, func(tx *storage.Tx) error {
		if err := tx.ClearDialog(); err != nil {
			return err
		}
		for _, m := range s.responses(r, ue.id, ue.kv...) {
			if err := tx.Send(m); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, storage.ErrDuplicate) {
		return nil
	}
	return err
}

// respond records the update id and queues one message (plus the callback
// answer) without touching any book: refusals, group hints, apologies.
func (s *Server) respond(ctx context.Context, r request, id string, kv ...any) error {
	_, err := s.store.Respond(ctx, r.UpdateID, r.At, s.responses(r, id, kv...))
	if errors.Is(err, storage.ErrDuplicate) {
		return nil
	}
	return err
}

// responses renders a one-message answer to r: a reply, or the toast of a
// pressed button.
func (s *Server) responses(r request, id string, kv ...any) []storage.OutMessage {
	text := s.texts.get(r.Lang, id, kv...)
	var msgs []storage.OutMessage
	if r.Callback != nil {
		msgs = append(msgs, storage.OutMessage{Kind: storage.OutAnswer, CallbackQueryID: r.Callback.ID, Text: plainText(text, 200)})
	} else {
		msgs = append(msgs, splitMessage(storage.OutMessage{ChatID: r.ChatID, Text: text, HTML: true, ReplyTo: r.MessageID})...)
	}
	for i := range msgs {
		msgs[i].SellerID, msgs[i].ChatID = r.SellerID, r.ChatID
	}
	return msgs
}
