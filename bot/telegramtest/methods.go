package telegramtest

import (
	"encoding/json"
	"regexp"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// All handlers here run with s.mu held.

func (s *Server) sendMessage(req *request) (any, *apiError) {
	c, e := s.targetChat(req)
	if e != nil {
		return nil, e
	}
	f, e := formatText(req.params["text"], req.params["parse_mode"], req.params["entities"], maxTextLen, "message is too long")
	if e != nil {
		return nil, e
	}
	if f.plain == "" {
		return nil, badRequest("message text is empty")
	}
	mk, e := parseMarkup(req.params["reply_markup"], false)
	if e != nil {
		return nil, e
	}
	replyTo, e := parseReplyParameters(c, req.params["reply_parameters"])
	if e != nil {
		return nil, e
	}
	if e := s.limiter.take(s.now(), c.id); e != nil {
		return nil, e
	}
	m := &botMsg{id: c.nextMessageID(), date: s.now(), replyTo: replyTo}
	m.setText(f)
	m.setMarkup(mk)
	c.botMsgs = append(c.botMsgs, m)
	return s.messageJSON(c, m), nil
}

func (m *botMsg) setText(f formatted) {
	m.text, m.parseMode, m.plain, m.entities = f.raw, f.parseMode, f.plain, f.entities
}

func (m *botMsg) setMarkup(mk markup) {
	m.inlineMarkup, m.replyKeyboard = mk.inline, mk.replyKeyboard
	m.removeKeyboard, m.forceReply = mk.removeKeyboard, mk.forceReply
}

// editTarget finds the bot message an edit method refers to.
func (s *Server) editTarget(req *request) (*chat, int, *apiError) {
	if req.params["chat_id"] == "" && req.params["inline_message_id"] != "" {
		return nil, 0, badRequest("MESSAGE_ID_INVALID") // inline messages are not simulated
	}
	c, e := s.targetChat(req)
	if e != nil {
		return nil, 0, e
	}
	id, ok, err := req.intParam("message_id")
	if !ok {
		return nil, 0, badRequest("message identifier is not specified")
	}
	if err != nil {
		return nil, 0, badRequest("message to edit not found")
	}
	return c, int(id), nil
}

func (s *Server) findEditable(c *chat, id int) (*botMsg, *apiError) {
	if m := c.botMessage(id); m != nil {
		return m, nil
	}
	if c.userMsgs[id] {
		return nil, badRequest("message can't be edited")
	}
	return nil, badRequest("message to edit not found")
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) editMessageText(req *request) (any, *apiError) {
	c, id, e := s.editTarget(req)
	if e != nil {
		return nil, e
	}
	f, e := formatText(req.params["text"], req.params["parse_mode"], req.params["entities"], maxTextLen, "message is too long")
	if e != nil {
		return nil, e
	}
	if f.plain == "" {
		return nil, badRequest("message text is empty")
	}
	mk, e := parseMarkup(req.params["reply_markup"], true)
	if e != nil {
		return nil, e
	}
	m, e := s.findEditable(c, id)
	if e != nil {
		return nil, e
	}
	if m.document != nil || m.photo != nil {
		return nil, badRequest("there is no text in the message to edit")
	}
	// Without reply_markup Telegram removes the inline keyboard.
	if sameContent(m.plain, m.entities, f.plain, f.entities) && m.inlineMarkup == mk.inline {
		return nil, badRequest(notModified)
	}
	if e := s.limiter.take(s.now(), c.id); e != nil {
		return nil, e
	}
	m.setText(f)
	m.inlineMarkup = mk.inline
	m.edits++
	m.editDate = s.now()
	return s.messageJSON(c, m), nil
}

func (s *Server) editMessageReplyMarkup(req *request) (any, *apiError) {
	c, id, e := s.editTarget(req)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(req.params["reply_markup"], true)
	if e != nil {
		return nil, e
	}
	m, e := s.findEditable(c, id)
	if e != nil {
		return nil, e
	}
	if m.inlineMarkup == mk.inline {
		return nil, badRequest(notModified)
	}
	if e := s.limiter.take(s.now(), c.id); e != nil {
		return nil, e
	}
	m.inlineMarkup = mk.inline
	m.edits++
	m.editDate = s.now()
	return s.messageJSON(c, m), nil
}

// messageJSON renders a bot message the way Telegram returns it.
func (s *Server) messageJSON(c *chat, m *botMsg) json.RawMessage {
	bot := s.botUser
	msg := models.Message{ID: m.id, From: &bot, Date: int(m.date.Unix()), Chat: c.model()}
	if !m.editDate.IsZero() {
		msg.EditDate = int(m.editDate.Unix())
	}
	switch {
	case m.document != nil:
		msg.Document = m.document.documentModel()
		msg.Caption, msg.CaptionEntities = m.plain, m.entities
	case m.photo != nil:
		msg.Photo = m.photo.photoModel()
		msg.Caption, msg.CaptionEntities = m.plain, m.entities
	default:
		msg.Text, msg.Entities = m.plain, m.entities
	}
	raw, err := json.Marshal(msg)
	if err != nil {
		panic("telegramtest: marshal message: " + err.Error())
	}
	if m.inlineMarkup != "" {
		// Splice the canonical keyboard in: models.InlineKeyboardButton
		// would add fields the bot never sent (copy_text).
		raw = append(raw[:len(raw)-1], `,"reply_markup":`+m.inlineMarkup+`}`...)
	}
	return raw
}

func (s *Server) answerCallbackQuery(req *request) (any, *apiError) {
	cb := s.callbacks[req.params["callback_query_id"]]
	if cb == nil || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	text := req.params["text"]
	if utf16Len(text) > maxCallbackLen {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cb.answered, cb.text, cb.showAlert = true, text, req.boolParam("show_alert")
	return true, nil
}

var (
	commandRe  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langCodeRe = regexp.MustCompile(`^[a-z]{2}$`)
)

// commandsKey resolves scope and language_code into the key under which a
// command list is stored ("default|", "chat:42|id", ...).
func commandsKey(req *request) (string, *apiError) {
	lang := req.params["language_code"]
	if lang != "" && !langCodeRe.MatchString(lang) {
		return "", badRequest("invalid language code specified")
	}
	scope := "default"
	if raw := req.params["scope"]; raw != "" {
		var sc struct {
			Type   string          `json:"type"`
			ChatID json.RawMessage `json:"chat_id"`
			UserID int64           `json:"user_id"`
		}
		if json.Unmarshal([]byte(raw), &sc) != nil {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
		chatID := string(sc.ChatID)
		if unq, err := strconv.Unquote(chatID); err == nil {
			chatID = unq
		}
		switch sc.Type {
		case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
			scope = sc.Type
		case "chat", "chat_administrators":
			scope = sc.Type + ":" + chatID
		case "chat_member":
			scope = sc.Type + ":" + chatID + ":" + strconv.FormatInt(sc.UserID, 10)
		default:
			return "", badRequest("unsupported bot command scope type %q", sc.Type)
		}
	}
	return scope + "|" + lang, nil
}

func (s *Server) setMyCommands(req *request) (any, *apiError) {
	var cmds []models.BotCommand
	if json.Unmarshal([]byte(req.params["commands"]), &cmds) != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	switch {
	case len(cmds) == 0:
		return nil, badRequest("commands must be non-empty")
	case len(cmds) > 100:
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range cmds {
		if !commandRe.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(c.Description); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, e := commandsKey(req)
	if e != nil {
		return nil, e
	}
	s.commands[key] = cmds
	return true, nil
}

func (s *Server) getMyCommands(req *request) (any, *apiError) {
	key, e := commandsKey(req)
	if e != nil {
		return nil, e
	}
	cmds := s.commands[key]
	if cmds == nil {
		cmds = []models.BotCommand{}
	}
	return cmds, nil
}

func (s *Server) deleteMyCommands(req *request) (any, *apiError) {
	key, e := commandsKey(req)
	if e != nil {
		return nil, e
	}
	delete(s.commands, key)
	return true, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

// sendChatAction is not rate limited: it creates no message.
func (s *Server) sendChatAction(req *request) (any, *apiError) {
	if _, e := s.targetChat(req); e != nil {
		return nil, e
	}
	if !chatActions[req.params["action"]] {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}

// parseReplyParameters reads reply_parameters as Telegram does: the message
// must exist in the chat unless allow_sending_without_reply is set, in
// which case a missing one is simply not replied to.
func parseReplyParameters(c *chat, raw string) (int, *apiError) {
	if raw == "" {
		return 0, nil
	}
	var p struct {
		MessageID                int   `json:"message_id"`
		ChatID                   any   `json:"chat_id"`
		AllowSendingWithoutReply bool  `json:"allow_sending_without_reply"`
		Quote                    *bool `json:"-"`
	}
	if err := json.Unmarshal([]byte(raw), &p); err != nil || p.MessageID <= 0 {
		return 0, badRequest("can't parse reply parameters JSON object")
	}
	if !c.hasMessage(p.MessageID) {
		if p.AllowSendingWithoutReply {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return p.MessageID, nil
}
