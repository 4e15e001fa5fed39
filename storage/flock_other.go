//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package storage

import (
	"os"
	"time"
)

// lockShared does nothing where flock(2) is missing (Windows, Solaris):
// there inspect may read a file another process is writing, and bbolt's
// own lock, taken right after, still refuses a second process.
func lockShared(f *os.File, timeout time.Duration) error { return nil }
