package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestChatModeNeedsNoToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "chat.db")
	var out, errOut bytes.Buffer
	in := strings.NewReader("/jual Bu Sari 350rb kerudung\n/lihat Bu Sari\n")
	err := run(context.Background(), []string{"salesbot", "chat"}, envMap(map[string]string{"SALESBOT_DB": db, "USER": "sari"}), in, &out, &errOut)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"Rp350.000", "Bu Sari #1", "Konsumen", "kerudung"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "<b>") {
		t.Errorf("terminal shows HTML tags:\n%s", out.String())
	}
}

func TestRunServesTelegramAndStopsCleanly(t *testing.T) {
	fake := telegramtest.New(telegramtest.WithToken("42:abc"))
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "bot.db")
	env := envMap(map[string]string{
		"TELEGRAM_BOT_TOKEN": "42:abc", "TELEGRAM_API_URL": fake.URL(), "SALESBOT_DB": db,
		"SALESBOT_TIMEZONE": "WITA", "LOG_FORMAT": "console", "LOG_LEVEL": "debug",
	})
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"salesbot"}, env, strings.NewReader(""), io.Discard, &logs) }()

	u := telegramtest.User{ID: 7, FirstName: "Sari"}
	fake.PushText(u, "/jual Bu Sari 350rb")
	m := fake.WaitMessages(t, u.ID, 1)[0]
	if !strings.Contains(m.PlainText, "Rp350.000") {
		t.Errorf("reply = %q", m.PlainText)
	}
	stopRun(t, cancel, done)
	if strings.Contains(logs.String(), "42:abc") || strings.Contains(logs.String(), "Bu Sari") {
		t.Errorf("logs leak the token or message contents:\n%s", logs.String())
	}
	// The database was closed: it opens again at once.
	var out bytes.Buffer
	err := run(context.Background(), []string{"salesbot", "chat"}, envMap(map[string]string{"SALESBOT_DB": db}), strings.NewReader(""), &out, io.Discard)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
}

func TestSecondProcessOnTheSameFileFailsFast(t *testing.T) {
	db := filepath.Join(t.TempDir(), "locked.db")
	env := envMap(map[string]string{"SALESBOT_DB": db})
	stdin, feed := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	var out syncBuffer
	go func() { first <- run(ctx, []string{"salesbot", "chat"}, env, stdin, &out, io.Discard) }()
	// Wait until the first one holds the file: it has printed its prompt.
	for {
		changed := out.changed()
		if strings.Contains(out.String(), ">") {
			break
		}
		select {
		case err := <-first:
			t.Fatalf("first run ended: %v", err)
		case <-changed:
		}
	}
	start := time.Now()
	err := run(context.Background(), []string{"salesbot", "chat"}, env, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second run: %v, want 'in use' error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second run took %v to fail", d)
	}
	cancel()
	feed.Close()
	<-first
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no token", map[string]string{}, []string{"salesbot", "run"}, "TELEGRAM_BOT_TOKEN"},
		{"bad timezone", map[string]string{"SALESBOT_TIMEZONE": "Mars/Base"}, []string{"salesbot", "chat"}, "SALESBOT_TIMEZONE"},
		{"bad allowed users", map[string]string{"SALESBOT_ALLOWED_USERS": "12,abc"}, []string{"salesbot"}, "abc"},
		{"bad log format", map[string]string{"LOG_FORMAT": "xml"}, []string{"salesbot"}, "LOG_FORMAT"},
		{"bad send rate", map[string]string{"SALESBOT_SEND_RATE": "-1"}, []string{"salesbot"}, "SALESBOT_SEND_RATE"},
		{"unknown command", map[string]string{}, []string{"salesbot", "fly"}, "unknown command"},
		{"short backup interval", map[string]string{"SALESBOT_BACKUP_INTERVAL": "5s"}, []string{"salesbot", "chat"}, "SALESBOT_BACKUP_INTERVAL"},
		{"bad backup interval", map[string]string{}, []string{"salesbot", "chat", "-backup-interval", "daily"}, "SALESBOT_BACKUP_INTERVAL"},
		{"no backups kept", map[string]string{"SALESBOT_BACKUP_KEEP": "0"}, []string{"salesbot", "chat"}, "SALESBOT_BACKUP_KEEP"},
		{"stray argument", map[string]string{}, []string{"salesbot", "chat", "extra"}, "unexpected arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.env["SALESBOT_DB"] = filepath.Join(t.TempDir(), "x.db")
			err := run(context.Background(), tc.args, envMap(tc.env), strings.NewReader(""), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want error mentioning %q", err, tc.want)
			}
		})
	}
}

func TestIndonesianTimezones(t *testing.T) {
	for _, name := range []string{"WIB", "WITA", "WIT", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} {
		if _, err := loadTimezone(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// stopRun stops run like SIGTERM does and waits for it to return cleanly.
func stopRun(t *testing.T, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop after the signal")
	}
}
