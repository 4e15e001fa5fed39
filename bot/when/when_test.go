package when

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var (
	wib  = mustLoad("Asia/Jakarta")
	wita = mustLoad("Asia/Makassar")
	wit  = mustLoad("Asia/Jayapura")
)

// at builds a reference moment in loc.
func at(loc *time.Location, y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, loc)
}

// sunday is the default "now": Sunday 22 November 2026, 10:15 WIB.
var sunday = at(wib, 2026, 11, 22, 10, 15)

func TestNowIsSunday(t *testing.T) {
	if sunday.Weekday() != time.Sunday {
		t.Fatalf("fixture moved: %v is a %v", sunday, sunday.Weekday())
	}
}

type tc struct {
	text string
	lang string    // "" means "id"
	now  time.Time // zero means sunday
	want string    // "2006-01-02 15:04" in now's location; also checked for ErrPast
	rest string
	err  error
}

var (
	wednesday = at(wib, 2026, 11, 25, 10, 15)
	monday    = at(wib, 2026, 11, 23, 10, 15)
	nyeWITA   = at(wita, 2026, 12, 31, 20, 0)
	jan31     = at(wib, 2026, 1, 31, 10, 0)
	jan31Leap = at(wib, 2028, 1, 31, 10, 0)
	sundayWIT = at(wit, 2026, 11, 22, 10, 15)
	sundayWTA = at(wita, 2026, 11, 22, 10, 15)
	withSecs  = time.Date(2026, 11, 22, 10, 15, 40, 500, wib)
)

// longMessage is longer than the tokens the reader splits off.
const longMessage = "ingatkan bu ani soal pesanan kerudung segi empat warna  mocca dua lusin dan gamis ukuran L tiga potong 🙏"

