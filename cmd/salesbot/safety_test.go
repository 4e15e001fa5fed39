package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/bot/telegramtest"
	"github.com/salesbot/salesbot/storage"
)

// TestMain lets a test run the real main in a child process (the test
// binary itself), to see its exit status and everything it prints.
func TestMain(m *testing.M) {
	if os.Getenv("SALESBOT_TEST_MAIN") == "1" {
		os.Args = append([]string{"salesbot"}, strings.Fields(os.Getenv("SALESBOT_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var seedAt = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// damage cuts or replaces a database file the way a botched copy or a full
// disk does.
var damages = []struct {
	name string
	do   func(t *testing.T, path string)
}{
	{"cut in half", func(t *testing.T, path string) { cut(t, path, func(used int64, ps int64) int64 { return used / 2 }) }},
	{"cut at a page boundary", func(t *testing.T, path string) { cut(t, path, func(used, ps int64) int64 { return used - ps }) }},
	{"garbage", func(t *testing.T, path string) {
		junk := bytes.Repeat([]byte("\xde\xad\xbe\xef salesbot "), 4096)
		if err := os.WriteFile(path, junk, 0o600); err != nil {
			t.Fatal(err)
		}
	}},
	// Refused rather than taken for a new database: see storage.inspect.
	{"empty", func(t *testing.T, path string) {
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
	}},
}

// cut truncates the file to size(bytes its header claims, page size).
func cut(t *testing.T, path string, size func(used, pageSize int64) int64) {
	t.Helper()
	rep, err := storage.Check(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps := int64(rep.PageSize)
	if err := os.Truncate(path, size(int64(rep.Pages)*ps, ps)); err != nil {
		t.Fatal(err)
	}
}

func TestRunRefusesDamagedDatabase(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "salesbot.db")
			seedDue(t, path, 7, seedAt)
			backups := filepath.Join(dir, "backups")
			if err := os.Mkdir(backups, 0o700); err != nil {
				t.Fatal(err)
			}
			newest := filepath.Join(backups, "salesbot-20261129T020000Z.db")
			for _, p := range []string{filepath.Join(backups, "salesbot-20261128T020000Z.db"), newest} {
				if err := copyFile(path, p); err != nil {
					t.Fatal(err)
				}
			}
			d.do(t, path)
			before, _ := os.ReadFile(path)

			env := envMap(map[string]string{"SALESBOT_DB": path, "TELEGRAM_BOT_TOKEN": "42:abc",
				"TELEGRAM_API_URL": "http://127.0.0.1:1", "SALESBOT_BACKUP_DIR": backups})
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"salesbot", "run"}, env, strings.NewReader(""), &out, &errOut)
			if !errors.Is(err, storage.ErrDamaged) || !errors.As(err, new(reported)) {
				t.Fatalf("run: %v, want a reported ErrDamaged", err)
			}
			msg := errOut.String()
			for _, want := range []string{"the database file " + path + " is damaged", "did not change the file",
				"Restore a backup: stop the bot, copy the newest backup over the file, start it",
				"cp " + newest + " " + path} {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr lacks %q:\n%s", want, msg)
				}
			}
			for _, bad := range []string{"goroutine", "panic", "SIGBUS"} {
				if strings.Contains(msg, bad) {
					t.Errorf("stderr shows %q:\n%s", bad, msg)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("the damaged file was changed")
			}
		})
	}
}

// The real process: exit status 1, the explanation on stderr once, no
// stack trace.
func TestMainExitsNonZeroOnDamagedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "salesbot.db")
	seedDue(t, path, 7, seedAt)
	damages[0].do(t, path)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SALESBOT_TEST_MAIN=1", "SALESBOT_TEST_ARGS=run", "SALESBOT_DB="+path,
		"TELEGRAM_BOT_TOKEN=42:abc", "TELEGRAM_API_URL=http://127.0.0.1:1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\n%s", err, stderr.String())
	}
	msg := stderr.String()
	if !strings.Contains(msg, path) || strings.Count(msg, "cut short") != 1 {
		t.Errorf("stderr should explain the damage once, naming the file:\n%s", msg)
	}
	for _, bad := range []string{"goroutine", "panic", "SIGBUS"} {
		if strings.Contains(msg, bad) {
			t.Errorf("stderr shows %q:\n%s", bad, msg)
		}
	}
}

func TestRunWithoutTokenCreatesNoDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "salesbot.db")
	env := envMap(map[string]string{"SALESBOT_DB": path, "SALESBOT_BACKUP_DIR": filepath.Join(dir, "backups")})
	err := run(context.Background(), []string{"salesbot", "run"}, env, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Fatalf("run: %v, want the missing token", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("run without a token left %v", entries)
	}
}

