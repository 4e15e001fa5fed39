package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/salesbot/salesbot/storage"
)

// reported is an error run has already explained to the operator (on
// stderr, or as the verdict of `salesbot check` on stdout): main exits
// non-zero without printing it a second time.
type reported struct{ err error }

func (r reported) Error() string { return r.err.Error() }
func (r reported) Unwrap() error { return r.err }

// openFailed words a failure to open the database. A damaged file gets a
// full explanation on stderr: what is wrong, that nothing was changed,
// and how to restore the newest backup (named, when backups are on).
func openFailed(err error, backupDir string, stderr io.Writer) error {
	var de *storage.DamagedError
	if !errors.As(err, &de) {
		return fmt.Errorf("database: %w", err)
	}
	fmt.Fprintf(stderr, "salesbot: the database file %s is damaged: %s.\n", de.Path, de.Reason)
	fmt.Fprintf(stderr, "salesbot did not start and did not change the file.\n")
	fmt.Fprintf(stderr, "%s.\n", storage.RestoreAdvice)
	if backupDir != "" {
		if list, lerr := storage.Backups(backupDir); lerr == nil && len(list) > 0 {
			newest := list[len(list)-1]
			fmt.Fprintf(stderr, "The newest backup in %s is %s:\n  cp %s %s\n", backupDir, filepath.Base(newest), newest, de.Path)
		} else {
			fmt.Fprintf(stderr, "There is no backup in %s.\n", backupDir)
		}
	}
	fmt.Fprintf(stderr, "`salesbot check FILE` tells whether a file (a backup, say) is sound.\n")
	return reported{err}
}

// backupLoop writes a backup into dir at once, then every interval, until
// ctx ends. It runs beside the bot in `run` mode; run waits for it before
// closing the database, and a shutdown stops a backup in progress (its
// temporary file is removed). Failures are logged, not fatal: the bot
// keeps serving sellers, and the next interval tries again.
func backupLoop(ctx context.Context, store *storage.DB, dir string, interval time.Duration, keep int, log zerolog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		backupOnce(ctx, store, dir, keep, log)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func backupOnce(ctx context.Context, store *storage.DB, dir string, keep int, log zerolog.Logger) {
	start := time.Now()
	log.Info().Str("dir", dir).Msg("backup started")
	info, err := store.BackupTo(ctx, dir, start, keep)
	d := time.Since(start)
	if info.Path != "" {
		log.Info().Str("path", info.Path).Int64("bytes", info.Bytes).Dur("took", d).
			Float64("mb_per_s", mbPerSecond(info.Bytes, d)).Msg("backup done")
		for _, p := range info.Removed {
			log.Info().Str("path", p).Msg("old backup removed")
		}
	}
	switch {
	case err == nil:
	case ctx.Err() != nil && info.Path == "":
		log.Warn().Str("dir", dir).Msg("backup stopped by shutdown")
	default:
		log.Error().Err(err).Str("dir", dir).Msg("backup failed")
	}
}

func mbPerSecond(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / 1e6 / d.Seconds()
}

// backupCommand is `salesbot backup FILE`: a snapshot of the stopped
// bot's database into FILE (into a directory: under a backup's name),
// written atomically. It opens the database read-only, so it changes
// nothing, and fails with ErrLocked while the bot runs: the running bot
// writes its own backups (SALESBOT_BACKUP_DIR).
func backupCommand(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	target := cfg.file
	if st, err := os.Stat(target); err == nil {
		if st.IsDir() {
			target = filepath.Join(target, storage.BackupName(time.Now()))
		} else if db, err := os.Stat(cfg.dbPath); err == nil && os.SameFile(st, db) {
			return fmt.Errorf("backup: %s is the database itself", cfg.file)
		}
	}
	if _, err := os.Stat(cfg.dbPath); err != nil {
		return fmt.Errorf("backup: no database to back up: %w (set SALESBOT_DB or -db)", err)
	}
	store, err := storage.Open(cfg.dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		if errors.Is(err, storage.ErrLocked) {
			return fmt.Errorf("database: %w: stop the bot first, or let the running bot write backups (SALESBOT_BACKUP_DIR)", err)
		}
		return openFailed(err, cfg.backupDir, stderr)
	}
	defer store.Close()
	start := time.Now()
	n, err := store.BackupFile(ctx, target)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s: %s in %s\n", cfg.dbPath, target, megabytes(n), took(start))
	return nil
}

// checkCommand is `salesbot check [FILE]`: whether a database file (the
// configured one by default, or a backup) is sound, and if not why. The
// verdict goes to stdout; a damaged file exits non-zero.
func checkCommand(cfg config, stdout io.Writer) error {
	path := cfg.file
	if path == "" {
		path = cfg.dbPath
	}
	start := time.Now()
	rep, err := storage.Check(path, storage.Options{})
	var de *storage.DamagedError
	switch {
	case errors.As(err, &de):
		fmt.Fprintf(stdout, "%s: DAMAGED: %s.\n%s.\n", path, de.Reason, storage.RestoreAdvice)
		return reported{err}
	case errors.Is(err, storage.ErrLocked):
		return fmt.Errorf("check: %w: stop the bot first (or check its newest backup)", err)
	case err != nil:
		return fmt.Errorf("check: %w", err)
	}
	used := int64(rep.Pages) * int64(rep.PageSize)
	fmt.Fprintf(stdout, "%s: sound. %d pages of %d bytes in use (%s; the file is %s), %d of them reached from the root, last transaction %d.\n",
		path, rep.Pages, rep.PageSize, megabytes(used), megabytes(rep.FileSize), rep.Reached, rep.TxID)
	fmt.Fprintf(stdout, "Checked the header, the size, every page's structure and key order, and bbolt's consistency check, in %s.\n",
		took(start))
	for _, n := range rep.Notes {
		fmt.Fprintf(stdout, "Note: %s.\n", n)
	}
	return nil
}

// megabytes shows a size for people: kB, MB or GB.
func megabytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	default:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
}

// took rounds a duration to what a person reads.
func took(start time.Time) time.Duration {
	d := time.Since(start)
	if d >= time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}
