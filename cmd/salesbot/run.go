package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/bot"
	"github.com/salesbot/salesbot/bot/input"
	"github.com/salesbot/salesbot/locales"
	"github.com/salesbot/salesbot/reminders"
	"github.com/salesbot/salesbot/storage"
)

const usage = `Usage: salesbot [run|chat|tick|backup|check] [flags] [FILE]

  run           run the Telegram bot with long polling and the reminder scheduler (default);
                with -backup-dir it also writes a backup at start and every -backup-interval
  chat          use the same commands in this terminal, no token needed
  tick          run one reminder pass and exit: -at RFC3339-TIME (default now), -dry-run prints
                what would be sent and changes nothing
  backup FILE   write a backup of the database (of a stopped bot) to FILE, or into FILE if it
                is a directory
  check [FILE]  tell whether a database file (default: the database, -db) is sound or damaged;
                exits non-zero if damaged

Every flag can also be set by the environment variable shown.
`

// config is everything read from flags and the environment.
type config struct {
	token    string
	apiURL   string
	dbPath   string
	tz       *time.Location
	allowed  map[int64]bool
	sendRate float64
	log      zerolog.Logger
	lang     string
	at       time.Time // tick: the pass's "now"
	dryRun   bool

	backupDir      string // empty: no backups while running
	backupInterval time.Duration
	backupKeep     int
	file           string // backup, check: the FILE argument
}

// run is the whole program; main only calls it, so tests can too. stdin is
// read by the terminal chat mode only.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if getenv("GOGC") == "" {
		debug.SetGCPercent(bot.GCPercent)
	}

	mode := "run"
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		mode, rest = rest[0], rest[1:]
	}
	switch mode {
	case "run", "chat", "tick", "backup", "check":
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q (want run, chat, tick, backup or check)\n%s", mode, usage)
	}
	cfg, err := parseConfig(mode, rest, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	switch mode {
	case "backup":
		return backupCommand(ctx, cfg, stdout, stderr)
	case "check":
		return checkCommand(cfg, stdout)
	case "run":
		// Before the database is opened, so a bot that cannot start
		// creates no empty database file.
		if cfg.token == "" {
			return errors.New("TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather; or try `salesbot chat` without one)")
		}
		if cfg.backupDir != "" {
			if err := os.MkdirAll(cfg.backupDir, 0o700); err != nil {
				return fmt.Errorf("SALESBOT_BACKUP_DIR: %w", err)
			}
		}
	}

	store, err := storage.Open(cfg.dbPath, storage.Options{})
	if err != nil {
		return openFailed(err, cfg.backupDir, stderr)
	}
	defer func() {
		if err := store.Close(); err != nil {
			cfg.log.Error().Err(err).Msg("close database")
		}
	}()
	bundle, err := locales.Bundle()
	if err != nil {
		return fmt.Errorf("locales: %w", err)
	}
	bcfg := bot.Config{
		APIURL:       cfg.apiURL,
		Store:        store,
		Bundle:       bundle,
		Languages:    locales.Languages,
		Location:     cfg.tz,
		AllowedUsers: cfg.allowed,
		Logger:       cfg.log,
		SendRate:     cfg.sendRate,
	}

	if mode == "tick" {
		return tick(ctx, cfg, bcfg, store, stdout)
	}

	if mode == "chat" {
		srv, err := bot.New(ctx, bcfg)
		if err != nil {
			return err
		}
		sched, err := reminders.New(ctx, store, srv, cfg.tz, cfg.log)
		if err != nil {
			return err
		}
		name := getenv("USER")
		if name == "" {
			name = "Penjual"
		}
		return srv.Chat(ctx, stdin, stdout, bot.ChatUser{ID: -1, Name: name, Lang: cfg.lang,
			Tick: func(ctx context.Context, now time.Time) error {
				_, err := sched.Pass(ctx, now, false)
				return err
			}})
	}

	bcfg.Token = cfg.token
	srv, err := bot.New(ctx, bcfg)
	if err != nil {
		return err
	}
	sched, err := reminders.New(ctx, store, srv, cfg.tz, cfg.log)
	if err != nil {
		return err
	}
	cfg.log.Info().Str("bot", srv.BotName()).Str("db", cfg.dbPath).Str("tz", cfg.tz.String()).Msg("salesbot running")
	// The scheduler and the backups stop with the bot: at the signal, or
	// when the bot fails (else run would wait for them forever).
	loops, stopLoops := context.WithCancel(ctx)
	defer stopLoops()
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		sched.Run(loops, time.Now)
	}()
	backupsDone := make(chan struct{})
	go func() {
		defer close(backupsDone)
		if cfg.backupDir != "" {
			backupLoop(loops, store, cfg.backupDir, cfg.backupInterval, cfg.backupKeep, cfg.log)
		}
	}()
	// The writers stop first (the bot finishes updates in hand and drains
	// replies; cron finishes its pass; a backup in progress is abandoned);
	// the deferred Close then closes the database.
	err = srv.Run(ctx)
	stopLoops()
	<-schedDone
	<-backupsDone
	if err != nil {
		return err
	}
	cfg.log.Info().Msg("salesbot stopped")
	return nil
}

