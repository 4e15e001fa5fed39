package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// Call is one recorded Bot API request, successful or not, so tests can
// assert on what the bot asked for, not only on what succeeded.
type Call struct {
	// Method is the canonical method name ("sendMessage" even if the client
	// wrote "SENDMESSAGE"), DownloadMethod for file downloads, or the raw
	// method/path for unknown ones.
	Method string
	// Params holds the raw parameters; JSON values (reply_markup, entities,
	// commands, ...) are kept as JSON text.
	Params map[string]string
	// Files holds uploaded multipart files by field name, FileNames their
	// file names.
	Files     map[string][]byte
	FileNames map[string]string
	// Status is 200 on success, otherwise Telegram's error_code (0 for a
	// dropped connection).
	Status int
	// Error is Telegram's description for failed calls.
	Error string
	// At is the server clock when the request arrived.
	At time.Time
	// Early is set when the request arrived before the retry_after of an
	// earlier 429 had passed (see EarlyRequests).
	Early bool
}

// Message is the current state of a message the bot sent (edits applied),
// kept so tests can assert on what the user would see.
type Message struct {
	ChatID    int64
	MessageID int
	// Text is the text (or, for documents and photos, the caption) exactly
	// as sent in the last send/edit, markup included.
	Text      string
	ParseMode string
	// PlainText is what the user sees: markup removed, HTML entities
	// decoded, MarkdownV2 escapes removed, surrounding whitespace trimmed.
	PlainText string
	// Entities are the formatting entities (offsets in UTF-16 code units).
	Entities []models.MessageEntity
	// ReplyMarkup is the attached inline keyboard, nil if none.
	ReplyMarkup *models.InlineKeyboardMarkup
	// ReplyKeyboard, RemoveKeyboard and ForceReply record a non-inline
	// reply_markup sent with the message (Telegram does not echo those).
	ReplyKeyboard  *models.ReplyKeyboardMarkup
	RemoveKeyboard bool
	ForceReply     bool
	// Document or Photo is set for sendDocument / sendPhoto.
	Document, Photo *File
	// Edits counts successful editMessageText / editMessageReplyMarkup.
	Edits int
	Date  time.Time
	// ReplyTo is the message this one replies to (reply_parameters), 0 if none.
	ReplyTo int
}

// File is a file the bot sent.
type File struct {
	Name string
	Data []byte
	// Caption is the caption as sent (markup included).
	Caption string
}

// recordLocked appends a call and wakes waiters. s.mu must be held.
func (s *Server) recordLocked(c *Call, e *apiError) {
	c.Status = 200
	if e != nil {
		c.Status = e.code
		c.Error = e.desc
		if e.code == 429 {
			s.tooMany++
		}
	}
	s.noteCallLocked(c, e)
	s.calls = append(s.calls, *c)
	s.broadcastLocked()
}

func cloneCall(c Call) Call {
	c.Params = maps.Clone(c.Params)
	c.Files = maps.Clone(c.Files)
	c.FileNames = maps.Clone(c.FileNames)
	return c
}

// Calls returns every request so far in the order they were answered,
// including failed ones (long polls are recorded when they return).
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		out[i] = cloneCall(c)
	}
	return out
}

// CallsTo returns the recorded calls of one method (case-insensitive).
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			out = append(out, cloneCall(c))
		}
	}
	return out
}

// Messages returns the bot's messages in a chat in send order, with edits
// applied. The result is a copy.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, 0, len(c.botMsgs))
	for _, m := range c.botMsgs {
		out = append(out, m.snapshot(chatID))
	}
	return out
}

func (m *botMsg) snapshot(chatID int64) Message {
	out := Message{
		ChatID: chatID, MessageID: m.id, Text: m.text, ParseMode: m.parseMode,
		PlainText: m.plain, Entities: slices.Clone(m.entities),
		RemoveKeyboard: m.removeKeyboard, ForceReply: m.forceReply,
		Edits: m.edits, Date: m.date, ReplyTo: m.replyTo,
	}
	if m.inlineMarkup != "" {
		out.ReplyMarkup = &models.InlineKeyboardMarkup{}
		_ = json.Unmarshal([]byte(m.inlineMarkup), out.ReplyMarkup)
	}
	if m.replyKeyboard != "" {
		out.ReplyKeyboard = &models.ReplyKeyboardMarkup{}
		_ = json.Unmarshal([]byte(m.replyKeyboard), out.ReplyKeyboard)
	}
	if m.document != nil {
		out.Document = &File{Name: m.document.name, Data: bytes.Clone(m.document.data), Caption: m.text}
	}
	if m.photo != nil {
		out.Photo = &File{Name: m.photo.name, Data: bytes.Clone(m.photo.data), Caption: m.text}
	}
	return out
}

