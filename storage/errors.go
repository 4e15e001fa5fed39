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
	// ErrNeedsWrite means Peek's fn would change the book (or the seller's
	// record is due a refresh): run it with Apply instead.
	ErrNeedsWrite = errors.New("needs a write transaction")
	// ErrLocked means another process holds the database file.
	ErrLocked = errors.New("database is in use by another process")
	// ErrDamaged means the database file cannot be used as it is: it is
	// shorter than its header says (a copy that did not finish, a full
	// disk), it is not a bbolt file, or its pages do not form a sound tree.
	// Open and Check return it before bbolt touches the damaged part, so the
	// process gets an error instead of dying of SIGBUS. The error is a
	// *DamagedError naming the file and the reason; the remedy is to
	// restore a backup.
	ErrDamaged = errors.New("database file is damaged")
	// ErrClosed means the database was closed.
	ErrClosed = errors.New("database closed")
	// ErrNothingToUndo means SaveUndo was called in a transaction that has
	// written no contact or event, so there is nothing to record.
	ErrNothingToUndo = errors.New("nothing written to undo")
	// ErrUndone means the change was undone already; its record stays, marked
	// done, until it ages out of the undo window.
	ErrUndone = errors.New("already undone")
	// ErrExpired means the change is older than UndoWindow and can no longer
	// be undone.
	ErrExpired = errors.New("too old to undo")
	// ErrChanged means a contact or event the change wrote has changed since
	// (a later sale, an edit, a deletion), or a name it would give back is
	// taken: undoing would lose that later change, so nothing was undone.
	ErrChanged = errors.New("changed since")
)
