// Package args is the one grammar of Salesbot: it reads the arguments of
// every command the way Indonesian sellers type them, into typed values
// (Sale, Prospect, Edit, Remind, ...) or a typed Problem saying which part
// is missing or unclear.
//
// Everything here is pure. A command's reader gets the tokens and a Book, a
// read-only view of the seller's names built once per update (the bot backs
// it with the name index in storage; tests back it with a slice), and never
// touches a transaction. Handlers in package bot are then: read the
// arguments, resolve the contact (Resolve), write, reply.
//
// Where a rule lives:
//   - words.go: honorifics, business words and their synonyms (what does not
//     make two names similar), and the field words of /ubah.
//   - names.go: when two names are the same, a prefix, or only close.
//   - sale.go: amounts, quantities and unit prices of /jual.
//   - prospect.go, contact.go, edit.go, remind.go, settings.go: the other
//     commands.
//   - command.go: command words without the slash, and "Maksud Anda /jual?".
package args