var cases = []tc{
	// Relative day words.
	{text: "besok", want: "2026-11-23 09:00"},
	{text: "Besok", want: "2026-11-23 09:00"},
	{text: "bsk kirim", want: "2026-11-23 09:00", rest: "kirim"},
	{text: "lusa", want: "2026-11-24 09:00"},
	{text: "hari ini", want: "2026-11-22 09:00", err: ErrPast},
	{text: "hari ini jam 15", want: "2026-11-22 15:00"},
	{text: "hari ini", now: at(wib, 2026, 11, 22, 7, 0), want: "2026-11-22 09:00"},
	{text: "minggu depan", want: "2026-11-29 09:00"},
	{text: "pekan depan rapat", want: "2026-11-29 09:00", rest: "rapat"},
	{text: "bulan depan", want: "2026-12-22 09:00"},
	{text: "tahun depan", want: "2027-11-22 09:00"},
	{text: "minggu depan jam 10", want: "2026-11-29 10:00"},

	// Durations: calendar units keep the 09:00 rule, clock units count from now.
	{text: "3 hari lagi", want: "2026-11-25 09:00"},
	{text: "dalam 3 hari", want: "2026-11-25 09:00"},
	{text: "dalam 3 hari lagi", want: "2026-11-25 09:00"},
	{text: "dua hari lagi", want: "2026-11-24 09:00"},
	{text: "2 minggu lagi", want: "2026-12-06 09:00"},
	{text: "seminggu lagi", want: "2026-11-29 09:00"},
	{text: "1 bulan lagi", want: "2026-12-22 09:00"},
	{text: "sebulan lagi", want: "2026-12-22 09:00"},
	{text: "2 tahun lagi", want: "2028-11-22 09:00"},
	{text: "2 jam lagi", want: "2026-11-22 12:15"},
	{text: "dalam 2 jam", want: "2026-11-22 12:15"},
	{text: "sejam lagi cek ongkir", want: "2026-11-22 11:15", rest: "cek ongkir"},
	{text: "30 menit lagi", want: "2026-11-22 10:45"},
	{text: "setengah jam lagi", want: "2026-11-22 10:45"},
	{text: "30 menit lagi", now: withSecs, want: "2026-11-22 10:45"},
	{text: "1 menit lagi", now: withSecs, want: "2026-11-22 10:16"},
	{text: "0 menit lagi", err: ErrPast, want: "2026-11-22 10:15"},
	{text: "3 hari lagi jam 8", want: "2026-11-25 08:00"},
	{text: "dalam 2 hari jam 7 malam", want: "2026-11-24 19:00"},
	{text: "3 hari", err: ErrUnreadable},
	{text: "2 jam lagi jam 5", want: "2026-11-22 12:15", rest: "jam 5"},

	// Weekdays, from Sunday 22 November.
	{text: "senin", want: "2026-11-23 09:00"},
	{text: "selasa", want: "2026-11-24 09:00"},
	{text: "rabu", want: "2026-11-25 09:00"},
	{text: "kamis", want: "2026-11-26 09:00"},
	{text: "jumat", want: "2026-11-27 09:00"},
	{text: "jum'at", want: "2026-11-27 09:00"},
	{text: "Jum\u2019at", want: "2026-11-27 09:00"},
	{text: "sabtu", want: "2026-11-28 09:00"},
	{text: "minggu", want: "2026-11-29 09:00"},
	{text: "ahad", want: "2026-11-29 09:00"},
	{text: "hari minggu", want: "2026-11-29 09:00"},
	{text: "hari minggu depan", want: "2026-11-29 09:00"},
	{text: "minggu minggu depan", want: "2026-11-29 09:00"},
	{text: "senin depan", want: "2026-11-23 09:00"},
	{text: "hari senin jam 10", want: "2026-11-23 10:00"},
	{text: "senin jam 10", want: "2026-11-23 10:00"},
	{text: "senin kirim katalog", want: "2026-11-23 09:00", rest: "kirim katalog"},
	{text: "senin", now: monday, want: "2026-11-30 09:00"},
	{text: "senin depan", now: monday, want: "2026-11-30 09:00"},
	{text: "jumat", now: wednesday, want: "2026-11-27 09:00"},
	{text: "jumat minggu depan", now: wednesday, want: "2026-12-04 09:00"},
	{text: "jumat pekan depan jam 4 sore", now: wednesday, want: "2026-12-04 16:00"},
	{text: "rabu", now: wednesday, want: "2026-12-02 09:00"},
	{text: "minggu", now: wednesday, want: "2026-11-29 09:00"},
	{text: "minggu depan", now: wednesday, want: "2026-12-02 09:00"},
	{text: "minggu ini", want: "2026-11-22 09:00", err: ErrPast},
	{text: "minggu ini jam 7 malam", want: "2026-11-22 19:00"},
	{text: "hari jumat ini", now: wednesday, want: "2026-11-27 09:00"},
	{text: "rabu ini jam 3 sore", now: wednesday, want: "2026-11-25 15:00"},
	{text: "this wednesday at 3pm", lang: "en", now: wednesday, want: "2026-11-25 15:00"},

	// Times of day alone mean today.
	{text: "jam 14.30", want: "2026-11-22 14:30"},
	{text: "jam 14:30", want: "2026-11-22 14:30"},
	{text: "pukul 11", want: "2026-11-22 11:00"},
	{text: "pkl. 11.05", want: "2026-11-22 11:05"},
	// "pukul 9" and "jam 8" at 10:15 were 09:00/08:00 and ErrPast before the
	// half-of-day rule; the evening is still ahead, so they now mean it.
	{text: "pukul 9", want: "2026-11-22 21:00"},
	{text: "jam 8", want: "2026-11-22 20:00"},
	{text: "jam 08", want: "2026-11-22 08:00", err: ErrPast},
	{text: "jam 9 pagi", want: "2026-11-22 09:00", err: ErrPast},
	{text: "jam 11 pagi", want: "2026-11-22 11:00"},
	{text: "jam 2 siang", want: "2026-11-22 14:00"},
	{text: "jam 12 siang", want: "2026-11-22 12:00"},
	{text: "jam 3 sore", want: "2026-11-22 15:00"},
	{text: "jam 7 malam", want: "2026-11-22 19:00"},
	{text: "jam 7.30 malam", want: "2026-11-22 19:30"},
	{text: "jam 12 malam", want: "2026-11-23 00:00"},
	{text: "jam 1 malam", want: "2026-11-23 01:00"},
	{text: "14.30", want: "2026-11-22 14:30"},
	{text: "14:30 kirim resi", want: "2026-11-22 14:30", rest: "kirim resi"},
	{text: "3 sore", want: "2026-11-22 15:00"},
	{text: "jam 10 WIB", now: sundayWTA, want: "2026-11-22 11:00"},
	{text: "jam 13 wita", want: "2026-11-22 12:00"},
	{text: "jam 0", want: "2026-11-22 00:00", err: ErrPast},
	{text: "jam 23.59", want: "2026-11-22 23:59"},

	// Day and time together, both orders.
	{text: "besok jam 9", want: "2026-11-23 09:00"},
	{text: "besok jam 9 telepon soal kerudung", want: "2026-11-23 09:00", rest: "telepon soal kerudung"},
	{text: "Besok JAM 9 Telepon Bu Ani", want: "2026-11-23 09:00", rest: "Telepon Bu Ani"},
	{text: "lusa pukul 14.30", want: "2026-11-24 14:30"},
	{text: "25/12 jam 10", want: "2026-12-25 10:00"},
	{text: "jam 9 besok", want: "2026-11-23 09:00"},
	{text: "jam 7 malam besok kirim", want: "2026-11-23 19:00", rest: "kirim"},
	{text: "14.30 lusa", want: "2026-11-24 14:30"},
	{text: "besok pagi", want: "2026-11-23 09:00"},
	{text: "besok siang", want: "2026-11-23 12:00"},
	{text: "besok sore kirim", want: "2026-11-23 15:00", rest: "kirim"},
	{text: "besok malam", want: "2026-11-23 19:00"},
	{text: "besok pagi jam 8", want: "2026-11-23 08:00"},
	{text: "besok malam jam 8", want: "2026-11-23 20:00"},
	{text: "besok jam 12 malam", want: "2026-11-24 00:00"},
	{text: "besok 9 pagi", want: "2026-11-23 09:00"},
	{text: "besok jam 10 WIT", want: "2026-11-23 08:00"},
	{text: "besok 14.30WIB kirim", now: sundayWTA, want: "2026-11-23 15:30", rest: "kirim"},
	{text: "besok jam 2pm", want: "2026-11-23 14:00"},
	{text: "besok 9am", want: "2026-11-23 09:00"},
	{text: "besok jam 14.30wib.", now: sundayWIT, want: "2026-11-23 16:30"},
	{text: "jam 7 malam wita", want: "2026-11-22 18:00"},

	// The message: separators, punctuation, spacing, words that look like times.
	{text: "besok, kirim", want: "2026-11-23 09:00", rest: "kirim"},
	{text: "besok jam 9 - telepon", want: "2026-11-23 09:00", rest: "telepon"},
	{text: "besok jam 9: telepon", want: "2026-11-23 09:00", rest: "telepon"},
	{text: "  besok   jam 9   kirim  barang  ", want: "2026-11-23 09:00", rest: "kirim  barang"},
	{text: "besok jam tangan dikirim", want: "2026-11-23 09:00", rest: "jam tangan dikirim"},
	{text: "besok 10 dus", want: "2026-11-23 09:00", rest: "10 dus"},
	{text: "besok sore 10 dus", want: "2026-11-23 15:00", rest: "10 dus"},
	{text: "besok 15.000 ongkir", want: "2026-11-23 09:00", rest: "15.000 ongkir"},
	{text: "senin 25/12", want: "2026-11-23 09:00", rest: "25/12"},
	{text: "25 Desember jam 10 promo", want: "2026-12-25 10:00", rest: "promo"},
	{text: "besok jam 9 " + longMessage, want: "2026-11-23 09:00", rest: longMessage},

	// Numeric dates: day first; no year means the next such day.
	{text: "25/12", want: "2026-12-25 09:00"},
	{text: "25/12/2026", want: "2026-12-25 09:00"},
	{text: "25-12-2026", want: "2026-12-25 09:00"},
	{text: "25.12.2026", want: "2026-12-25 09:00"},
	{text: "25/12/26", want: "2026-12-25 09:00"},
	{text: "2026-12-25", want: "2026-12-25 09:00"},
	{text: "5/1", want: "2027-01-05 09:00"},
	{text: "21/11", want: "2027-11-21 09:00"},
	{text: "22/11", want: "2026-11-22 09:00", err: ErrPast},
	{text: "22/11 jam 15", want: "2026-11-22 15:00"},
	{text: "29/2", want: "2028-02-29 09:00"},
	{text: "25/12/2025", want: "2025-12-25 09:00", err: ErrPast},
	{text: "31/2", err: ErrUnreadable},
	{text: "31/4", err: ErrUnreadable},
	{text: "29/2/2027", err: ErrUnreadable},
	{text: "32/12", err: ErrUnreadable},
	{text: "12/13", err: ErrUnreadable},
	{text: "0/5", err: ErrUnreadable},

	// Named months, every spelling.
	{text: "25 Desember", want: "2026-12-25 09:00"},
	{text: "25 des", want: "2026-12-25 09:00"},
	{text: "25 Desember 2026", want: "2026-12-25 09:00"},
	{text: "25 des 2027 jam 8 bayar", want: "2027-12-25 08:00", rest: "bayar"},
	{text: "1 januari", want: "2027-01-01 09:00"},
	{text: "1 jan", want: "2027-01-01 09:00"},
	{text: "14 februari", want: "2027-02-14 09:00"},
	{text: "14 feb", want: "2027-02-14 09:00"},
	{text: "8 maret", want: "2027-03-08 09:00"},
	{text: "8 mar", want: "2027-03-08 09:00"},
	{text: "1 april", want: "2027-04-01 09:00"},
	{text: "1 apr", want: "2027-04-01 09:00"},
	{text: "1 mei", want: "2027-05-01 09:00"},
	{text: "1 juni", want: "2027-06-01 09:00"},
	{text: "1 jun", want: "2027-06-01 09:00"},
	{text: "1 juli", want: "2027-07-01 09:00"},
	{text: "1 jul", want: "2027-07-01 09:00"},
	{text: "17 agustus", want: "2027-08-17 09:00"},
	{text: "17 agu", want: "2027-08-17 09:00"},
	{text: "17 agt", want: "2027-08-17 09:00"},
	{text: "9 september", want: "2027-09-09 09:00"},
	{text: "9 sep", want: "2027-09-09 09:00"},
	{text: "9 sept", want: "2027-09-09 09:00"},
	{text: "10 oktober", want: "2027-10-10 09:00"},
	{text: "10 okt", want: "2027-10-10 09:00"},
	{text: "30 november", want: "2026-11-30 09:00"},
	{text: "30 nov", want: "2026-11-30 09:00"},
	{text: "31 desember", want: "2026-12-31 09:00"},
	{text: "30 februari", err: ErrUnreadable},
	{text: "32 des", err: ErrUnreadable},
	{text: "25 des 2025", want: "2025-12-25 09:00", err: ErrPast},

	// tanggal N is the next N-th.
	{text: "tanggal 25", want: "2026-11-25 09:00"},
	{text: "tgl 25", want: "2026-11-25 09:00"},
	{text: "tgl. 5 tagih", want: "2026-12-05 09:00", rest: "tagih"},
	{text: "tgl 22", want: "2026-11-22 09:00", err: ErrPast},
	{text: "tgl 22 jam 20", want: "2026-11-22 20:00"},
	{text: "tgl 31", want: "2026-12-31 09:00"},
	{text: "tgl 31", now: at(wib, 2026, 4, 5, 10, 0), want: "2026-05-31 09:00"},
	{text: "tanggal 25 Desember", want: "2026-12-25 09:00"},
	{text: "tgl 25/12 jam 10", want: "2026-12-25 10:00"},
	{text: "tgl 32", err: ErrUnreadable},
	{text: "tgl 0", err: ErrUnreadable},

	// Year ends and month ends, in WITA.
	{text: "besok", now: nyeWITA, want: "2027-01-01 09:00"},
	{text: "1/1", now: nyeWITA, want: "2027-01-01 09:00"},
	{text: "31/12", now: nyeWITA, want: "2026-12-31 09:00", err: ErrPast},
	{text: "31/12 jam 21", now: nyeWITA, want: "2026-12-31 21:00"},
	{text: "jam 12 malam", now: nyeWITA, want: "2027-01-01 00:00"},
	{text: "bulan depan", now: nyeWITA, want: "2027-01-31 09:00"},
	{text: "5 jam lagi", now: nyeWITA, want: "2027-01-01 01:00"},
	{text: "tgl 1", now: nyeWITA, want: "2027-01-01 09:00"},
	{text: "jumat", now: nyeWITA, want: "2027-01-01 09:00"},
	{text: "1 bulan lagi", now: jan31, want: "2026-02-28 09:00"},
	{text: "bulan depan", now: jan31, want: "2026-02-28 09:00"},
	{text: "bulan depan", now: jan31Leap, want: "2028-02-29 09:00"},
	{text: "3 bulan lagi", now: jan31, want: "2026-04-30 09:00"},
	{text: "tahun depan", now: at(wib, 2028, 2, 29, 10, 0), want: "2029-02-28 09:00"},

	// WIT and WITA: same forms, the seller's own clock.
	{text: "besok jam 9", now: sundayWIT, want: "2026-11-23 09:00"},
	{text: "2 jam lagi", now: sundayWIT, want: "2026-11-22 12:15"},
	{text: "jam 10 WIB besok", now: sundayWIT, want: "2026-11-23 12:00"},
	{text: "jam 8", now: sundayWIT, want: "2026-11-22 20:00"},
	{text: "jam 8 pagi", now: sundayWIT, want: "2026-11-22 08:00", err: ErrPast},
	{text: "senin kirim katalog", now: sundayWTA, want: "2026-11-23 09:00", rest: "kirim katalog"},
	{text: "25/12 jam 10", now: sundayWTA, want: "2026-12-25 10:00"},

	// Unreadable.
	{text: "kapan-kapan", err: ErrUnreadable},
	{text: "", err: ErrUnreadable},
	{text: "   ", err: ErrUnreadable},
	{text: "jam 25", err: ErrUnreadable},
	{text: "jam 24.00", err: ErrUnreadable},
	{text: "jam 9.60", err: ErrUnreadable},
	{text: "jam 9.5", err: ErrUnreadable},
	{text: "besok jam 25", err: ErrUnreadable},
	{text: "25.12", err: ErrUnreadable},
	{text: "jam 15 pagi", err: ErrUnreadable},
	{text: "jam 10 sore", err: ErrUnreadable},
	{text: "halo besok", err: ErrUnreadable},
	{text: "10", err: ErrUnreadable},
	{text: "sore", err: ErrUnreadable},
	{text: "tomorrow", err: ErrUnreadable},
	{text: "9am pagi", want: "2026-11-22 09:00", rest: "pagi", err: ErrPast},
	{text: "jam 13pm", err: ErrUnreadable},
	{text: "dalam 99999 hari", err: ErrUnreadable},

	// English.
	{text: "today", lang: "en", want: "2026-11-22 09:00", err: ErrPast},
	{text: "today at 14:30 call", lang: "en", want: "2026-11-22 14:30", rest: "call"},
	{text: "tomorrow", lang: "en", want: "2026-11-23 09:00"},
	{text: "Tomorrow send invoice", lang: "en", want: "2026-11-23 09:00", rest: "send invoice"},
	{text: "day after tomorrow", lang: "en", want: "2026-11-24 09:00"},
	{text: "the day after tomorrow", lang: "en", want: "2026-11-24 09:00"},
	{text: "in 3 days", lang: "en", want: "2026-11-25 09:00"},
	{text: "in a week", lang: "en", want: "2026-11-29 09:00"},
	{text: "in 2 hours", lang: "en", want: "2026-11-22 12:15"},
	{text: "in an hour", lang: "en", want: "2026-11-22 11:15"},
	{text: "in 30 minutes", lang: "en", want: "2026-11-22 10:45"},
	{text: "in half an hour", lang: "en", want: "2026-11-22 10:45"},
	{text: "3 days from now", lang: "en", want: "2026-11-25 09:00"},
	{text: "next week", lang: "en", want: "2026-11-29 09:00"},
	{text: "next month", lang: "en", want: "2026-12-22 09:00"},
	{text: "monday", lang: "en", want: "2026-11-23 09:00"},
	{text: "on Monday at 3pm", lang: "en", want: "2026-11-23 15:00"},
	{text: "next monday", lang: "en", want: "2026-11-23 09:00"},
	{text: "friday next week", lang: "en", now: wednesday, want: "2026-12-04 09:00"},
	{text: "sunday", lang: "en", want: "2026-11-29 09:00"},
	{text: "at 14:30", lang: "en", want: "2026-11-22 14:30"},
	{text: "at 9", lang: "en", want: "2026-11-22 21:00"},
	{text: "9am", lang: "en", want: "2026-11-22 09:00", err: ErrPast},
	{text: "2pm", lang: "en", want: "2026-11-22 14:00"},
	{text: "2 pm", lang: "en", want: "2026-11-22 14:00"},
	{text: "2:30pm", lang: "en", want: "2026-11-22 14:30"},
	{text: "12pm", lang: "en", want: "2026-11-22 12:00"},
	{text: "12am", lang: "en", want: "2026-11-22 00:00", err: ErrPast},
	{text: "tomorrow at 9", lang: "en", want: "2026-11-23 09:00"},
	{text: "tomorrow 9am", lang: "en", want: "2026-11-23 09:00"},
	{text: "tomorrow evening", lang: "en", want: "2026-11-23 19:00"},
	{text: "tomorrow at the shop", lang: "en", want: "2026-11-23 09:00", rest: "at the shop"},
	{text: "25/12", lang: "en", want: "2026-12-25 09:00"},
	{text: "25 December", lang: "en", want: "2026-12-25 09:00"},
	{text: "December 25", lang: "en", want: "2026-12-25 09:00"},
	{text: "Dec 25 at 10 promo", lang: "en", want: "2026-12-25 10:00", rest: "promo"},
	{text: "December 25th, 2027", lang: "en", want: "2027-12-25 09:00"},
	{text: "May 1", lang: "en-US", want: "2027-05-01 09:00"},
	{text: "besok jam 9 call", lang: "en", want: "2026-11-23 09:00", rest: "call"},
	{text: "at 25", lang: "en", err: ErrUnreadable},
	{text: "13pm", lang: "en", err: ErrUnreadable},
	{text: "12/25", lang: "en", err: ErrUnreadable},
}

