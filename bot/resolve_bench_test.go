package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/salesbot/salesbot/bot/args"
	"github.com/salesbot/salesbot/storage"
)

// benchNames makes n distinct names the way a growing book has them: an
// honorific or shop word, then one or two names drawn from a vocabulary that
// grows with the book (a bigger book has more different people, not only
// more Saris).
func benchNames(n int) []string {
	syl := []string{"sa", "ri", "bu", "di", "wa", "ti", "an", "to", "ni", "ra", "ma", "ju", "de", "wi", "ha", "ya",
		"lu", "ki", "no", "pu", "se", "go", "ta", "mi", "ro", "na", "li", "yu", "ke", "su"}
	word := func(i int) string {
		return syl[i%30] + syl[(i/30)%30] + syl[(i/900)%30]
	}
	honor := []string{"Bu", "Pak", "Mbak", "Mas", "Kak", "Toko", "Warung", "Ibu", "H."}
	out := make([]string, n)
	for i := range out {
		a, b := (i*7919)%27000, (i*104729+13)%27000
		switch i % 4 {
		case 0:
			out[i] = honor[i%len(honor)] + " " + word(a)
		case 3:
			out[i] = fmt.Sprintf("Toko %s %d", word(a), i%97)
		default:
			out[i] = honor[i%len(honor)] + " " + word(a) + " " + word(b)
		}
	}
	return out
}

// BenchmarkResolveName resolves typed names (exact names, a typo of a full
// name, a longer name than the contact's, a distinctive word, a stranger)
// in books of 100 and 10,000 contacts, through the name index as a handler
// does. The goal: 100x the book costs under 10x.
func BenchmarkResolveName(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("book=%d", n), func(b *testing.B) {
			db, err := storage.Open(filepath.Join(b.TempDir(), "resolve.db"), storage.Options{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			names := benchNames(n)
			now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
			for start := 0; start < n; start += 1000 {
				err := db.Apply(context.Background(), storage.Update{SellerID: 1, ChatID: 1, At: now}, func(tx *storage.Tx) error {
					for _, name := range names[start:min(n, start+1000)] {
						if _, err := tx.AddContact(storage.Contact{Name: name}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			var queries []string
			for i := 1; i < 40; i += 4 {
				name := names[(i*37)%n]
				typo := []byte(name)
				typo[len(typo)-1] = 'x'
				queries = append(queries, name, string(typo), name+" Santoso", storage.NameWords(name)[len(storage.NameWords(name))-1])
			}
			queries = append(queries, "Orang Asing", "Bu Sary Lestari")
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				q := queries[i%len(queries)]
				err := db.View(1, now, func(tx *storage.Tx) error {
					book := newBook(tx)
					args.Resolve(q, book)
					return book.err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