// tick runs one scheduler pass as of cfg.at and delivers what it queued.
func tick(ctx context.Context, cfg config, bcfg bot.Config, store *storage.DB, stdout io.Writer) error {
	if !cfg.dryRun && cfg.token == "" {
		return errors.New("tick sends messages: TELEGRAM_BOT_TOKEN is not set (use -dry-run to preview)")
	}
	if !cfg.dryRun {
		bcfg.Token = cfg.token
	}
	srv, err := bot.New(ctx, bcfg)
	if err != nil {
		return err
	}
	var _ reminders.Renderer = srv // the bot renders what the scheduler decides
	sched, err := reminders.New(ctx, store, srv, cfg.tz, cfg.log)
	if err != nil {
		return err
	}
	rep, err := sched.Pass(ctx, cfg.at, cfg.dryRun)
	if err != nil {
		return err
	}
	if cfg.dryRun {
		fmt.Fprintf(stdout, "dry run at %s: %d reminders, %d digests (%d nudges), %d summaries would be sent\n",
			cfg.at.Format(time.RFC3339), rep.Reminders, rep.Digests, rep.Nudges, rep.Summaries)
		for _, m := range rep.Messages {
			fmt.Fprintf(stdout, "\n--- to seller %d ---\n%s\n", m.SellerID, bot.PlainText(m.Text))
		}
		return nil
	}
	fmt.Fprintf(stdout, "queued %d reminders, %d digests (%d nudges), %d summaries\n", rep.Reminders, rep.Digests, rep.Nudges, rep.Summaries)
	left, err := srv.Flush(ctx, 30*time.Second)
	if err != nil {
		return err
	}
	if left > 0 {
		fmt.Fprintf(stdout, "%d messages wait in the outbox for the next run (Telegram asked to retry later)\n", left)
	}
	return nil
}

