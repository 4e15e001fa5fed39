package storage

import "errors"

// Sentinel errors returned by this package; callers test them with errors.Is.
var (
	// ErrNotFound means the record does not exist in this seller's book
	// (records of other sellers are never visible, so they are "not found" too).
	ErrNotFound = errors.New("not found")
	// ErrExists means a contact with the same name (case and spacing ignored)
	// is already in the book.
	ErrExists = errors.New("already exists")
	// ErrDuplicate means the update was applied before; nothing was changed.
	ErrDuplicate = errors.New("update already applied")
	// ErrLocked means another process holds the database file.
	ErrLocked = errors.New("database is in use by another process")
	// ErrClosed means the database was closed.
	ErrClosed = errors.New("database closed")
)
