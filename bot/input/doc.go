// Package input holds the rules for reading what sellers type into the bot:
// amounts of money ("350rb", "Rp 1,5 jt", "1 jt 200 rb", and in Indonesian
// number words "lima puluh ribu", "satu setengah juta", "sejuta dua ratus
// ribu"), quantities ("2", "3x", "x3", "3 x", "dua belas", "selusin"),
// phone numbers ("0812-3456-7890"), contact names, free-text notes, command
// arguments, "#7" short numbers and "#arisan" tags.
//
// Everything here is pure: no I/O, no Telegram, no database, no package-level
// mutable state, so every function is safe for concurrent use. Every function
// accepts arbitrary strings (including invalid UTF-8 and very long input)
// without panicking; refusals are reported with wrapped sentinel errors that
// callers test with errors.Is and turn into a friendly reply.
//
// The rules are deliberately strict where a wrong guess would corrupt a
// record (money is exact whole Rupiah, never a float; "1M" is refused because
// it could mean juta or miliar; number words need a unit word, so "lima" is
// a quantity and not Rp5; "sejuta lima ratus" is refused because it could
// mean 1.000.500 or 1.500.000) and lenient where the seller's intent is
// clear (case, "Rp"/"IDR" prefixes, ",-" and ",00" endings, smart quotes,
// "rb"/"jt"/"k" after number words).
package input
