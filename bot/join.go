package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// outgoing is what the sender puts on the wire: one outbox message, or the
// plain replies of several commands joined into one.
type outgoing struct {
	msg storage.OutMessage
	ids []uint64 // the outbox entries it stands for, in order
}

// lateReply is how old a reply may be and still go out as a plain message;
// an older one (after an outage, a 429, a joined burst) answers the
// seller's message, so it stays visibly tied to its command. Message dates
// are whole seconds, hence the slack.
const lateReply = 3 * time.Second

// joinSeparator stands between the replies of a joined message.
const joinSeparator = "\n\n"

// joinQueued joins a chat's queued replies when they pile up beyond what
// the chat's burst lets out at once (a seller pasted fifty commands): in
// order, into as few messages as fit Telegram's 4096 characters, instead of
// one a second for a minute. Only plain sends join; a message with buttons
// may close a joined message, never sit in its middle, except the ↩️ button
// alone: the joined message carries one ↩️ that undoes every write it
// reports (storage.Tx.UndoSeries). list is the chat's due messages in queue
// order; what does not join goes as it is.
func (s *Server) joinQueued(list []storage.OutMessage) []outgoing {
	plain := 0
	for _, m := range list {
		if m.Kind == storage.OutSend {
			plain++
		}
	}
	out := make([]outgoing, 0, len(list))
	if plain <= int(chatBurst) {
		for _, m := range list {
			out = append(out, outgoing{msg: m, ids: []uint64{m.ID}})
		}
		return out
	}
	var group []storage.OutMessage
	var undos []uint64 // undo ids of the group's members, increasing
	size := 0
	flush := func() {
		if len(group) > 0 {
			out = append(out, s.joined(group, undos))
		}
		group, undos, size = nil, nil, 0
	}
	for _, m := range list {
		if m.Kind != storage.OutSend || !m.HTML {
			flush()
			out = append(out, outgoing{msg: m, ids: []uint64{m.ID}})
			continue
		}
		undo, onlyUndo := s.undoOnly(m)
		n := utf16Len(m.Text)
		if len(group) > 0 && (size+len(joinSeparator)+n > maxMessage || (undo != 0 && len(undos) > 0 && undo <= undos[len(undos)-1])) {
			flush()
		}
		group = append(group, m)
		size += n + len(joinSeparator)
		if undo != 0 {
			undos = append(undos, undo)
		}
		if len(m.Buttons) > 0 && !onlyUndo {
			flush() // its buttons close the joined message
		}
	}
	flush()
	return out
}

// undoOnly reports the undo id of a message whose only button is ↩️.
func (s *Server) undoOnly(m storage.OutMessage) (uint64, bool) {
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 1 {
		return 0, false
	}
	d, ok := decodeCB(m.Buttons[0][0].Data, m.SellerID)
	if !ok || d.kind != cbUndo || d.arg != "" {
		return 0, false
	}
	return d.id, true
}

// joined makes one message of a group of replies.
func (s *Server) joined(group []storage.OutMessage, undos []uint64) outgoing {
	if len(group) == 1 {
		return outgoing{msg: group[0], ids: []uint64{group[0].ID}}
	}
	m := group[0]
	texts := make([]string, len(group))
	ids := make([]uint64, len(group))
	for i, g := range group {
		texts[i], ids[i] = g.Text, g.ID
		if m.ReplyTo == 0 {
			m.ReplyTo = g.ReplyTo
		}
	}
	m.Text = strings.Join(texts, joinSeparator)
	m.Buttons = nil
	last := group[len(group)-1]
	if _, onlyUndo := s.undoOnly(last); !onlyUndo {
		m.Buttons = append(m.Buttons, last.Buttons...)
	}
	switch {
	case len(undos) == 1:
		for _, g := range group {
			if _, onlyUndo := s.undoOnly(g); onlyUndo {
				m.Buttons = append(m.Buttons, g.Buttons[0])
			}
		}
	case len(undos) > 1:
		// One ↩️ for the series, labelled like the members' (so in the
		// seller's language) with how many writes it takes back.
		label := group[0].Buttons
		for _, g := range group {
			if _, onlyUndo := s.undoOnly(g); onlyUndo {
				label = g.Buttons
				break
			}
		}
		m.Buttons = append(m.Buttons, []storage.Button{{
			Text: label[0][0].Text + " ×" + strconv.Itoa(len(undos)),
			Data: cbData{kind: cbUndo, id: undos[len(undos)-1], arg: "s" + strconv.FormatUint(undos[0], 10)}.encode(m.SellerID),
		}})
	}
	return outgoing{msg: m, ids: ids}
}
