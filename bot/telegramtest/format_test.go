package telegramtest_test

import (
	"fmt"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

type formatCase struct {
	in      string
	plain   string // expected text after parsing (when err == "")
	ents    string // expected entities as "type@offset+length[:extra]" joined by " "
	wantErr string // substring of the description, "" for valid
}

func describeEntities(ents []models.MessageEntity) string {
	var parts []string
	for _, e := range ents {
		s := fmt.Sprintf("%s@%d+%d", e.Type, e.Offset, e.Length)
		if extra := e.URL + e.Language + e.CustomEmojiID; extra != "" {
			s += ":" + extra
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// runFormatCases sends every case through the real client so that the
// whole path (multipart encoding, parsing, result JSON) is exercised.
func runFormatCases(t *testing.T, mode models.ParseMode, cases []formatCase) {
	t.Helper()
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			msg, err := b.SendMessage(ctx(t), &tgbot.SendMessageParams{ChatID: alice.ID, Text: tc.in, ParseMode: mode})
			if tc.wantErr != "" {
				wantBadRequest(t, err, "Bad Request: can't parse entities: ")
				wantBadRequest(t, err, tc.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if msg.Text != tc.plain {
				t.Errorf("text = %q, want %q", msg.Text, tc.plain)
			}
			if got := describeEntities(msg.Entities); got != tc.ents {
				t.Errorf("entities = %q, want %q", got, tc.ents)
			}
		})
	}
}

func TestHTMLParseMode(t *testing.T) {
	runFormatCases(t, models.ParseModeHTML, []formatCase{
		// Escaped user text is the common case in the bot.
		{in: "Toko &lt;Maju&gt; &amp; Jaya_*", plain: "Toko <Maju> & Jaya_*"},
		{in: "<b>Toko &lt;Maju&gt; &amp; Jaya_*</b>", plain: "Toko <Maju> & Jaya_*", ents: "bold@0+20"},
		{in: "a > b, 2*3=6 [x](y) _ok_", plain: "a > b, 2*3=6 [x](y) _ok_"},
		{in: "&#65;&#x42;&#x1F600; &quot;q&quot;", plain: "AB😀 \"q\""},
		{in: "<b>b</b> <i>i</i> <u>u</u> <s>s</s>", plain: "b i u s", ents: "bold@0+1 italic@2+1 underline@4+1 strikethrough@6+1"},
		{in: "<strong>a</strong><em>b</em><ins>c</ins><strike>d</strike><del>e</del>", plain: "abcde",
			ents: "bold@0+1 italic@1+1 underline@2+1 strikethrough@3+1 strikethrough@4+1"},
		{in: `<span class="tg-spoiler">x</span> <tg-spoiler>y</tg-spoiler>`, plain: "x y", ents: "spoiler@0+1 spoiler@2+1"},
		{in: `<a href="https://example.com/?a=1&amp;b=2">toko</a>`, plain: "toko", ents: "text_link@0+4:https://example.com/?a=1&b=2"},
		{in: `<a href='tg://user?id=5'>u</a>`, plain: "u", ents: "text_link@0+1:tg://user?id=5"},
		{in: "<code>x &lt; y</code>", plain: "x < y", ents: "code@0+5"},
		{in: `<pre><code class="language-go">fmt.Println()</code></pre>`, plain: "fmt.Println()", ents: "pre@0+13:go"},
		{in: "<pre>raw</pre>", plain: "raw", ents: "pre@0+3"},
		{in: "<blockquote>q</blockquote>\n<blockquote expandable>e</blockquote>", plain: "q\ne",
			ents: "blockquote@0+1 expandable_blockquote@2+1"},
		{in: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, plain: "👍", ents: "custom_emoji@0+2:5368324170671202286"},
		{in: "<b>bold <i>both</i></b>", plain: "bold both", ents: "bold@0+9 italic@5+4"},
		{in: "<B>upper</B>", plain: "upper", ents: "bold@0+5"},
		{in: "😀 <b>x</b>", plain: "😀 x", ents: "bold@3+1"}, // offsets in UTF-16
		{in: "\n  <b>trim</b>  \n", plain: "trim", ents: "bold@0+4"},
		{in: "<b></b>empty entity dropped", plain: "empty entity dropped"},

		{in: "Toko <Maju> & Jaya", wantErr: `Unsupported start tag "maju" at byte offset 5`},
		{in: "a < b", wantErr: `Unsupported start tag "" at byte offset 2`},
		{in: "Tom & Jerry", wantErr: "character '&' at byte offset 4"},
		{in: "&nbsp;", wantErr: "character '&'"},
		{in: "&apos;", wantErr: "character '&'"},
		{in: "&lt", wantErr: "character '&'"},
		{in: "&#0;", wantErr: "character '&'"},
		{in: "<b>x", wantErr: `Can't find end tag corresponding to start tag "b"`},
		{in: "x</b>", wantErr: "Unexpected end tag at byte offset 1"},
		{in: "<b><i>x</b></i>", wantErr: `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{in: "a<br>b", wantErr: `Unsupported start tag "br"`},
		{in: "<p>x</p>", wantErr: `Unsupported start tag "p"`},
		{in: "<span>x</span>", wantErr: `Tag "span" must have class "tg-spoiler"`},
		{in: `<a href="https://x.org>x</a>`, wantErr: "Unclosed start tag"},
		{in: "<b", wantErr: "Unclosed start tag"},
		{in: "<b>x</b", wantErr: "Unclosed end tag"},
		{in: "<b class>x</b>", wantErr: `Expected equal sign in declaration of an attribute of the tag "b"`},
		{in: "<tg-emoji>x</tg-emoji>", wantErr: "Custom emoji entity must contain a valid custom emoji identifier"},
	})
}

func TestMarkdownV2ParseMode(t *testing.T) {
	runFormatCases(t, models.ParseModeMarkdown, []formatCase{
		{in: "*bold* _italic_ __underline__ ~strike~ ||spoiler||", plain: "bold italic underline strike spoiler",
			ents: "bold@0+4 italic@5+6 underline@12+9 strikethrough@22+6 spoiler@29+7"},
		{in: `Harga Rp10\.000\-`, plain: "Harga Rp10.000-"},
		{in: `Toko \<Maju\> & Jaya\_\*`, plain: "Toko <Maju> & Jaya_*"},
		{in: `\_\*\[\]\(\)\~\` + "`" + `\>\#\+\-\=\|\{\}\.\!\\`, plain: "_*[]()~`>#+-=|{}.!\\"},
		{in: "[Toko](https://example.com/a_b?x=1)", plain: "Toko", ents: "text_link@0+4:https://example.com/a_b?x=1"},
		{in: `[t](https://example.com/\(x\))`, plain: "t", ents: "text_link@0+1:https://example.com/(x)"},
		{in: "`kode . * _`", plain: "kode . * _", ents: "code@0+10"},
		{in: "```go\nfmt.Println(1)\n```", plain: "fmt.Println(1)", ents: "pre@0+14:go"},
		{in: "```\nplain pre.\n```", plain: "plain pre.", ents: "pre@0+10"},
		{in: "*bold _both_*", plain: "bold both", ents: "bold@0+9 italic@5+4"},
		{in: "___a_b__", plain: "ab", ents: "underline@0+2 italic@0+1"},
		{in: ">kutipan\n>baris dua\nbiasa", plain: "kutipan\nbaris dua\nbiasa", ents: "blockquote@0+17"},
		{in: "**>rahasia\n>lagi||", plain: "rahasia\nlagi", ents: "expandable_blockquote@0+12"},
		{in: "😀 *x*", plain: "😀 x", ents: "bold@3+1"},
		{in: "![👍](tg://emoji?id=5368324170671202286)", plain: "👍", ents: "custom_emoji@0+2:5368324170671202286"},
		{in: "a\\é", plain: "a\\é"},

		{in: "Harga Rp10.000", wantErr: `Character '.' is reserved and must be escaped with the preceding '\'`},
		{in: "Halo!", wantErr: "Character '!' is reserved"},
		{in: "a-b", wantErr: "Character '-' is reserved"},
		{in: "(x)", wantErr: "Character '(' is reserved"},
		{in: "1+1=2", wantErr: "Character '+' is reserved"},
		{in: "#tag", wantErr: "Character '#' is reserved"},
		{in: "a|b", wantErr: "Character '|' is reserved"},
		{in: "x > y", wantErr: "Character '>' is reserved"},
		{in: "*unclosed", wantErr: "Can't find end of Bold entity at byte offset 0"},
		{in: "ok _it", wantErr: "Can't find end of Italic entity at byte offset 3"},
		{in: "~s", wantErr: "Can't find end of Strikethrough entity"},
		{in: "`code", wantErr: "Can't find end of Code entity"},
		{in: "```go\ncode", wantErr: "Can't find end of PreCode entity"},
		{in: "[text](https://x.org", wantErr: "Can't find end of a URL at byte offset 7"},
		{in: "[text", wantErr: "Can't find end of TextUrl entity"},
		{in: "*a _b* c_", wantErr: "Can't find end of Italic entity"},
	})
}

func TestLegacyMarkdownParseMode(t *testing.T) {
	runFormatCases(t, models.ParseModeMarkdownV1, []formatCase{
		{in: "*tebal* _miring_ `kode` harga 10.000!", plain: "tebal miring kode harga 10.000!", ents: "bold@0+5 italic@6+6 code@13+4"},
		{in: "[toko](https://example.com)", plain: "toko", ents: "text_link@0+4:https://example.com"},
		{in: `snake\_case`, plain: "snake_case"},
		{in: "*tebal", wantErr: "Can't find end of the entity starting at byte offset 0"},
	})
}
