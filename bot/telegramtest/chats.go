package telegramtest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// User is a Telegram user that talks to the bot in tests.
type User struct {
	ID                                int64
	FirstName, Username, LanguageCode string
}

func (u User) model() models.User {
	first := u.FirstName
	if first == "" {
		first = "User" // Telegram users always have a first name
	}
	return models.User{ID: u.ID, FirstName: first, Username: u.Username, LanguageCode: u.LanguageCode}
}

type chat struct {
	id        int64
	typ       models.ChatType
	title     string
	firstName string
	username  string
	blocked   bool
	lastMsgID int          // message ids are per chat, shared by both sides
	userMsgs  map[int]bool // ids of messages pushed by users
	botMsgs   []*botMsg
}

func (c *chat) model() models.Chat {
	return models.Chat{ID: c.id, Type: c.typ, Title: c.title, FirstName: c.firstName, Username: c.username}
}

func (c *chat) nextMessageID() int {
	c.lastMsgID++
	return c.lastMsgID
}

// hasMessage reports a message of either side in the chat.
func (c *chat) hasMessage(id int) bool { return c.userMsgs[id] || c.botMessage(id) != nil }

func (c *chat) botMessage(id int) *botMsg {
	for _, m := range c.botMsgs {
		if m.id == id {
			return m
		}
	}
	return nil
}

// botMsg is the server-side state of a message sent by the bot.
type botMsg struct {
	id             int
	date, editDate time.Time
	text           string // as sent
	parseMode      string
	plain          string
	entities       []models.MessageEntity
	inlineMarkup   string // canonical inline keyboard JSON, "" if none
	replyKeyboard  string
	removeKeyboard bool
	forceReply     bool
	document       *storedFile
	photo          *storedFile
	edits          int
	replyTo        int // reply_parameters.message_id, 0 if none
}

// storedFile is a file known to the server: pushed by a user or uploaded
// by the bot. Its file_id can be reused and downloaded via getFile.
type storedFile struct {
	id, uniqueID, path, name, mime string
	data                           []byte
	width, height                  int
}

// AddPrivateChat makes the private chat with u known, as if the user had
// pressed Start; before that Telegram answers "chat not found".
func (s *Server) AddPrivateChat(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.privateChatLocked(u)
	s.broadcastLocked()
}

func (s *Server) privateChatLocked(u User) *chat {
	c := s.chats[u.ID]
	if c == nil {
		c = &chat{id: u.ID, typ: models.ChatTypePrivate, userMsgs: map[int]bool{}}
		s.chats[u.ID] = c
	}
	c.firstName = u.model().FirstName
	if u.Username != "" {
		c.username = u.Username
	}
	return c
}

// AddGroupChat makes a group chat known, as if the bot had been added to it.
func (s *Server) AddGroupChat(chatID int64, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groupChatLocked(chatID).title = title
	s.broadcastLocked()
}

func (s *Server) groupChatLocked(chatID int64) *chat {
	c := s.chats[chatID]
	if c == nil {
		c = &chat{id: chatID, typ: models.ChatTypeGroup, title: "Group", userMsgs: map[int]bool{}}
		s.chats[chatID] = c
	}
	return c
}

// BlockBot makes every later send, edit or chat action to this chat fail
// with 403, as when a user blocks the bot (or the bot is kicked from a
// group). An unknown chat becomes a known, blocked private chat.
func (s *Server) BlockBot(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		c = s.privateChatLocked(User{ID: chatID})
	}
	c.blocked = true
	s.broadcastLocked()
}

// targetChat resolves chat_id the way Telegram does for sending: it must be
// present, an integer id of a known chat, and not have blocked the bot.
func (s *Server) targetChat(req *request) (*chat, *apiError) {
	raw := req.params["chat_id"]
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	c := s.chats[id]
	if c == nil {
		return nil, badRequest("chat not found")
	}
	if c.blocked {
		if c.typ == models.ChatTypePrivate {
			return nil, &apiError{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
		}
		return nil, &apiError{code: http.StatusForbidden, desc: "Forbidden: bot was kicked from the group chat"}
	}
	return c, nil
}
