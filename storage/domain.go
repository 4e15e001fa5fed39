package storage

import "time"

// Stage is where a contact stands in the funnel prospek -> konsumen -> pelanggan.
type Stage string

// The stages of the funnel. Lost is a prospect the seller gave up on.
const (
	StageProspect Stage = "prospek"   // interested, has not bought
	StageConsumer Stage = "konsumen"  // bought once
	StageCustomer Stage = "pelanggan" // bought again (repeat order)
)

// StageFor is the funnel rule: no purchase is a prospect, one purchase a
// konsumen, two or more a pelanggan.
func StageFor(purchases int) Stage {
	switch {
	case purchases <= 0:
		return StageProspect
	case purchases == 1:
		return StageConsumer
	default:
		return StageCustomer
	}
}

// ParseStage reads a stage name as a seller types it (Indonesian or English).
func ParseStage(s string) (Stage, bool) {
	switch s {
	case "prospek", "prospect", "prospects", "lead", "leads":
		return StageProspect, true
	case "konsumen", "consumer", "consumers", "buyer", "buyers":
		return StageConsumer, true
	case "pelanggan", "customer", "customers":
		return StageCustomer, true
	}
	return "", false
}

// Seller is one Telegram user with a private book.
type Seller struct {
	ID         int64  // Telegram user id; the key of the book
	ChatID     int64  // private chat with the bot
	Name       string // first name as Telegram gives it
	Lang       string // "id" or "en"
	Timezone   string // IANA name; "" means the operator's default
	Active     bool   // false once the seller blocked the bot, until they write again
	CreatedAt  time.Time
	LastSeenAt time.Time
	Settings   Settings

	FirstCustomerID uint64    // the seller's first buyer ever (the monthly "pelanggan pertama" nudge)
	LastDigestDay   string    // local date (2006-01-02) of the last follow-up digest
	LastSummaryAt   time.Time // the weekly-summary slot last sent
	LastOverdue     int       // follow-ups overdue in that summary, to compare the next one with
	NextSummaryAt   time.Time // the next weekly-summary slot (kept by the summary index)
}

// Settings are the seller's reminder preferences; DefaultSettings gives the
// values a new seller starts with.
type Settings struct {
	DigestHour      int          // local hour of the daily follow-up digest
	QuietFrom       int          // no nudges from this local hour...
	QuietUntil      int          // ...until this one
	ProspectDays    int          // a prospect not contacted this long is due
	FollowUpDays    int          // a konsumen this long after the purchase is asked about satisfaction
	KeepInTouchDays int          // a buyer not contacted this long is due
	QuietBuyerDays  int          // a buyer who has not bought this long: ask why
	SummaryWeekday  time.Weekday // weekly summary day
	SummaryHour     int          // weekly summary local hour
	NudgesOff       bool         // the seller turned follow-up nudges off
}

// DefaultSettings are the reminder defaults described in the README.
func DefaultSettings() Settings {
	return Settings{
		DigestHour:      9,
		QuietFrom:       21,
		QuietUntil:      7,
		ProspectDays:    3,
		FollowUpDays:    7,
		KeepInTouchDays: 30,
		QuietBuyerDays:  90,
		SummaryWeekday:  time.Monday,
		SummaryHour:     8,
	}
}

// Contact is a person in a seller's book. Its ID is the short number (#7)
// the seller can type instead of the name; it is never reused. Unset fields
// are left out of the stored JSON: most of a contact's times are zero, and
// decoding is most of what reading a contact costs (a scheduler pass reads
// every due contact).
type Contact struct {
	ID              uint64
	Name            string
	Phone           string   `json:",omitempty"` // E.164, "" when unknown
	Tags            []string `json:",omitempty"` // lowercase, without '#'
	Note            string   `json:",omitempty"` // standing note shown on the card
	Stage           Stage
	Purchases       int       `json:",omitempty"`
	Total           int64     `json:",omitempty"` // whole Rupiah
	FirstSaleAt     time.Time `json:",omitzero"`
	FirstSaleAmount int64     `json:",omitempty"`
	LastSaleAt      time.Time `json:",omitzero"`
	LastContactAt   time.Time `json:",omitzero"` // last time the seller reached out (or the contact was added)
	LastActivityAt  time.Time `json:",omitzero"` // anything recorded; lists are ordered by it
	CreatedAt       time.Time `json:",omitzero"`
	Lost            bool      `json:",omitempty"` // a prospect the seller gave up on ("Tidak jadi")
	LostReason      string    `json:",omitempty"`
	StopReason      string    `json:",omitempty"` // why a buyer stopped buying, as the seller told it
	SnoozeUntil     time.Time `json:",omitzero"`  // nudges for this contact wait until then
	SecondSaleAt    time.Time `json:",omitzero"`  // when the konsumen became a pelanggan
	LostAt          time.Time `json:",omitzero"`
	DueAt           time.Time `json:",omitzero"` // when the next follow-up is due (kept by the due index)
}

