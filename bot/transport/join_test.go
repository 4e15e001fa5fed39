package transport

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/salesbot/salesbot/storage"
)

// keyMerger merges away a lone button whose data is "k<key>" and stands for
// the merged ones with one button listing their keys.
type keyMerger struct{}

func (keyMerger) Mergeable(m storage.OutMessage) (uint64, bool) {
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 1 || !strings.HasPrefix(m.Buttons[0][0].Data, "k") {
		return 0, false
	}
	k, err := strconv.ParseUint(m.Buttons[0][0].Data[1:], 10, 64)
	return k, err == nil
}

func (keyMerger) JoinedButtons(_ []storage.OutMessage, keys []uint64) [][]storage.Button {
	if len(keys) == 0 {
		return nil
	}
	return [][]storage.Button{{{Text: fmt.Sprint(keys), Data: "joined"}}}
}

func plain(id uint64, text string, buttons ...storage.Button) storage.OutMessage {
	m := storage.OutMessage{ID: id, ChatID: 7, SellerID: 7, Kind: storage.OutSend, HTML: true, Text: text}
	if len(buttons) > 0 {
		m.Buttons = [][]storage.Button{buttons}
	}
	return m
}

func TestJoinQueued(t *testing.T) {
	c := &Client{merger: keyMerger{}}
	t.Run("within the burst nothing joins", func(t *testing.T) {
		got := c.joinQueued([]storage.OutMessage{plain(1, "a"), plain(2, "b"), plain(3, "c")})
		if len(got) != 3 {
			t.Fatalf("got %d messages, want 3", len(got))
		}
	})
	t.Run("mergeable buttons join, others close", func(t *testing.T) {
		got := c.joinQueued([]storage.OutMessage{
			plain(1, "a", storage.Button{Data: "k1"}), plain(2, "b", storage.Button{Data: "k2"}),
			plain(3, "c", storage.Button{Data: "other"}), plain(4, "d"), plain(5, "e", storage.Button{Data: "k1"}),
		})
		if len(got) != 2 {
			t.Fatalf("got %d messages, want 2: %+v", len(got), got)
		}
		first := got[0]
		if want := "a\n\nb\n\nc"; first.msg.Text != want {
			t.Errorf("first text %q, want %q", first.msg.Text, want)
		}
		if fmt.Sprint(first.ids) != "[1 2 3]" {
			t.Errorf("first ids %v", first.ids)
		}
		if b := first.msg.Buttons; len(b) != 2 || b[0][0].Data != "other" || b[1][0].Text != "[1 2]" {
			t.Errorf("first buttons %+v: want the closing one, then the merged one", b)
		}
		if got[1].msg.Text != "d\n\ne" || len(got[1].msg.Buttons) != 1 || got[1].msg.Buttons[0][0].Text != "[1]" {
			t.Errorf("second %+v", got[1].msg)
		}
	})
	t.Run("a key not above the last starts a new message", func(t *testing.T) {
		got := c.joinQueued([]storage.OutMessage{
			plain(1, "a", storage.Button{Data: "k5"}), plain(2, "b", storage.Button{Data: "k3"}),
			plain(3, "c"), plain(4, "d"),
		})
		if len(got) != 2 || fmt.Sprint(got[0].ids) != "[1]" || fmt.Sprint(got[1].ids) != "[2 3 4]" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("the limit splits", func(t *testing.T) {
		long := strings.Repeat("x", MaxMessage/2)
		got := c.joinQueued([]storage.OutMessage{plain(1, long), plain(2, long), plain(3, long), plain(4, long)})
		if len(got) != 4 {
			t.Errorf("got %d messages, want 4 (two halves and a separator are over the limit)", len(got))
		}
	})
}