func TestRunWritesBackups(t *testing.T) {
	fake := telegramtest.New(telegramtest.WithToken("42:abc"))
	defer fake.Close()
	dir := t.TempDir()
	backups := filepath.Join(dir, "backups") // created by run
	env := envMap(map[string]string{
		"TELEGRAM_BOT_TOKEN": "42:abc", "TELEGRAM_API_URL": fake.URL(), "SALESBOT_DB": filepath.Join(dir, "bot.db"),
		"SALESBOT_BACKUP_DIR": backups, "SALESBOT_BACKUP_INTERVAL": "1h", "SALESBOT_BACKUP_KEEP": "2",
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"salesbot"}, env, strings.NewReader(""), io.Discard, &logs) }()

	// The first backup is taken at start.
	for {
		changed := logs.changed() // before looking, so no write is missed
		if strings.Contains(logs.String(), `"message":"backup done"`) {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("run ended: %v\n%s", err, logs.String())
		case <-changed:
		case <-time.After(20 * time.Second):
			t.Fatalf("no backup logged:\n%s", logs.String())
		}
	}
	u := telegramtest.User{ID: 7, FirstName: "Sari"}
	fake.PushText(u, "/jual Bu Sari 350rb")
	fake.WaitMessages(t, u.ID, 1)
	stopRun(t, cancel, done)

	list, err := storage.Backups(backups)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups: %v, %v; want one", list, err)
	}
	if _, err := storage.Check(list[0], storage.Options{}); err != nil {
		t.Errorf("the backup is not sound: %v", err)
	}
	for _, want := range []string{`"message":"backup started"`, `"bytes":`, `"took":`, `"path":"` + list[0]} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs.String())
		}
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "salesbot.db")
	seedDue(t, path, 7, seedAt)
	env := envMap(map[string]string{"SALESBOT_DB": path})
	target := filepath.Join(dir, "copy.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"salesbot", "backup", target}, env, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "written to "+target) {
		t.Errorf("stdout: %s", out.String())
	}
	backup, err := storage.Open(target, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = backup.View(7, seedAt, func(tx *storage.Tx) error {
		_, err := tx.ContactByName("Pak Joko")
		return err
	})
	backup.Close()
	if err != nil {
		t.Errorf("the backup lacks the contact: %v", err)
	}

	// Into a directory, flags after FILE: the file gets a backup's name.
	into := filepath.Join(dir, "backups")
	if err := os.Mkdir(into, 0o700); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"salesbot", "backup", into, "-db", path}, envMap(nil), strings.NewReader(""), io.Discard, io.Discard)
	if list, _ := storage.Backups(into); err != nil || len(list) != 1 {
		t.Errorf("backup into a directory: %v, %v", err, list)
	}

	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no file", []string{"salesbot", "backup"}, map[string]string{"SALESBOT_DB": path}, "needs one FILE"},
		{"over the database", []string{"salesbot", "backup", path}, map[string]string{"SALESBOT_DB": path}, "the database itself"},
		{"no database", []string{"salesbot", "backup", filepath.Join(dir, "x.db")}, map[string]string{"SALESBOT_DB": filepath.Join(dir, "none.db")}, "no database"},
	} {
		err := run(context.Background(), tc.args, envMap(tc.env), strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("backup of a missing database created it")
	}
}

// While the bot runs, the command waits for the lock and gives up with
// the usual message.
func TestBackupCommandRefusesRunningBot(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "salesbot.db")
	seedDue(t, path, 7, seedAt)
	db, err := storage.Open(path, storage.Options{}) // the running bot
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	target := filepath.Join(dir, "copy.db")
	err = run(context.Background(), []string{"salesbot", "backup", target}, envMap(map[string]string{"SALESBOT_DB": path}), strings.NewReader(""), io.Discard, io.Discard)
	if !errors.Is(err, storage.ErrLocked) || !strings.Contains(err.Error(), "database is in use by another process") || !strings.Contains(err.Error(), "stop the bot") {
		t.Errorf("backup of a running bot's database: %v", err)
	}
	if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a backup file was written")
	}
}

func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "salesbot.db")
	seedDue(t, path, 7, seedAt)
	env := envMap(map[string]string{"SALESBOT_DB": path})
	check := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"salesbot", "check"}, args...), env, strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}

	out, err := check() // the configured database
	if err != nil || !strings.HasPrefix(out, path+": sound.") || !strings.Contains(out, "bbolt's consistency check") {
		t.Errorf("check: %v\n%s", err, out)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := run(context.Background(), []string{"salesbot", "backup", backup}, env, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if out, err := check(backup); err != nil || !strings.HasPrefix(out, backup+": sound.") {
		t.Errorf("check of a backup: %v\n%s", err, out)
	}

	for _, d := range damages {
		p := filepath.Join(t.TempDir(), "salesbot.db")
		if err := copyFile(path, p); err != nil {
			t.Fatal(err)
		}
		d.do(t, p)
		out, err := check(p)
		if !errors.Is(err, storage.ErrDamaged) || !errors.As(err, new(reported)) ||
			!strings.HasPrefix(out, p+": DAMAGED: ") || !strings.Contains(out, "Restore a backup") {
			t.Errorf("%s: %v\n%s", d.name, err, out)
		}
	}

	if _, err := check(filepath.Join(dir, "missing.db")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("check of a missing file: %v", err)
	}
	if _, err := check("a.db", "b.db"); err == nil || !strings.Contains(err.Error(), "unexpected arguments") {
		t.Errorf("check of two files: %v", err)
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// A scheduled backup that fails is logged at error level; the loop goes
// on (the bot keeps serving), and stops with its context.
func TestBackupLoopLogsFailures(t *testing.T) {
	dir := t.TempDir()
	store, err := storage.Open(filepath.Join(dir, "bot.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		backupLoop(ctx, store, filepath.Join(notDir, "backups"), time.Minute, 7, zerolog.New(&logs))
	}()
	for {
		changed := logs.changed() // before looking, so no write is missed
		if strings.Contains(logs.String(), "backup failed") {
			break
		}
		select {
		case <-changed:
		case <-time.After(10 * time.Second):
			t.Fatalf("no failure logged:\n%s", logs.String())
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not stop")
	}
	if !strings.Contains(logs.String(), `"level":"error"`) || !strings.Contains(logs.String(), "not a directory") {
		t.Errorf("logs:\n%s", logs.String())
	}
}
