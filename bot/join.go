package bot

import (
	"strconv"

	"github.com/salesbot/salesbot/storage"
)

// undoMerger tells the transport which replies' buttons may be merged when
// replies that piled up are joined (transport.Merger): a message whose only
// button is ↩️, keyed by its undo id. The joined message carries one ↩️
// that undoes every write it reports (storage.Tx.UndoSeries).
type undoMerger struct{}

// Mergeable reports the undo id of a message whose only button is ↩️.
func (undoMerger) Mergeable(m storage.OutMessage) (uint64, bool) {
	return undoOnly(m)
}

// JoinedButtons is the ↩️ of a joined message: the member's own when it
// reports one write, else one for the series.
func (undoMerger) JoinedButtons(members []storage.OutMessage, undos []uint64) [][]storage.Button {
	var rows [][]storage.Button
	switch {
	case len(undos) == 1:
		for _, g := range members {
			if _, onlyUndo := undoOnly(g); onlyUndo {
				rows = append(rows, g.Buttons[0])
			}
		}
	case len(undos) > 1:
		// One ↩️ for the series, labelled like the members' (so in the
		// seller's language) with how many writes it takes back.
		label := members[0].Buttons
		for _, g := range members {
			if _, onlyUndo := undoOnly(g); onlyUndo {
				label = g.Buttons
				break
			}
		}
		rows = append(rows, []storage.Button{{
			Text: label[0][0].Text + " ×" + strconv.Itoa(len(undos)),
			Data: cbData{kind: cbUndo, id: undos[len(undos)-1], arg: "s" + strconv.FormatUint(undos[0], 10)}.encode(members[0].SellerID),
		}})
	}
	return rows
}

// undoOnly reports the undo id of a message whose only button is ↩️.
func undoOnly(m storage.OutMessage) (uint64, bool) {
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 1 {
		return 0, false
	}
	d, ok := decodeCB(m.Buttons[0][0].Data, m.SellerID)
	if !ok || d.kind != cbUndo || d.arg != "" {
		return 0, false
	}
	return d.id, true
}
