package transport

import (
	"strings"
	"time"

	"github.com/salesbot/salesbot/storage"
)

// Merger knows what the buttons of outbox messages mean, which transport
// does not. When replies that piled up are joined, a message with buttons
// may close a joined message, never sit in its middle, unless the Merger
// says its buttons may be merged away: the joined message then carries the
// buttons the Merger builds for all of them instead.
type Merger interface {
	// Mergeable reports whether m's buttons may be merged away when m is
	// joined with other replies, and m's key (0 for none). The nonzero keys
	// of one joined message increase in queue order: a message whose key is
	// not above the last one's starts a new joined message.
	Mergeable(m storage.OutMessage) (key uint64, ok bool)
	// JoinedButtons returns the rows that stand, in the joined message, for
	// the merged-away buttons of members (the joined replies, in order);
	// keys are the members' nonzero keys, in order.
	JoinedButtons(members []storage.OutMessage, keys []uint64) [][]storage.Button
}

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
// may close a joined message, never sit in its middle, except one whose
// buttons the Merger lets merge away: the joined message carries the
// buttons the Merger builds for them instead. list is the chat's due
// messages in queue order; what does not join goes as it is.
func (c *Client) joinQueued(list []storage.OutMessage) []outgoing {
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
	var keys []uint64 // merge keys of the group's members, increasing
	size := 0
	flush := func() {
		if len(group) > 0 {
			out = append(out, c.joined(group, keys))
		}
		group, keys, size = nil, nil, 0
	}
	for _, m := range list {
		if m.Kind != storage.OutSend || !m.HTML {
			flush()
			out = append(out, outgoing{msg: m, ids: []uint64{m.ID}})
			continue
		}
		key, mergeable := c.mergeable(m)
		n := UTF16Len(m.Text)
		if len(group) > 0 && (size+len(joinSeparator)+n > MaxMessage || (key != 0 && len(keys) > 0 && key <= keys[len(keys)-1])) {
			flush()
		}
		group = append(group, m)
		size += n + len(joinSeparator)
		if key != 0 {
			keys = append(keys, key)
		}
		if len(m.Buttons) > 0 && !mergeable {
			flush() // its buttons close the joined message
		}
	}
	flush()
	return out
}

// mergeable asks the Merger (none: no buttons merge away).
func (c *Client) mergeable(m storage.OutMessage) (uint64, bool) {
	if c.merger == nil {
		return 0, false
	}
	return c.merger.Mergeable(m)
}

// joined makes one message of a group of replies.
func (c *Client) joined(group []storage.OutMessage, keys []uint64) outgoing {
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
	if _, mergeable := c.mergeable(last); !mergeable {
		m.Buttons = append(m.Buttons, last.Buttons...)
	}
	if c.merger != nil {
		m.Buttons = append(m.Buttons, c.merger.JoinedButtons(group, keys)...)
	}
	return outgoing{msg: m, ids: ids}
}
