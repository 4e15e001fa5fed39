package telegramtest_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/salesbot/salesbot/bot/telegramtest"
)

func download(t *testing.T, link string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx(t), http.MethodGet, link, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestSendDocumentAndGetFile(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	c := ctx(t)
	content := []byte("sku,stok\nA1,10\n")
	msg, err := b.SendDocument(c, &tgbot.SendDocumentParams{
		ChatID:   alice.ID,
		Document: &models.InputFileUpload{Filename: "stok.csv", Data: bytes.NewReader(content)},
		Caption:  "<b>Stok</b> hari ini", ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		t.Fatal(err)
	}
	d := msg.Document
	if d == nil || d.FileName != "stok.csv" || d.FileSize != int64(len(content)) || d.FileID == "" || d.FileUniqueID == "" ||
		msg.Caption != "Stok hari ini" || len(msg.CaptionEntities) != 1 || msg.Text != "" {
		t.Fatalf("document message = %+v (%+v)", msg, d)
	}
	got := srv.Messages(alice.ID)[0]
	if got.Document == nil || !bytes.Equal(got.Document.Data, content) || got.Document.Name != "stok.csv" ||
		got.Document.Caption != "<b>Stok</b> hari ini" || got.PlainText != "Stok hari ini" {
		t.Fatalf("Messages = %+v", got)
	}
	call := srv.CallsTo("sendDocument")[0]
	if !bytes.Equal(call.Files["document"], content) || call.FileNames["document"] != "stok.csv" {
		t.Fatalf("call = %+v", call)
	}
	f, err := b.GetFile(c, &tgbot.GetFileParams{FileID: d.FileID})
	if err != nil || f.FilePath == "" || f.FileSize != int64(len(content)) {
		t.Fatalf("getFile = %+v %v", f, err)
	}
	if status, body := download(t, b.FileDownloadLink(f)); status != 200 || !bytes.Equal(body, content) {
		t.Fatalf("download = %d %q", status, body)
	}
	// Resending by file_id reuses the stored file.
	again, err := b.SendDocument(c, &tgbot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: d.FileID}})
	if err != nil || again.Document.FileID != d.FileID {
		t.Fatalf("resend by file_id: %+v %v", again, err)
	}
	// Editing the text of a document is not possible.
	_, err = b.EditMessageText(c, &tgbot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: "x"})
	wantBadRequest(t, err, "there is no text in the message to edit")

	bad := []struct {
		p    tgbot.SendDocumentParams
		want string
	}{
		{tgbot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileUpload{Filename: "e.txt", Data: bytes.NewReader(nil)}}, "file must be non-empty"},
		{tgbot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: "nope"}}, "wrong file identifier/HTTP URL specified"},
		{tgbot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: "https://example.com/a.pdf"}}, "failed to get HTTP URL content"},
		{tgbot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: d.FileID}, Caption: strings.Repeat("c", 1025)}, "message caption is too long"},
		{tgbot.SendDocumentParams{ChatID: 1, Document: &models.InputFileString{Data: d.FileID}}, "chat not found"},
	}
	for _, tc := range bad {
		_, err := b.SendDocument(c, &tc.p)
		wantBadRequest(t, err, tc.want)
	}
	status, r := postJSON(t, c, srv, "sendDocument", map[string]any{"chat_id": alice.ID})
	if status != 400 || r.Description != "Bad Request: there is no document in the request" {
		t.Fatalf("missing document: %d %+v", status, r)
	}
	_, err = b.GetFile(c, &tgbot.GetFileParams{FileID: "nope"})
	wantBadRequest(t, err, "invalid file_id")
}

func TestSendPhoto(t *testing.T) {
	srv := newServer(t)
	srv.AddPrivateChat(alice)
	b := newClient(t, srv)
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	msg, err := b.SendPhoto(ctx(t), &tgbot.SendPhotoParams{ChatID: alice.ID,
		Photo: &models.InputFileUpload{Filename: "qr.png", Data: bytes.NewReader(buf.Bytes())}, Caption: "QR"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Photo) != 1 || msg.Photo[0].Width != 3 || msg.Photo[0].Height != 2 || msg.Caption != "QR" {
		t.Fatalf("photo message = %+v", msg)
	}
	if got := srv.Messages(alice.ID)[0]; got.Photo == nil || !bytes.Equal(got.Photo.Data, buf.Bytes()) || got.Photo.Name != "qr.png" {
		t.Fatalf("Messages = %+v", got)
	}
	_, err = b.SendPhoto(ctx(t), &tgbot.SendPhotoParams{ChatID: alice.ID,
		Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("not an image")}})
	wantBadRequest(t, err, "IMAGE_PROCESS_FAILED")
}

func TestPushDocumentDownload(t *testing.T) {
	srv := newServer(t, telegramtest.WithToken(testToken))
	content := []byte("%PDF-1.4 katalog")
	id := srv.PushDocument(alice, "katalog.pdf", content, "katalog baru")
	_, r := postJSON(t, ctx(t), srv, "getUpdates", map[string]any{})
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil || len(ups) != 1 || ups[0].ID != id {
		t.Fatalf("updates %s: %v", r.Result, err)
	}
	m := ups[0].Message
	if m.Document == nil || m.Document.FileName != "katalog.pdf" || m.Document.MimeType != "application/pdf" ||
		m.Document.FileSize != int64(len(content)) || m.Caption != "katalog baru" {
		t.Fatalf("document update = %+v", m)
	}
	b := newClient(t, srv)
	f, err := b.GetFile(ctx(t), &tgbot.GetFileParams{FileID: m.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	link := b.FileDownloadLink(f)
	if status, body := download(t, link); status != 200 || !bytes.Equal(body, content) {
		t.Fatalf("download = %d %q", status, body)
	}
	srv.FailNext(telegramtest.DownloadMethod, 1, 500, 0)
	if status, _ := download(t, link); status != 500 {
		t.Fatalf("injected download failure: %d", status)
	}
	if status, _ := download(t, strings.Replace(link, testToken, "1:other", 1)); status != 401 {
		t.Fatalf("wrong token download: %d", status)
	}
	if status, _ := download(t, link+"x"); status != 404 {
		t.Fatalf("missing file download: %d", status)
	}
	var statuses []int
	for _, c := range srv.CallsTo(telegramtest.DownloadMethod) {
		statuses = append(statuses, c.Status)
	}
	if len(statuses) != 4 || statuses[0] != 200 || statuses[1] != 500 {
		t.Fatalf("download calls = %v", statuses)
	}
}