// Reference moments for the half-of-day forms, all on Sunday 22 November.
var (
	dawn      = at(wib, 2026, 11, 22, 6, 0)
	morning   = at(wib, 2026, 11, 22, 10, 0)
	noon      = at(wib, 2026, 11, 22, 12, 0)
	seven     = at(wib, 2026, 11, 22, 19, 0)
	evening   = at(wib, 2026, 11, 22, 20, 0)
	lateNight = at(wib, 2026, 11, 22, 23, 30)
	smallHrs  = at(wib, 2026, 11, 22, 0, 30)
	dawnWTA   = at(wita, 2026, 11, 22, 6, 0)
	morningWT = at(wita, 2026, 11, 22, 10, 0)
	eveningWT = at(wita, 2026, 11, 22, 20, 0)
	lateWTA   = at(wita, 2026, 11, 22, 23, 30)
	afternoon = at(wit, 2026, 11, 22, 14, 0)
)

// halfDayCases are the hours without a part of day ("jam 7": morning or
// evening) and the parts of today ("nanti sore", "malam ini", "tonight").
// Sore on its own is 15:00, as "besok sore kirim" above has always pinned.
var halfDayCases = []tc{
	// An hour 1-11 alone: the morning if still ahead, else the evening if
	// still ahead, else the morning and ErrPast.
	{text: "jam 7", now: dawn, want: "2026-11-22 07:00"},
	{text: "jam 7", now: morning, want: "2026-11-22 19:00"},
	{text: "jam 7 kirim katalog", now: morning, want: "2026-11-22 19:00", rest: "kirim katalog"},
	{text: "jam 7", now: noon, want: "2026-11-22 19:00"},
	{text: "jam 7", now: seven, want: "2026-11-22 07:00", err: ErrPast},
	{text: "jam 7", now: evening, want: "2026-11-22 07:00", err: ErrPast},
	{text: "jam 7", now: lateNight, want: "2026-11-22 07:00", err: ErrPast},
	{text: "jam 7", now: smallHrs, want: "2026-11-22 07:00"},
	{text: "jam 7.30", now: morning, want: "2026-11-22 19:30"},
	{text: "jam 7.30", now: at(wib, 2026, 11, 22, 19, 15), want: "2026-11-22 19:30"},
	{text: "jam 7:30 telepon", now: dawn, want: "2026-11-22 07:30", rest: "telepon"},
	{text: "pukul 5", now: morning, want: "2026-11-22 17:00"},
	{text: "pukul 5", now: dawn, want: "2026-11-22 17:00"},
	{text: "pkl 5 ambil barang", now: noon, want: "2026-11-22 17:00", rest: "ambil barang"},
	{text: "7.30", now: morning, want: "2026-11-22 19:30"},
	{text: "7.30 kirim resi", now: morning, want: "2026-11-22 19:30", rest: "kirim resi"},
	{text: "7.30", now: dawn, want: "2026-11-22 07:30"},
	{text: "jam 1", now: morning, want: "2026-11-22 13:00"},
	{text: "jam 11", now: morning, want: "2026-11-22 11:00"},
	{text: "jam 11", now: noon, want: "2026-11-22 23:00"},
	{text: "jam 11.59", now: lateNight, want: "2026-11-22 23:59"},
	{text: "jam 10 WIB", now: evening, want: "2026-11-22 22:00"},
	{text: "jam 7 - kirim", now: morning, want: "2026-11-22 19:00", rest: "kirim"},
	{text: "jam 7 besok", now: morning, want: "2026-11-23 07:00"},
	// 24-hour forms are never moved.
	{text: "jam 0", now: morning, want: "2026-11-22 00:00", err: ErrPast},
	{text: "jam 12", now: at(wib, 2026, 11, 22, 13, 0), want: "2026-11-22 12:00", err: ErrPast},
	{text: "jam 14", now: at(wib, 2026, 11, 22, 15, 0), want: "2026-11-22 14:00", err: ErrPast},
	{text: "jam 14", now: morning, want: "2026-11-22 14:00"},
	{text: "jam 07.00", now: morning, want: "2026-11-22 07:00", err: ErrPast},
	{text: "jam 07", now: morning, want: "2026-11-22 07:00", err: ErrPast},
	{text: "07.30 kirim", now: morning, want: "2026-11-22 07:30", rest: "kirim", err: ErrPast},
	{text: "19.00", now: morning, want: "2026-11-22 19:00"},
	{text: "19.00", now: evening, want: "2026-11-22 19:00", err: ErrPast},
	// A part of day or am/pm fixes the half.
	{text: "jam 7 pagi", now: morning, want: "2026-11-22 07:00", err: ErrPast},
	{text: "7 pagi", now: morning, want: "2026-11-22 07:00", err: ErrPast},
	{text: "7am", lang: "en", now: morning, want: "2026-11-22 07:00", err: ErrPast},
	{text: "at 7", lang: "en", now: morning, want: "2026-11-22 19:00"},
	{text: "at 7", lang: "en", now: dawn, want: "2026-11-22 07:00"},
	// With a day the hour stays as written.
	{text: "besok jam 7", now: morning, want: "2026-11-23 07:00"},
	{text: "senin jam 7", now: morning, want: "2026-11-23 07:00"},
	{text: "25/12 jam 7", now: morning, want: "2026-12-25 07:00"},
	{text: "3 hari lagi jam 7", now: morning, want: "2026-11-25 07:00"},
	{text: "hari ini jam 7", now: morning, want: "2026-11-22 07:00", err: ErrPast},
	{text: "tomorrow at 7", lang: "en", now: morning, want: "2026-11-23 07:00"},
	// In Asia/Makassar, and across zones: the evening must still be today
	// on the seller's own clock.
	{text: "jam 7", now: dawnWTA, want: "2026-11-22 07:00"},
	{text: "jam 7 kirim katalog", now: morningWT, want: "2026-11-22 19:00", rest: "kirim katalog"},
	{text: "jam 7", now: eveningWT, want: "2026-11-22 07:00", err: ErrPast},
	{text: "jam 7 WIB", now: morningWT, want: "2026-11-22 20:00"},
	{text: "besok jam 7", now: morningWT, want: "2026-11-23 07:00"},
	{text: "jam 11 WIB", now: afternoon, want: "2026-11-22 13:00", err: ErrPast},

	// Parts of today: the part's default hour, ErrPast once it has gone.
	{text: "nanti sore", now: dawn, want: "2026-11-22 15:00"},
	{text: "nanti sore", now: morning, want: "2026-11-22 15:00"},
	{text: "nanti sore telepon Bu Sari", now: morning, want: "2026-11-22 15:00", rest: "telepon Bu Sari"},
	{text: "Nanti sore, telepon Bu Sari", now: noon, want: "2026-11-22 15:00", rest: "telepon Bu Sari"},
	{text: "nanti sore", now: evening, want: "2026-11-22 15:00", err: ErrPast},
	{text: "nanti malam", now: morning, want: "2026-11-22 19:00"},
	{text: "nanti malam", now: evening, want: "2026-11-22 19:00", err: ErrPast},
	{text: "nanti malam", now: lateNight, want: "2026-11-22 19:00", err: ErrPast},
	{text: "nanti malam", now: smallHrs, want: "2026-11-22 19:00"},
	{text: "nanti siang", now: morning, want: "2026-11-22 12:00"},
	{text: "nanti siang", now: noon, want: "2026-11-22 12:00", err: ErrPast},
	{text: "nanti pagi", now: dawn, want: "2026-11-22 09:00"},
	{text: "nanti pagi", now: morning, want: "2026-11-22 09:00", err: ErrPast},
	{text: "sore ini", now: morning, want: "2026-11-22 15:00"},
	{text: "sore ini kirim katalog", now: noon, want: "2026-11-22 15:00", rest: "kirim katalog"},
	{text: "malam ini", now: morning, want: "2026-11-22 19:00"},
	{text: "malam ini", now: evening, want: "2026-11-22 19:00", err: ErrPast},
	{text: "pagi ini", now: dawn, want: "2026-11-22 09:00"},
	{text: "siang ini", now: morning, want: "2026-11-22 12:00"},
	{text: "sore nanti", now: morning, want: "2026-11-22 15:00"},
	{text: "malam nanti kirim", now: morning, want: "2026-11-22 19:00", rest: "kirim"},
	{text: "nanti sore 10 dus", now: morning, want: "2026-11-22 15:00", rest: "10 dus"},
	// ... with an hour, read against the part.
	{text: "nanti jam 3", now: morning, want: "2026-11-22 15:00"},
	{text: "nanti jam 3", now: dawn, want: "2026-11-22 15:00"},
	{text: "nanti jam 11", now: morning, want: "2026-11-22 11:00"},
	{text: "nanti jam 3", now: at(wib, 2026, 11, 22, 16, 0), want: "2026-11-22 03:00", err: ErrPast},
	{text: "nanti jam 3 sore", now: morning, want: "2026-11-22 15:00"},
	{text: "nanti jam 15.30 cek stok", now: morning, want: "2026-11-22 15:30", rest: "cek stok"},
	{text: "nanti sore jam 4", now: morning, want: "2026-11-22 16:00"},
	{text: "nanti sore jam 4 kirim katalog", now: noon, want: "2026-11-22 16:00", rest: "kirim katalog"},
	{text: "nanti malam jam 8", now: morning, want: "2026-11-22 20:00"},
	{text: "nanti malam jam 12", now: morning, want: "2026-11-23 00:00"},
	{text: "sore ini jam 4", now: morning, want: "2026-11-22 16:00"},
	{text: "malam ini jam 9", now: evening, want: "2026-11-22 21:00"},
	{text: "sore jam 4", now: morning, want: "2026-11-22 16:00"},
	{text: "jam 8 malam ini", now: morning, want: "2026-11-22 20:00"},
	{text: "jam 8 malam ini kirim", now: morning, want: "2026-11-22 20:00", rest: "kirim"},
	{text: "jam 8 malam ini besok", now: morning, want: "2026-11-22 20:00", rest: "besok"},
	{text: "jam 8 malam nanti kirim", now: morning, want: "2026-11-22 20:00", rest: "nanti kirim"},
	{text: "nanti sore jam 10", now: morning, err: ErrUnreadable},
	{text: "nanti jam 25", now: morning, err: ErrUnreadable},
	// A part after a day, as before.
	{text: "besok pagi", now: evening, want: "2026-11-23 09:00"},
	{text: "besok sore", now: lateNight, want: "2026-11-23 15:00"},
	{text: "besok malam", now: smallHrs, want: "2026-11-23 19:00"},
	{text: "lusa sore", now: morning, want: "2026-11-24 15:00"},
	{text: "lusa sore jam 4 bayar", now: morning, want: "2026-11-24 16:00", rest: "bayar"},
	{text: "besok malam ini", now: morning, want: "2026-11-23 19:00", rest: "ini"},
	// Not times: message text that merely starts with these words.
	{text: "sore", now: morning, err: ErrUnreadable},
	{text: "malam", now: morning, err: ErrUnreadable},
	{text: "malam minggu", now: morning, err: ErrUnreadable},
	{text: "sore kirim katalog", now: morning, err: ErrUnreadable},
	{text: "nanti", now: morning, err: ErrUnreadable},
	{text: "nanti kirim katalog", now: morning, err: ErrUnreadable},
	{text: "nanti 3 dus", now: morning, err: ErrUnreadable},
	{text: "ini", now: morning, err: ErrUnreadable},
	// In Asia/Makassar.
	{text: "nanti sore telepon Bu Sari", now: morningWT, want: "2026-11-22 15:00", rest: "telepon Bu Sari"},
	{text: "nanti malam", now: eveningWT, want: "2026-11-22 19:00", err: ErrPast},
	{text: "malam ini jam 9", now: eveningWT, want: "2026-11-22 21:00"},
	{text: "nanti pagi", now: dawnWTA, want: "2026-11-22 09:00"},
	{text: "nanti jam 3", now: morningWT, want: "2026-11-22 15:00"},
	{text: "besok pagi", now: lateWTA, want: "2026-11-23 09:00"},
	{text: "lusa sore", now: morningWT, want: "2026-11-24 15:00"},
	{text: "nanti sore jam 4 WIB", now: morningWT, want: "2026-11-22 17:00"},

	// English.
	{text: "tonight", lang: "en", now: morning, want: "2026-11-22 19:00"},
	{text: "tonight", lang: "en", now: evening, want: "2026-11-22 19:00", err: ErrPast},
	{text: "Tonight call supplier", lang: "en", now: noon, want: "2026-11-22 19:00", rest: "call supplier"},
	{text: "tonight at 8", lang: "en", now: morning, want: "2026-11-22 20:00"},
	{text: "at 8 tonight", lang: "en", now: morning, want: "2026-11-22 20:00"},
	{text: "this evening", lang: "en", now: morning, want: "2026-11-22 19:00"},
	{text: "this evening at 7 call Sari", lang: "en", now: morning, want: "2026-11-22 19:00", rest: "call Sari"},
	{text: "this afternoon", lang: "en", now: morning, want: "2026-11-22 15:00"},
	{text: "at 3 this afternoon", lang: "en", now: morning, want: "2026-11-22 15:00"},
	{text: "this morning", lang: "en", now: dawn, want: "2026-11-22 09:00"},
	{text: "this morning", lang: "en", now: noon, want: "2026-11-22 09:00", err: ErrPast},
	{text: "tomorrow morning", lang: "en", now: morning, want: "2026-11-23 09:00"},
	{text: "tomorrow morning", lang: "en", now: lateNight, want: "2026-11-23 09:00"},
	{text: "tomorrow evening", lang: "en", now: evening, want: "2026-11-23 19:00"},
	{text: "tomorrow evening at 8 pay", lang: "en", now: morning, want: "2026-11-23 20:00", rest: "pay"},
	{text: "tonight", lang: "en", now: morningWT, want: "2026-11-22 19:00"},
	{text: "this afternoon", lang: "en", now: eveningWT, want: "2026-11-22 15:00", err: ErrPast},
	{text: "tonight", now: morning, err: ErrUnreadable},
	{text: "this evening", now: morning, err: ErrUnreadable},
	{text: "evening", lang: "en", now: morning, err: ErrUnreadable},
}

