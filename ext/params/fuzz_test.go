package params_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/params"
)

// FuzzMultipart streams arbitrary bodies under small limits: it never
// panics, refuses only with 400 or 413, writes no file over the limit, and
// leaves no file behind once the request's files are removed.
func FuzzMultipart(f *testing.F) {
	for _, s := range []string{
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n",
		"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n",
		"--b\r\nContent-Disposition: form-data; name=\"t[]\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name=\"t[]\"\r\n\r\n2\r\n--b--\r\n",
		"--b\r\nContent-Disposition: form-data; name=\"a[1]\"\r\n\r\n1\r\n--b--\r\n",
		"--b\r\n\r\nno headers\r\n--b--\r\n",
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
		"", "--b--\r\n", "garbage", "--b\n\nContent-Disposition: form-data; name=a\n\nv\n--b--\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	settings := params.New(params.TempDir(dir), params.MaxBodyBytes(4096), params.MaxFileBytes(64),
		params.MaxFiles(3), params.MaxFields(5), params.MaxFieldBytes(64))
	f.Fuzz(func(t *testing.T, body []byte) {
		req := iron.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header().Set("Content-Type", "multipart/form-data; boundary=b")
		if err := settings.Before(req); err != nil {
			t.Fatal(err)
		}
		m, err := params.Get(req)
		if err != nil {
			if s := iron.ErrorResponse(err).StatusCode(); s != http.StatusBadRequest && s != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d: %v", s, err)
			}
		} else {
			for _, f := range allFiles(m) {
				fi, err := os.Stat(f.Path)
				if err != nil || fi.Size() != f.Size || f.Size > 64 {
					t.Fatalf("file %+v: %v, on disk %v", f, err, fi)
				}
			}
		}
		params.RemoveFiles(req)
		if left, _ := filepath.Glob(filepath.Join(dir, "iron-upload-*")); len(left) > 0 {
			t.Fatalf("files left behind: %v", left)
		}
	})
}

func allFiles(v any) []*params.File {
	switch t := v.(type) {
	case *params.File:
		return []*params.File{t}
	case params.Map:
		var out []*params.File
		for _, x := range t {
			out = append(out, allFiles(x)...)
		}
		return out
	case []any:
		var out []*params.File
		for _, x := range t {
			out = append(out, allFiles(x)...)
		}
		return out
	}
	return nil
}
