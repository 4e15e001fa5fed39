package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
)

// request is one decoded Bot API call. Telegram accepts the same parameters
// as URL query, urlencoded form, JSON body or multipart form, so all of them
// are flattened into string values; JSON values that are not strings keep
// their JSON text (e.g. reply_markup), exactly as the multipart client sends
// them.
type request struct {
	params    map[string]string
	files     map[string][]byte
	fileNames map[string]string
}

func parseRequest(r *http.Request) (*request, *apiError) {
	req := &request{params: map[string]string{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			req.params[k] = v[0]
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return req, badRequest("can't read request body")
	}
	if len(body) > maxRequestBody {
		return req, &apiError{code: http.StatusRequestEntityTooLarge, desc: "Request Entity Too Large"}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return req, nil // e.g. tgbot's getMe: multipart header, empty body
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return req, badRequest("can't parse JSON object")
		}
		for k, v := range obj {
			var str string
			switch {
			case string(v) == "null":
				continue
			case json.Unmarshal(v, &str) == nil:
				req.params[k] = str
			default:
				var buf bytes.Buffer
				if json.Compact(&buf, v) != nil {
					return req, badRequest("can't parse JSON object")
				}
				req.params[k] = buf.String()
			}
		}
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), ctParams["boundary"])
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return req, badRequest("can't parse multipart form data")
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return req, badRequest("can't parse multipart form data")
			}
			_, disp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			if fileName, isFile := disp["filename"]; isFile {
				if req.files == nil {
					req.files, req.fileNames = map[string][]byte{}, map[string]string{}
				}
				req.files[part.FormName()] = data
				req.fileNames[part.FormName()] = fileName
			} else {
				req.params[part.FormName()] = string(data)
			}
		}
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return req, badRequest("can't parse urlencoded form")
		}
		for k, v := range vals {
			req.params[k] = v[0]
		}
	default:
		return req, badRequest("unsupported Content-Type %q", ct)
	}
	return req, nil
}

// intParam parses an optional integer parameter; ok is false when it is
// absent, err is non-nil when it is present but not an integer.
func (r *request) intParam(key string) (v int64, ok bool, err error) {
	raw, ok := r.params[key]
	if !ok || raw == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseInt(raw, 10, 64)
	return v, true, err
}

// boolParam reports whether an optional boolean parameter is true.
func (r *request) boolParam(key string) bool {
	b, _ := strconv.ParseBool(r.params[key])
	return b
}
