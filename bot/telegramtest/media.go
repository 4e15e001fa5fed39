package telegramtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif"  // photo validation
	_ "image/jpeg" // photo validation
	_ "image/png"  // photo validation
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

func (f *storedFile) documentModel() *models.Document {
	return &models.Document{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name,
		MimeType: f.mime, FileSize: int64(len(f.data))}
}

func (f *storedFile) photoModel() []models.PhotoSize {
	return []models.PhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID,
		Width: f.width, Height: f.height, FileSize: len(f.data)}}
}

// storeFileLocked registers a new file under a fresh file_id; dir is the
// file_path directory ("documents", "photos").
func (s *Server) storeFileLocked(dir, name string, data []byte) *storedFile {
	s.fileSeq++
	ext := path.Ext(name)
	f := &storedFile{
		id:       fmt.Sprintf("file-%d", s.fileSeq),
		uniqueID: fmt.Sprintf("uniq-%d", s.fileSeq),
		path:     fmt.Sprintf("%s/file_%d%s", dir, s.fileSeq, ext),
		name:     name,
		mime:     mime.TypeByExtension(ext),
		data:     bytes.Clone(data),
	}
	s.files[f.id] = f
	s.byPath[f.path] = f
	return f
}

// inputFile resolves an InputFile parameter: a multipart upload, an
// "attach://<field>" reference, or the file_id of a known file. HTTP URLs
// cannot be fetched by the fake and are refused.
func (s *Server) inputFile(req *request, field, dir string) (*storedFile, *apiError) {
	data, upload := req.files[field]
	name := req.fileNames[field]
	if !upload {
		v := req.params[field]
		switch {
		case v == "":
			return nil, badRequest("there is no %s in the request", field)
		case strings.HasPrefix(v, "attach://"):
			ref := strings.TrimPrefix(v, "attach://")
			if data, upload = req.files[ref]; !upload {
				return nil, badRequest("file attach://%s not found", ref)
			}
			name = req.fileNames[ref]
		case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
			return nil, badRequest("failed to get HTTP URL content")
		default:
			f := s.files[v]
			if f == nil {
				return nil, badRequest("wrong file identifier/HTTP URL specified")
			}
			return f, nil
		}
	}
	if len(data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	if len(data) > maxDocumentSize {
		return nil, &apiError{code: http.StatusRequestEntityTooLarge, desc: "Request Entity Too Large"}
	}
	var w, h int
	if dir == "photos" {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
		w, h = cfg.Width, cfg.Height
	}
	f := s.storeFileLocked(dir, name, data)
	f.width, f.height = w, h
	return f, nil
}

func (s *Server) sendMedia(req *request, field, dir string) (any, *apiError) {
	c, e := s.targetChat(req)
	if e != nil {
		return nil, e
	}
	f, e := formatText(req.params["caption"], req.params["parse_mode"], req.params["caption_entities"],
		maxCaptionLen, "message caption is too long")
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(req.params["reply_markup"], false)
	if e != nil {
		return nil, e
	}
	file, e := s.inputFile(req, field, dir)
	if e != nil {
		return nil, e
	}
	if e := s.limiter.take(s.now(), c.id); e != nil {
		return nil, e
	}
	m := &botMsg{id: c.nextMessageID(), date: s.now()}
	m.setText(f)
	m.setMarkup(mk)
	if dir == "photos" {
		m.photo = file
	} else {
		m.document = file
	}
	c.botMsgs = append(c.botMsgs, m)
	return s.messageJSON(c, m), nil
}

func (s *Server) sendDocument(req *request) (any, *apiError) {
	return s.sendMedia(req, "document", "documents")
}

func (s *Server) sendPhoto(req *request) (any, *apiError) {
	return s.sendMedia(req, "photo", "photos")
}

func (s *Server) getFile(req *request) (any, *apiError) {
	f := s.files[req.params["file_id"]]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	return models.File{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: int64(len(f.data)), FilePath: f.path}, nil
}

// serveFile answers GET /file/bot<TOKEN>/<file_path>, recorded as
// DownloadMethod.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, filePath, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	call := Call{Method: DownloadMethod, Params: map[string]string{"file_path": filePath}, At: s.now()}
	var e *apiError
	var data []byte
	switch f := s.byPath[filePath]; {
	case !s.tokenOK(token):
		e = errUnauthorized
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		e = &apiError{code: http.StatusMethodNotAllowed, desc: "Method Not Allowed"}
	default:
		if fail, ok := s.takeFailureLocked(DownloadMethod); ok {
			e = fail.apiError()
		} else if f == nil {
			e = &apiError{code: http.StatusNotFound, desc: "Not Found"}
		} else {
			data = f.data
		}
	}
	s.recordLocked(&call, e)
	s.mu.Unlock()
	switch {
	case e != nil && e.code == 0:
		panic(http.ErrAbortHandler)
	case e != nil:
		writeEnvelope(w, nil, e)
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
	}
}
