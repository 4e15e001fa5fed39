// Package reminders decides when the seller hears from the bot unasked:
// follow-up nudges collected into a daily digest, the seller's own
// reminders, and the weekly summary.
//
// Everything time-driven is one function, Scheduler.Pass: given now, find
// what is due and not yet sent, queue it in the outbox and record it, in one
// transaction per seller, so a pass repeated or interrupted sends nothing
// twice and loses nothing. While the bot runs, cron calls it every minute;
// `salesbot tick` runs one pass. Catch-up after downtime is the same pass.
//
// The rules (rules.go, window.go) are plain functions over storage values,
// testable without Telegram or bbolt. How a message looks is not decided
// here: the Renderer (implemented by the bot) turns what is due into text.
package reminders
