package args

import (
	"strings"

	"github.com/salesbot/salesbot/bot/input"
)

// CommandWord reads a message typed without the slash that starts with a
// command word ("jual bu ani 50rb", "Lihat Bu Ani"): the command's word as
// typed (lowercase) and its arguments. known maps every command word to
// its canonical name.
func CommandWord(text string, known map[string]string) (cmd, rest string, ok bool) {
	t := strings.TrimSpace(text)
	head, rest, _ := strings.Cut(t, " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, rest = head[:i], head[i+1:]+" "+rest
	}
	c, ok := known[strings.ToLower(head)]
	if !ok {
		return "", "", false
	}
	return c, strings.TrimSpace(rest), true
}

// Suggest finds the command a mistyped one was meant to be ("/jaul" is
// /jual): the known word within one edit (two for words of 6+ letters),
// or the only one it starts. ok is false when none or several fit equally.
func Suggest(typed string, known []string) (string, bool) {
	typed = strings.ToLower(strings.TrimSpace(typed))
	if typed == "" {
		return "", false
	}
	best, bestD, ties := "", 99, 0
	for _, k := range known {
		d := input.EditDistance(typed, k)
		if len(typed) >= 3 && strings.HasPrefix(k, typed) {
			d = min(d, 1)
		}
		switch {
		case d < bestD:
			best, bestD, ties = k, d, 1
		case d == bestD && k != best:
			ties++
		}
	}
	limit := 1
	if len(typed) >= 6 {
		limit = 2
	}
	if bestD > limit || ties > 1 {
		return "", false
	}
	return best, true
}