// Commands returns the commands of the last setMyCommands for the default
// scope and this language ("" = all languages), nil if none.
func (s *Server) Commands(languageCode string) []models.BotCommand {
	return s.CommandsInScope("default", languageCode)
}

// CommandsInScope is Commands for another scope, written as the scope type
// optionally followed by its ids: "all_private_chats", "chat:<chat_id>",
// "chat_member:<chat_id>:<user_id>".
func (s *Server) CommandsInScope(scope, languageCode string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[scope+"|"+languageCode])
}

// WaitFor blocks until cond(s) is true, re-evaluating it every time the
// server records anything, or fails the test with a dump of recent calls
// after timeout. cond must not block; it may call any Server method. It
// must be called from the test goroutine (it may call tb.Fatalf).
func (s *Server) WaitFor(tb testing.TB, timeout time.Duration, what string, cond func(s *Server) bool) {
	tb.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		changed := s.changed // taken before cond so no change is missed
		s.mu.Unlock()
		if cond(s) {
			return
		}
		select {
		case <-changed:
		case <-timer.C:
			if cond(s) {
				return
			}
			tb.Fatalf("telegramtest: timed out after %v waiting for %s\n%s", timeout, what, s.Dump(30))
			return
		}
	}
}

// WaitMessages waits until the chat has at least n bot messages and
// returns them all.
func (s *Server) WaitMessages(tb testing.TB, chatID int64, n int) []Message {
	tb.Helper()
	s.WaitMessageCount(tb, chatID, n)
	return s.Messages(chatID)
}

// WaitMessageCount waits until the chat has at least n bot messages without
// copying them: the check runs on every request the fake answers, so a
// benchmark driver with many waiting sellers must not pay for snapshots.
func (s *Server) WaitMessageCount(tb testing.TB, chatID int64, n int) {
	tb.Helper()
	s.WaitFor(tb, s.waitTimeout, fmt.Sprintf("%d bot message(s) in chat %d", n, chatID),
		func(s *Server) bool { return s.MessageCount(chatID) >= n })
}

// MessageCount is how many messages the bot has sent to a chat.
func (s *Server) MessageCount(chatID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		return len(c.botMsgs)
	}
	return 0
}

// WaitCalls waits until at least n calls of method were recorded (failed
// ones included) and returns them all.
func (s *Server) WaitCalls(tb testing.TB, method string, n int) []Call {
	tb.Helper()
	s.WaitFor(tb, s.waitTimeout, fmt.Sprintf("%d call(s) to %s", n, method),
		func(s *Server) bool { return len(s.CallsTo(method)) >= n })
	return s.CallsTo(method)
}

// Dump describes the last n calls and the update queue, for failure
// messages.
func (s *Server) Dump(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	start := max(0, len(s.calls)-n)
	fmt.Fprintf(&b, "last %d of %d calls:\n", len(s.calls)-start, len(s.calls))
	for i := start; i < len(s.calls); i++ {
		c := s.calls[i]
		fmt.Fprintf(&b, "  #%d %s -> %d", i, c.Method, c.Status)
		if c.Early {
			b.WriteString(" (early: before retry_after)")
		}
		if c.Error != "" {
			fmt.Fprintf(&b, " %q", c.Error)
		}
		for _, k := range slices.Sorted(maps.Keys(c.Params)) {
			v := c.Params[k]
			if len(v) > 100 {
				v = v[:100] + "..."
			}
			fmt.Fprintf(&b, " %s=%q", k, v)
		}
		for k, name := range c.FileNames {
			fmt.Fprintf(&b, " %s=<file %q, %d bytes>", k, name, len(c.Files[k]))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "queued updates: %v, last confirmed offset: %d, polls waiting: %d\n",
		s.queue, s.confirmed, s.pollsWaiting)
	return b.String()
}
