package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// updateEntry is a pushed update. Its JSON is fixed at push time so that a
// redelivery is byte-for-byte the same update.
type updateEntry struct {
	raw       json.RawMessage
	queued    bool
	confirmed bool // confirmed by a getUpdates offset since last (re)delivery
	callback  string
}

type callbackEntry struct {
	answered  bool
	text      string
	showAlert bool
}

// pushLocked queues an update. build receives the assigned update_id (0
// means: assign the next one) and returns the update JSON.
func (s *Server) pushLocked(id int64, build func(id int64) any) int64 {
	if id == 0 {
		id = s.nextUpdateID
	} else if _, dup := s.updates[id]; dup {
		panic(fmt.Sprintf("telegramtest: update_id %d pushed twice; Telegram never reuses update ids (use Redeliver)", id))
	}
	s.nextUpdateID = max(s.nextUpdateID, id+1)
	raw, err := json.Marshal(build(id))
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	s.updates[id] = &updateEntry{raw: raw, queued: true}
	s.enqueueLocked(id)
	return id
}

func (s *Server) enqueueLocked(id int64) {
	i, _ := slices.BinarySearch(s.queue, id)
	s.queue = slices.Insert(s.queue, i, id)
	s.broadcastLocked()
}

// PushUpdate queues a raw update, assigning the next update_id if u.ID is
// zero. A chat in u.Message becomes known; a callback query's id becomes
// answerable.
func (s *Server) PushUpdate(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []*models.Message{u.Message, u.EditedMessage} {
		if m == nil {
			continue
		}
		var c *chat
		if m.Chat.Type == models.ChatTypePrivate || m.Chat.Type == "" {
			c = s.privateChatLocked(User{ID: m.Chat.ID, FirstName: m.Chat.FirstName, Username: m.Chat.Username})
		} else {
			c = s.groupChatLocked(m.Chat.ID)
			c.typ = m.Chat.Type
			if m.Chat.Title != "" {
				c.title = m.Chat.Title
			}
		}
		c.userMsgs[m.ID] = true
		c.lastMsgID = max(c.lastMsgID, m.ID)
	}
	id := s.pushLocked(u.ID, func(id int64) any {
		u.ID = id
		return &u
	})
	if u.CallbackQuery != nil && u.CallbackQuery.ID != "" {
		s.callbacks[u.CallbackQuery.ID] = &callbackEntry{}
		s.updates[id].callback = u.CallbackQuery.ID
	}
	return id
}

func (s *Server) pushMessageLocked(c *chat, from User, date time.Time, fill func(*models.Message)) int64 {
	fromModel := from.model()
	msg := &models.Message{ID: c.nextMessageID(), From: &fromModel, Date: int(date.Unix()), Chat: c.model()}
	c.userMsgs[msg.ID] = true
	fill(msg)
	return s.pushLocked(0, func(id int64) any { return &models.Update{ID: id, Message: msg} })
}

// PushText queues a text message from the user in their private chat, dated
// by the server clock, with bot_command entities as Telegram sets them.
func (s *Server) PushText(from User, text string) int64 {
	return s.PushTextAt(from, text, s.now())
}

// PushTextAt is PushText with an explicit message date, for testing how
// the bot treats old messages.
func (s *Server) PushTextAt(from User, text string, date time.Time) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushMessageLocked(s.privateChatLocked(from), from, date, func(m *models.Message) {
		m.Text, m.Entities = text, commandEntities(text)
	})
}

// PushGroupText queues a text message from the user in a group chat, which
// becomes known.
func (s *Server) PushGroupText(chatID int64, from User, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushMessageLocked(s.groupChatLocked(chatID), from, s.now(), func(m *models.Message) {
		m.Text, m.Entities = text, commandEntities(text)
	})
}

// PushContact queues the user sharing their own contact (as the
// request_contact keyboard button does): message.contact with user_id set.
func (s *Server) PushContact(from User, phone, firstName, lastName string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushMessageLocked(s.privateChatLocked(from), from, s.now(), func(m *models.Message) {
		m.Contact = &models.Contact{PhoneNumber: phone, FirstName: firstName, LastName: lastName, UserID: from.ID}
	})
}

// PushDocument queues the user sending a file. The file is stored so that
// getFile returns its file_path and /file/bot<TOKEN>/<file_path> serves it.
func (s *Server) PushDocument(from User, fileName string, content []byte, caption string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.storeFileLocked("documents", fileName, content)
	return s.pushMessageLocked(s.privateChatLocked(from), from, s.now(), func(m *models.Message) {
		m.Document, m.Caption = f.documentModel(), caption
	})
}

// PushCallback queues the user pressing an inline button of the bot's
// message messageID in their private chat. The query gets a fresh id that
// answerCallbackQuery accepts once.
func (s *Server) PushCallback(from User, messageID int, data string) int64 {
	return s.PushGroupCallback(from.ID, from, messageID, data)
}