func TestParse(t *testing.T) {
	for _, c := range append(cases[:len(cases):len(cases)], halfDayCases...) {
		now := c.now
		if now.IsZero() {
			now = sunday
		}
		lang := c.lang
		if lang == "" {
			lang = "id"
		}
		name := lang + "/" + now.Format("Jan02-1504-MST") + "/" + c.text
		t.Run(name, func(t *testing.T) {
			got, rest, err := Parse(c.text, now, lang)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("Parse(%q) err = %v, want %v (at %v)", c.text, err, c.err, got)
				}
				if c.err == ErrUnreadable {
					return
				}
			} else if err != nil {
				t.Fatalf("Parse(%q) err = %v, want %s", c.text, err, c.want)
			}
			if g := got.Format("2006-01-02 15:04"); g != c.want {
				t.Errorf("Parse(%q) = %s, want %s", c.text, g, c.want)
			}
			if got.Location() != now.Location() {
				t.Errorf("Parse(%q) location = %v, want %v", c.text, got.Location(), now.Location())
			}
			if got.Second() != 0 || got.Nanosecond() != 0 {
				t.Errorf("Parse(%q) = %v, not truncated to the minute", c.text, got)
			}
			if rest != c.rest {
				t.Errorf("Parse(%q) rest = %q, want %q", c.text, rest, c.rest)
			}
		})
	}
}

// TestErrorsAreDistinct guards the sentinels the bot switches on.
func TestErrorsAreDistinct(t *testing.T) {
	_, _, err := Parse("jam 8 pagi", sunday, "id")
	if !errors.Is(err, ErrPast) || errors.Is(err, ErrUnreadable) {
		t.Fatalf("past error = %v", err)
	}
	_, _, err = Parse("kapan-kapan", sunday, "id")
	if !errors.Is(err, ErrUnreadable) || errors.Is(err, ErrPast) {
		t.Fatalf("unreadable error = %v", err)
	}
}
