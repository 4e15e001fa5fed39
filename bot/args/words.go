package args

// The word lists that decide what makes two names similar. Indonesian
// sellers put a kinship term, an honorific or a title before most names
// ("Bu Sari", "Pak Budi", "Kak Rina", "H. Amir") and a business word before
// shops ("Toko 99", "Warung Bu Tini", "CV Maju"). Those words say nothing
// about who is meant: "Pak Budi" is not close to "Pak Hadi" just because
// both are Pak. They are ignored when judging closeness; synonyms compare
// equal (Bu = Ibu). To add a word, add it to the right map with its
// canonical spelling; keys are lowercase, without dots ("H." is "h").

// honorifics maps a kinship term, honorific or title to its canonical form.
var honorifics = map[string]string{
	"bu": "bu", "ibu": "bu", "bunda": "bu", "buk": "bu",
	"pak": "pak", "bapak": "pak", "bpk": "pak", "bp": "pak", "pk": "pak",
	"mas":  "mas",
	"mbak": "mbak", "mba": "mbak", "mbk": "mbak",
	"kak": "kak", "kakak": "kak", "ka": "kak",
	"bang": "bang", "abang": "bang", "bg": "bang",
	"dik": "dik", "adik": "dik", "dek": "dik", "adek": "dik",
	"om": "om", "tante": "tante", "teh": "teh", "aa": "aa", "kang": "kang",
	"cik": "cik", "ci": "ci", "cici": "ci", "ko": "ko", "koh": "ko", "koko": "ko", "cece": "cece",
	"mbah": "mbah", "eyang": "mbah", "nek": "nek", "nenek": "nek", "kek": "kek", "kakek": "kek",
	"uda": "uda", "uni": "uni", "bli": "bli", "mbok": "mbok", "neng": "neng", "nyai": "nyai",
	"pakde": "pakde", "bude": "bude", "bulik": "bulik", "paklik": "paklik",
	"ustadz": "ustadz", "ustad": "ustadz", "ustaz": "ustadz", "ustadzah": "ustadzah", "ustazah": "ustadzah",
	"haji": "haji", "h": "haji", "hj": "hajjah", "hajjah": "hajjah",
	"dr": "dr", "drg": "drg", "ir": "ir", "prof": "prof", "sdr": "sdr", "sdri": "sdr",
	"nyonya": "ny", "ny": "ny", "tuan": "tn", "tn": "tn", "nona": "nn", "nn": "nn",
	"ms": "ms", "mr": "mr", "mrs": "mrs", "miss": "miss",
}

// businessWords maps a business word to its canonical form.
var businessWords = map[string]string{
	"toko": "toko", "tk": "toko",
	"warung": "warung", "warteg": "warteg",
	"kios": "kios", "kedai": "kedai", "depot": "depot", "butik": "butik", "salon": "salon",
	"bengkel": "bengkel", "cv": "cv", "pt": "pt", "ud": "ud", "tb": "tb",
	"apotek": "apotek", "apotik": "apotek", "minimarket": "minimarket", "mart": "mart",
	"grosir": "grosir", "agen": "agen", "konter": "konter", "counter": "konter",
	"laundry": "laundry", "kantin": "kantin", "koperasi": "koperasi", "kopkar": "koperasi",
	"resto": "resto", "restoran": "resto", "rm": "rm", "cafe": "cafe", "kafe": "cafe",
	"klinik": "klinik", "studio": "studio", "galeri": "galeri", "percetakan": "percetakan",
}

// filler returns the canonical form of a word that does not make names
// similar, or false for a distinctive word.
func filler(w string) (string, bool) {
	if c, ok := honorifics[w]; ok {
		return c, true
	}
	c, ok := businessWords[w]
	return c, ok
}

// Field is what /ubah changes.
type Field string

// The fields of a contact /ubah can change.
const (
	FieldName  Field = "name"
	FieldPhone Field = "phone"
	FieldTag   Field = "tag"
	FieldNote  Field = "note"
)

// fieldWords is the one table of the words that name a field, Indonesian
// and English. "no" (as in "no HP") is one of them, so a name that
// contains "No" is split by what the book holds, not by the word (see Edit).
var fieldWords = map[string]Field{
	"nama": FieldName, "name": FieldName,
	"hp": FieldPhone, "phone": FieldPhone, "nomor": FieldPhone, "no": FieldPhone, "telepon": FieldPhone,
	"telp": FieldPhone, "wa": FieldPhone, "whatsapp": FieldPhone,
	"tag": FieldTag, "tags": FieldTag, "label": FieldTag,
	"catatan": FieldNote, "note": FieldNote, "notes": FieldNote,
}

// ParseField reads a field word ("hp", "catatan", ...).
func ParseField(w string) (Field, bool) {
	f, ok := fieldWords[lower(w)]
	return f, ok
}

// skipWords are how a seller says "none" to an optional question.
var skipWords = map[string]bool{
	"-": true, "lewati": true, "skip": true, "tidak": true, "tidak ada": true, "no": true, "none": true,
	"ga": true, "gak": true, "nggak": true, "ngga": true, "belum": true, "belum ada": true, "tdk": true,
}

// IsSkip reports an answer that means "none" ("-", "lewati", "belum ada").
func IsSkip(s string) bool { return skipWords[lower(s)] }
