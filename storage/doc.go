// Package storage keeps every seller's book in one bbolt file.
//
// It plays the role of the root package of the project: it exports the plain
// domain values (Seller, Contact, Event, OutMessage, ...) that bot/ and
// reminders/ speak in, and the pure rules that belong to them (StageFor). No
// bbolt type appears in an exported signature, and storage imports no other
// package of this module.
//
// Every change a seller makes goes through DB.Apply: the change, the id of the
// Telegram update that caused it and the replies it produced are committed in
// one transaction, so a redelivered update is skipped and a crash between the
// commit and the send loses no reply (the outbox keeps it until it is sent).
// Concurrent Apply calls from different sellers share one fsync (group commit).
//
// A Tx notes what it writes, so a change can be recorded (SaveUndo) and
// reversed within UndoWindow unless something it covers changed since
// (undo.go). Typed names are resolved through a word index (namewords.go)
// whose cost does not grow with the size of the book.
package storage