// PushGroupCallback is PushCallback for a message in any known chat (for a
// private chat, chatID is the user's id).
func (s *Server) PushGroupCallback(chatID int64, from User, messageID int, data string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var c *chat
	if chatID == from.ID {
		c = s.privateChatLocked(from)
	} else {
		c = s.groupChatLocked(chatID)
	}
	s.callbackSeq++
	cbID := strconv.FormatInt(from.ID, 10) + fmt.Sprintf("%06d", s.callbackSeq)
	var msg json.RawMessage
	if m := c.botMessage(messageID); m != nil {
		msg = s.messageJSON(c, m)
	} else {
		// Telegram sends an InaccessibleMessage (date 0) for messages it
		// cannot show, e.g. deleted or older than 48h.
		msg, _ = json.Marshal(models.InaccessibleMessage{Chat: c.model(), MessageID: messageID})
	}
	type callbackQuery struct {
		ID           string          `json:"id"`
		From         models.User     `json:"from"`
		Message      json.RawMessage `json:"message"`
		ChatInstance string          `json:"chat_instance"`
		Data         string          `json:"data,omitempty"`
	}
	id := s.pushLocked(0, func(id int64) any {
		return struct {
			UpdateID      int64         `json:"update_id"`
			CallbackQuery callbackQuery `json:"callback_query"`
		}{id, callbackQuery{cbID, from.model(), msg, fmt.Sprintf("ci%d", chatID), data}}
	})
	s.callbacks[cbID] = &callbackEntry{}
	s.updates[id].callback = cbID
	return id
}

// CallbackAnswer reports how the bot answered the callback query pushed as
// update updateID: ok is false while it is unanswered.
func (s *Server) CallbackAnswer(updateID int64) (text string, showAlert bool, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.updates[updateID]; u != nil {
		if cb := s.callbacks[u.callback]; cb != nil && cb.answered {
			return cb.text, cb.showAlert, true
		}
	}
	return "", false, false
}

// Redeliver puts an already confirmed update back in the queue with the
// same update_id, as Telegram does when the bot never confirmed it. A
// poller whose offset is above the id confirms (drops) it again without
// seeing it; a restarted bot polling from a lower offset receives it. It
// panics if the update was never pushed; it is a no-op while it is queued.
func (s *Server) Redeliver(updateID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.updates[updateID]
	if u == nil {
		panic(fmt.Sprintf("telegramtest: Redeliver(%d): no such update", updateID))
	}
	if u.queued {
		return
	}
	u.queued, u.confirmed = true, false
	s.enqueueLocked(updateID)
}

// ConfirmedOffset is the offset of the last getUpdates call with a
// positive offset, i.e. every update below it has been confirmed.
func (s *Server) ConfirmedOffset() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// PollsWaiting is the number of getUpdates calls currently blocked in a
// long poll, so a test can wait until the bot is polling.
func (s *Server) PollsWaiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pollsWaiting
}

// WaitConfirmed waits until a getUpdates call confirmed update updateID
// (offset > updateID) since it was last (re)delivered. Note the go-telegram
// client confirms an update when it fetches the next batch, which can be
// before its handler has finished.
func (s *Server) WaitConfirmed(tb testing.TB, updateID int64) {
	tb.Helper()
	s.WaitFor(tb, s.waitTimeout, fmt.Sprintf("update %d to be confirmed", updateID), func(s *Server) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		u := s.updates[updateID]
		return u != nil && u.confirmed
	})
}

// confirmLocked applies a getUpdates offset: positive offsets confirm
// every update below them; a negative offset -N forgets all but the last N.
func (s *Server) confirmLocked(offset int64) {
	drop := 0
	switch {
	case offset > 0:
		for drop < len(s.queue) && s.queue[drop] < offset {
			drop++
		}
		s.confirmed = offset
	case offset < 0:
		drop = max(0, len(s.queue)-int(-offset))
	}
	for _, id := range s.queue[:drop] {
		s.updates[id].queued, s.updates[id].confirmed = false, true
	}
	s.queue = slices.Clone(s.queue[drop:])
	s.broadcastLocked()
}

func (s *Server) pendingLocked(offset int64, limit int) []json.RawMessage {
	out := []json.RawMessage{}
	for _, id := range s.queue {
		if len(out) == limit {
			break
		}
		if id >= offset {
			out = append(out, s.updates[id].raw)
		}
	}
	return out
}

// getUpdates implements Telegram's long polling. It takes s.mu itself so
// that it can wait without holding it.
func (s *Server) getUpdates(ctx context.Context, req *request) (any, *apiError) {
	offset, _, err := req.intParam("offset")
	if err != nil {
		return nil, badRequest("wrong parameter offset")
	}
	limit, ok, err := req.intParam("limit")
	if err != nil {
		return nil, badRequest("wrong parameter limit")
	}
	if !ok || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _, err := req.intParam("timeout")
	if err != nil {
		return nil, badRequest("wrong parameter timeout")
	}
	wait := min(time.Duration(max(timeout, 0))*time.Second, maxPollTimeout)
	timer := time.NewTimer(wait)
	defer timer.Stop()

	s.mu.Lock()
	defer s.mu.Unlock()
	s.pollGen++
	gen := s.pollGen
	s.confirmLocked(offset) // also wakes older polls, which then get 409
	for {
		if gen != s.pollGen {
			return nil, errConflict
		}
		res := s.pendingLocked(offset, int(limit))
		if len(res) > 0 || wait == 0 {
			return res, nil
		}
		s.pollsWaiting++
		s.broadcastLocked()
		changed := s.changed // after our own broadcast, or we would wake at once
		s.mu.Unlock()
		var expired bool
		select {
		case <-changed:
		case <-ctx.Done():
			expired = true
		case <-s.done:
			expired = true
		case <-timer.C:
			expired = true
		}
		s.mu.Lock()
		s.pollsWaiting--
		if expired {
			s.broadcastLocked()
			return s.pendingLocked(offset, int(limit)), nil
		}
	}
}
