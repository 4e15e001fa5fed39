// Package transport is Salesbot's connection to the Telegram Bot API: the
// getUpdates loop, the conversion of an update into a Request, and the
// paced outbox sender. It knows nothing of commands, texts, locales or
// undo: a Handler applies each Request, and a Merger says which buttons
// may be merged when replies that piled up are joined.
//
// go-telegram/bot (imported as tgbot) is used as the Bot API client only.
// Transport runs its own getUpdates loop because the library's confirms an
// update before its handler ran (so a crash loses it) and ignores
// retry_after. What it guarantees:
//
//   - Confirm after commit: an update is confirmed to Telegram (with the
//     next offset) only after its Handler returned nil, that is after its
//     effect, its id and its reply were committed. A batch whose Handler
//     failed is fetched again.
//   - Order: updates of one chat are handled in the order sent; different
//     chats in parallel.
//   - The outbox: a message leaves it only after Telegram accepted it (or
//     refused it for good: a 4xx; a 403 also marks the seller inactive).
//     5xx and network errors are retried with backoff, never given up.
//   - Pacing: sends stay within Telegram's limits however the network
//     behaves: overall under SendRate, per chat a burst of 3 then ChatRate,
//     and nothing at all before a 429's retry_after has passed (pacer.go).
//     Replies that pile up in a chat beyond its burst are joined, in order,
//     into as few messages as fit (join.go).
package transport
