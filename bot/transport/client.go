package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/storage"
)

// DefaultAPIURL is the public Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config is what Client needs.
type Config struct {
	Token       string
	APIURL      string        // "" = DefaultAPIURL
	HTTPClient  *http.Client  // nil = a client with sane timeouts
	PollTimeout time.Duration // long-poll timeout; 0 = 50s
	SendRate    float64       // messages per second overall; 0 = 30
	ChatRate    float64       // messages per second to one chat; 0 = 1 (Telegram's advice)
	Logger      zerolog.Logger
	Now         func() time.Time // clock; nil = time.Now
	Store       *storage.DB      // the outbox, the update ids, the sellers blocked
}

// Handler applies one request. It returns an error only when nothing could
// be recorded (the database failed): the update is then not confirmed and
// is fetched again. Handle is called concurrently for different chats and
// in order within one chat.
type Handler interface {
	Handle(ctx context.Context, r Request) error
}

// HandlerFunc is a function as a Handler.
type HandlerFunc func(ctx context.Context, r Request) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, r Request) error { return f(ctx, r) }

// Client is one bot's connection to Telegram: the getUpdates loop and the
// paced outbox sender.
type Client struct {
	cfg     Config
	store   *storage.DB
	log     zerolog.Logger
	now     func() time.Time
	merger  Merger
	tg      *tgbot.Bot
	botName string
	http    *http.Client
	pacer   *pacer

	// The sender's doors for Hurry (hurry.go).
	hurries    chan hurryReq
	links      chan link
	senderMu   sync.Mutex
	senderGone chan struct{} // nil until the sender runs, closed when it ends
}

// New connects to the Bot API: it calls getMe to learn the bot's username
// (so "/jual@NamaBot" is recognised) and fails if the token is rejected.
// merger tells which buttons may be merged when replies are joined (nil:
// none).
func New(ctx context.Context, cfg Config, merger Merger) (*Client, error) {
	if cfg.Store == nil {
		return nil, errors.New("transport: store is required")
	}
	if cfg.Token == "" {
		return nil, errors.New("transport: token is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.SendRate <= 0 {
		cfg.SendRate = 30
	}
	c := &Client{
		cfg:    cfg,
		store:  cfg.Store,
		log:    cfg.Logger,
		now:    cfg.Now,
		merger: merger,
		pacer:  newPacer(cfg.SendRate, cfg.ChatRate, cfg.Now),

		hurries: make(chan hurryReq),
		links:   make(chan link),
	}
	c.http = cfg.HTTPClient
	if c.http == nil {
		// Sends run in parallel: keep their connections (and TLS sessions)
		// instead of the default transport's two idle ones per host.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns = 256
		tr.MaxIdleConnsPerHost = 256
		c.http = &http.Client{Timeout: cfg.PollTimeout + 15*time.Second, Transport: tr}
	}
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithHTTPClient(cfg.PollTimeout, c.http),
		tgbot.WithSkipGetMe(),
		tgbot.WithErrorsHandler(func(err error) { c.log.Warn().Err(Scrub(err, cfg.Token)).Msg("telegram client") }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram client: %w", err)
	}
	c.tg = tg
	me, err := tg.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("getMe (is TELEGRAM_BOT_TOKEN right?): %w", Scrub(err, cfg.Token))
	}
	c.botName = me.Username
	return c, nil
}

// BotName is the bot's username from getMe.
func (c *Client) BotName() string { return c.botName }

// SetCommands publishes the command menu for users whose Telegram is in
// languageCode ("" for everyone else).
func (c *Client) SetCommands(ctx context.Context, languageCode string, cmds []models.BotCommand) error {
	params := &tgbot.SetMyCommandsParams{Commands: cmds, LanguageCode: languageCode}
	if _, err := c.tg.SetMyCommands(ctx, params); err != nil {
		return fmt.Errorf("setMyCommands: %w", Scrub(err, c.cfg.Token))
	}
	return nil
}

// Run polls Telegram, hands each update to h, and delivers the outbox until
// ctx ends. On the way out it finishes the updates in hand, confirms them,
// and gives the outbox a few seconds to drain.
func (c *Client) Run(ctx context.Context, h Handler) error {
	sendCtx, stopSend := context.WithCancel(context.WithoutCancel(ctx))
	sendDone := make(chan struct{})
	go func() {
		defer close(sendDone)
		c.runSender(sendCtx, &telegramDeliverer{c: c})
	}()
	go c.pruneUpdates(ctx)
	err := c.poll(ctx, h)
	// Let the replies of the last updates go out before stopping.
	c.drainOutbox(5 * time.Second)
	stopSend()
	<-sendDone
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// updateMemory is how long applied update ids are kept. Telegram keeps an
// unconfirmed update for 24 hours, so an older id cannot come back.
const updateMemory = 48 * time.Hour

// pruneUpdates forgets old update ids now and every few hours.
func (c *Client) pruneUpdates(ctx context.Context) {
	t := time.NewTicker(6 * time.Hour)
	defer t.Stop()
	for {
		n, err := c.store.PruneUpdates(ctx, c.now().Add(-updateMemory))
		if err != nil {
			c.log.Warn().Err(err).Msg("prune update ids")
		} else if n > 0 {
			c.log.Debug().Int("pruned", n).Msg("old update ids forgotten")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// drainOutbox waits until the outbox is empty or the grace period passes.
func (c *Client) drainOutbox(grace time.Duration) {
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		n, err := c.store.OutboxLen()
		if err != nil || n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Scrub removes the token from an error text: it is in every request URL,
// so every error of a Bot API call is scrubbed before it is logged.
func Scrub(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return scrubbed{msg: strings.ReplaceAll(err.Error(), token, "***"), err: err}
}

type scrubbed struct {
	msg string
	err error
}

func (e scrubbed) Error() string { return e.msg }
func (e scrubbed) Unwrap() error { return e.err }
