// Package bot is the Telegram side of Salesbot: it reads updates, turns them
// into our own request values, applies each command to the seller's book in
// one storage transaction (with the update id and the reply), and delivers
// the replies queued in the outbox.
//
// go-telegram/bot (imported as tgbot) is used as the Bot API client only.
// Salesbot runs its own getUpdates loop because the library's confirms an
// update before its handler ran (so a crash loses it) and ignores
// retry_after; here an offset is confirmed only after the update's effect is
// committed, and updates of one chat are applied in the order sent.
package bot