func parseConfig(mode string, args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	env := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("salesbot "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	token := fs.String("token", env("TELEGRAM_BOT_TOKEN", ""), "bot token from @BotFather (TELEGRAM_BOT_TOKEN)")
	apiURL := fs.String("api-url", env("TELEGRAM_API_URL", bot.DefaultAPIURL), "Bot API server base URL (TELEGRAM_API_URL)")
	dbPath := fs.String("db", env("SALESBOT_DB", "salesbot.db"), "bbolt database file (SALESBOT_DB)")
	tz := fs.String("timezone", env("SALESBOT_TIMEZONE", "Asia/Jakarta"), "default timezone: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT) (SALESBOT_TIMEZONE)")
	allowed := fs.String("allowed-users", env("SALESBOT_ALLOWED_USERS", ""), "comma list of Telegram user ids; empty = anyone (SALESBOT_ALLOWED_USERS)")
	level := fs.String("log-level", env("LOG_LEVEL", "info"), "debug, info, warn, error (LOG_LEVEL)")
	format := fs.String("log-format", env("LOG_FORMAT", "json"), "json or console (LOG_FORMAT)")
	rate := fs.Float64("send-rate", 0, "messages per second overall, default 30 (SALESBOT_SEND_RATE)")
	lang := fs.String("lang", env("SALESBOT_CHAT_LANG", "id"), "language of the terminal chat: id or en (SALESBOT_CHAT_LANG)")
	at := fs.String("at", "", "tick: run the pass as of this RFC3339 time (default now)")
	dry := fs.Bool("dry-run", false, "tick: print what would be sent; send and record nothing")
	backupDir := fs.String("backup-dir", env("SALESBOT_BACKUP_DIR", ""), "run: write backups into this directory; empty = no backups (SALESBOT_BACKUP_DIR)")
	backupInterval := fs.String("backup-interval", env("SALESBOT_BACKUP_INTERVAL", "24h"), "run: time between backups, at least 1m (SALESBOT_BACKUP_INTERVAL)")
	backupKeep := fs.String("backup-keep", env("SALESBOT_BACKUP_KEEP", "7"), "run: how many of the newest backups to keep (SALESBOT_BACKUP_KEEP)")
	// Flags may come before or after FILE: flag.Parse stops at the first
	// argument, so parse again after each one.
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	var files []string
	for fs.NArg() > 0 {
		files = append(files, fs.Arg(0))
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return config{}, err
		}
	}
	cfg := config{token: *token, apiURL: *apiURL, dbPath: *dbPath, lang: *lang, dryRun: *dry, at: time.Now(), backupDir: *backupDir}
	switch {
	case mode == "backup" && len(files) != 1:
		return config{}, errors.New("backup needs one FILE to write (salesbot backup FILE)")
	case mode == "check" && len(files) > 1, mode != "backup" && mode != "check" && len(files) > 0:
		return config{}, fmt.Errorf("unexpected arguments: %v", files)
	case len(files) == 1:
		cfg.file = files[0]
	}
	d, err := time.ParseDuration(*backupInterval)
	if err != nil || d < time.Minute {
		return config{}, fmt.Errorf("SALESBOT_BACKUP_INTERVAL: %q (want a duration of at least 1m, such as 24h or 6h)", *backupInterval)
	}
	cfg.backupInterval = d
	keep, err := strconv.Atoi(*backupKeep)
	if err != nil || keep < 1 {
		return config{}, fmt.Errorf("SALESBOT_BACKUP_KEEP: %q (want a whole number of at least 1)", *backupKeep)
	}
	cfg.backupKeep = keep
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return config{}, fmt.Errorf("-at %q: want RFC3339, e.g. 2026-11-23T09:00:00+07:00", *at)
		}
		cfg.at = t
	}

	loc, err := loadTimezone(*tz)
	if err != nil {
		return config{}, err
	}
	cfg.tz = loc

	cfg.allowed = map[int64]bool{}
	for _, f := range strings.FieldsFunc(*allowed, func(r rune) bool { return r == ',' || r == ' ' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return config{}, fmt.Errorf("SALESBOT_ALLOWED_USERS: %q is not a Telegram user id", f)
		}
		cfg.allowed[id] = true
	}

	cfg.sendRate = *rate
	if cfg.sendRate == 0 {
		if v := env("SALESBOT_SEND_RATE", ""); v != "" {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || r <= 0 {
				return config{}, fmt.Errorf("SALESBOT_SEND_RATE: %q is not a positive number", v)
			}
			cfg.sendRate = r
		}
	}

	lvl, err := zerolog.ParseLevel(strings.ToLower(*level))
	if err != nil || *level == "" {
		return config{}, fmt.Errorf("LOG_LEVEL: %q (want debug, info, warn or error)", *level)
	}
	var w io.Writer = stderr
	switch *format {
	case "json":
	case "console":
		w = zerolog.ConsoleWriter{Out: stderr, TimeFormat: time.DateTime}
	default:
		return config{}, fmt.Errorf("LOG_FORMAT: %q (want json or console)", *format)
	}
	cfg.log = zerolog.New(w).Level(lvl).With().Timestamp().Logger()
	return cfg, nil
}

// loadTimezone accepts IANA names and the Indonesian abbreviations.
func loadTimezone(name string) (*time.Location, error) {
	if iana, ok := input.ParseZone(name); ok {
		name = iana
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("SALESBOT_TIMEZONE %q: %w", name, err)
	}
	return loc, nil
}
