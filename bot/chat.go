package bot

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/storage"
)

// ChatUser is the local seller of the terminal mode.
type ChatUser struct {
	ID   int64 // a negative id cannot collide with a Telegram user
	Name string
	Lang string
	// Tick, if set, runs before each reply is printed: the scheduler's pass,
	// so reminders that fell due show up in the terminal too.
	Tick func(ctx context.Context, now time.Time) error
}

// Chat runs the same command handling in the terminal: each line is a
// message; a line with just a number presses that button of the last
// message. Replies are printed as plain text. It returns at EOF or when ctx
// ends.
func (s *Server) Chat(ctx context.Context, in io.Reader, out io.Writer, u ChatUser) error {
	term := &terminal{out: out, chat: u.ID}
	fmt.Fprintln(out, s.texts.get(langOf(u.Lang), "chat_banner"))
	// Show what was left for this seller from an earlier session.
	if err := term.flush(ctx, s.store); err != nil {
		return err
	}
	lines := bufio.NewScanner(in)
	lines.Buffer(make([]byte, 64*1024), 1<<20)
	var seq int
	for {
		fmt.Fprint(out, "> ")
		if !lines.Scan() {
			fmt.Fprintln(out)
			return lines.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(lines.Text())
		if line == "" {
			continue
		}
		seq++
		from := models.User{ID: u.ID, FirstName: u.Name, LanguageCode: u.Lang}
		upd := &models.Update{}
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(term.buttons) {
			b := term.buttons[n-1]
			upd.CallbackQuery = &models.CallbackQuery{
				ID: "term-" + strconv.Itoa(seq), From: from, Data: b.data,
				Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage,
					Message: &models.Message{ID: b.messageID, Chat: models.Chat{ID: u.ID, Type: models.ChatTypePrivate}}},
			}
		} else {
			upd.Message = &models.Message{
				ID:   seq,
				From: &from, Chat: models.Chat{ID: u.ID, Type: models.ChatTypePrivate},
				Date: int(s.now().Unix()), Text: line,
			}
		}
		if err := s.Handle(ctx, upd); err != nil {
			return err
		}
		if u.Tick != nil {
			if err := u.Tick(ctx, s.now()); err != nil {
				return err
			}
		}
		if err := term.flush(ctx, s.store); err != nil {
			return err
		}
	}
}

// terminal prints the local seller's outbox messages.
type terminal struct {
	out     io.Writer
	chat    int64
	buttons []termButton
	msgID   int
}

type termButton struct {
	data      string
	messageID int
}

func (t *terminal) flush(ctx context.Context, db *storage.DB) error {
	msgs, err := db.Outbox(0)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if m.ChatID != t.chat {
			continue // another seller's message waits for Telegram
		}
		t.print(m)
		if err := db.OutboxSent(ctx, m.ID); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
	}
	return nil
}

func (t *terminal) print(m storage.OutMessage) {
	switch m.Kind {
	case storage.OutAnswer:
		if m.Text != "" {
			fmt.Fprintf(t.out, "(%s)\n", m.Text)
		}
		return
	case storage.OutEdit:
		fmt.Fprintln(t.out, "~")
	}
	t.msgID++
	fmt.Fprintln(t.out, plainText(m.Text, 0))
	if len(m.Buttons) == 0 {
		return
	}
	t.buttons = t.buttons[:0]
	for _, row := range m.Buttons {
		var labels []string
		for _, b := range row {
			if b.URL != "" {
				labels = append(labels, fmt.Sprintf("%s <%s>", b.Text, b.URL))
				continue
			}
			t.buttons = append(t.buttons, termButton{data: b.Data, messageID: t.msgID})
			labels = append(labels, fmt.Sprintf("[%d] %s", len(t.buttons), b.Text))
		}
		fmt.Fprintln(t.out, "  "+strings.Join(labels, "   "))
	}
}
