package storage

// bucketReminders holds the seller's own reminders (filled by the reminders
// feature): due time || seller id || reminder id.
var bucketReminders = []byte("reminders")
