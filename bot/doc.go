// Package bot is the rules side of Salesbot's Telegram bot: it turns each
// request into a command, applies it to the seller's book in one storage
// transaction (with the update id and the reply), and renders the replies
// it queues in the outbox.
//
// The Telegram side (the getUpdates loop that confirms an update only after
// its effect is committed, the conversion of updates into requests, and the
// paced outbox sender) is package bot/transport. The boundary is one small
// interface in each direction: transport calls the bot through its Handler
// (and asks it through its Merger which buttons may be merged when replies
// are joined); the bot drives the transport through the telegram interface
// declared in server.go. The terminal mode (Chat) needs no transport.
package bot