// EventKind says what happened in a contact's history.
type EventKind string

// The kinds of history events.
const (
	EventCreated   EventKind = "created"
	EventSale      EventKind = "sale"
	EventContacted EventKind = "contacted"
	EventNote      EventKind = "note"
	EventEdited    EventKind = "edited"
	EventLost      EventKind = "lost"
)

// Event is one line of a contact's history. At is the time of the Telegram
// message that recorded it, so a backlog processed late keeps real times.
type Event struct {
	ID        uint64
	ContactID uint64
	Kind      EventKind
	At        time.Time
	Amount    int64  // sales only
	Text      string // product for a sale, the note, or what was edited
}

// OutKind is what an outbox message asks Telegram to do.
type OutKind string

// The kinds of outgoing messages.
const (
	OutSend     OutKind = "send"     // sendMessage
	OutEdit     OutKind = "edit"     // editMessageText
	OutAnswer   OutKind = "answer"   // answerCallbackQuery
	OutDocument OutKind = "document" // sendDocument
)

// Button is one inline button: either callback Data (at most 64 bytes) or a URL.
type Button struct {
	Text string
	Data string
	URL  string
}

// OutMessage is a message waiting in the outbox. It is stored in the same
// transaction as the change that produced it and deleted only after Telegram
// accepted it.
type OutMessage struct {
	ID            uint64 // outbox order; assigned when queued
	SellerID      int64
	ChatID        int64
	Kind          OutKind
	Text          string
	HTML          bool
	Buttons       [][]Button
	EditMessageID int
	// ReplyTo is the seller's message this answers; a reply that goes out
	// late is sent as a reply to it, so it stays tied to its command.
	ReplyTo         int `json:",omitempty"`
	CallbackQueryID string
	FileName        string
	FileData        []byte
	Attempts        int
	NotBefore       time.Time // not sent before this time (backoff, retry_after)
	CreatedAt       time.Time
}

// Dialog is a multi-step command in progress: the command and the answers
// collected so far. It lives in the database so a restart does not lose it.
type Dialog struct {
	Command string
	Context []string // arguments fixed when the dialog started (a contact's #id)
	Args    []string // answers so far
	// Want is the one part a command typed with the rest still needs ("note"
	// for "/catat Pak Hadi"); Payload is what was read so far, as the bot
	// encoded it. The next message answers Want.
	Want      string `json:",omitempty"`
	Payload   []byte `json:",omitempty"`
	UpdatedAt time.Time
}

// Pending is a question the bot asked with buttons (which contact was meant,
// confirm delete, ...). The buttons name it by ID; it belongs to one seller,
// so a button can never reach another seller's records.
type Pending struct {
	ID         uint64
	Kind       string
	Args       []string
	ContactIDs []uint64
	Payload    []byte `json:",omitempty"` // the command's reading, as the bot encoded it
	Cancelled  bool   `json:",omitempty"` // closed by /batal: its buttons only say so
	CreatedAt  time.Time
}

// NudgeKind is the reason a contact needs the seller's attention; the rules
// that decide it live in package reminders.
type NudgeKind string

// The follow-up reasons.
const (
	NudgeFirstCustomer NudgeKind = "first_customer"
	NudgeQuietBuyer    NudgeKind = "quiet_buyer"
	NudgeRepeatOrder   NudgeKind = "repeat_order"
	NudgeSatisfaction  NudgeKind = "satisfaction"
	NudgeKeepInTouch   NudgeKind = "keep_in_touch"
	NudgeProspect      NudgeKind = "prospect"
)

// Nudge is one contact due for attention, for one reason, since DueAt.
type Nudge struct {
	Kind    NudgeKind
	Contact Contact
	DueAt   time.Time
}

// Overdue is how long the nudge has waited at now.
func (n Nudge) Overdue(now time.Time) time.Duration { return now.Sub(n.DueAt) }

// IsBuyer reports a nudge about someone who has bought (they come first).
func (n Nudge) IsBuyer() bool { return n.Contact.Purchases > 0 }
