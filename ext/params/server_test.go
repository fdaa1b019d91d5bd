package params_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/params"
	"github.com/iron-go/iron/internal/servetest"
)

// upload is a handler that hashes the uploaded "file", and fails or panics
// when the form asks it to, recording where the upload was and whether it
// was there while the handler ran.
type upload struct {
	mu    sync.Mutex
	path  string
	there bool
}

func (u *upload) Handle(req *iron.Request) (*iron.Response, error) {
	p, err := params.Get(req)
	if err != nil {
		return nil, err
	}
	f := p.File("file")
	if f == nil {
		return nil, p.Require("file")
	}
	_, statErr := os.Stat(f.Path)
	u.mu.Lock()
	u.path, u.there = f.Path, statErr == nil
	u.mu.Unlock()
	switch p.String("then") {
	case "fail":
		return nil, errors.New("the handler failed")
	case "panic":
		panic("the handler panicked")
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return nil, err
	}
	body, _ := json.Marshal(map[string]any{"name": f.Name, "size": f.Size, "sha256": hex.EncodeToString(h.Sum(nil))})
	return iron.With(http.StatusCreated, iron.JSON, body), nil
}

func (u *upload) last() (string, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.path, u.there
}

// post sends a multipart body, with its length or chunked.
func post(t *testing.T, base string, isChunked bool, parts ...part) (int, []byte) {
	t.Helper()
	body, ct := multipartBody(t, parts...)
	var r io.Reader = bytes.NewReader(body)
	if isChunked {
		r = io.NopCloser(r)
	}
	req, err := http.NewRequest("POST", base+"/upload", r)
	require.NoError(t, err)
	req.Header.Set("Content-Type", ct)
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, b
}

// TestUploadsOnRealServers: on the engine and under http.Server, an upload
// is on disk while the handler runs and gone once the answer is written,
// whether the handler succeeded, failed or panicked; limits answer 413
// alike.
func TestUploadsOnRealServers(t *testing.T) {
	content := strings.Repeat("0123456789", 2000) // 20 kB
	sum := sha256.Sum256([]byte(content))
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			dir := t.TempDir()
			u := &upload{}
			c := chain.New(u)
			c.LinkBefore(params.New(params.TempDir(dir), params.MaxFileBytes(int64(len(content))), params.MaxFiles(2)))
			base := "http://" + srv.Start(t, c)
			for _, tc := range []struct {
				then       string
				isChunked  bool
				wantStatus int
			}{
				{"", false, http.StatusCreated},
				{"", true, http.StatusCreated},
				{"fail", false, http.StatusInternalServerError},
				{"panic", true, http.StatusInternalServerError},
			} {
				t.Run(fmt.Sprintf("%s/chunked=%v", cmpOr(tc.then, "succeed"), tc.isChunked), func(t *testing.T) {
					status, body := post(t, base, tc.isChunked,
						part{name: "then", body: tc.then},
						part{name: "file", file: "data.txt", contentType: "text/plain", body: content})
					assert.Equal(t, tc.wantStatus, status, string(body))
					path, there := u.last()
					assert.True(t, there, "the file is on disk while the handler runs")
					if tc.wantStatus == http.StatusCreated {
						var got map[string]any
						require.NoError(t, json.Unmarshal(body, &got))
						assert.Equal(t, map[string]any{"name": "data.txt", "size": float64(len(content)), "sha256": hex.EncodeToString(sum[:])}, got)
					}
					assert.Eventually(t, func() bool {
						_, err := os.Stat(path)
						return errors.Is(err, os.ErrNotExist)
					}, 5*time.Second, 5*time.Millisecond, "the file is removed once the answer is written")
					assert.Empty(t, tempFiles(t, dir))
				})
			}

			status, body := post(t, base, false, part{name: "file", file: "big.bin", body: content + "!"})
			assert.Equal(t, http.StatusRequestEntityTooLarge, status)
			var e errorBody
			require.NoError(t, json.Unmarshal(body, &e))
			assert.Equal(t, `file "file" over the limit of 20000 bytes`, e.Error)

			status, _ = post(t, base, true, part{name: "file", file: "1"}, part{name: "a", file: "2"}, part{name: "b", file: "3"})
			assert.Equal(t, http.StatusRequestEntityTooLarge, status)

			status, body = post(t, base, false, part{name: "nofile", body: "x"})
			assert.Equal(t, http.StatusUnprocessableEntity, status, string(body))
			assert.Empty(t, tempFiles(t, dir))
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TestServerBodyLimitMidUpload: the server's own limit, lower than params',
// stops an upload part way with the same 413 on both servers, and leaves
// no file behind.
func TestServerBodyLimitMidUpload(t *testing.T) {
	const serverLimit = 4096
	for _, srv := range servetest.BothMaxBodyBytes(serverLimit) {
		t.Run(srv.Name, func(t *testing.T) {
			dir := t.TempDir()
			c := chain.New(&upload{})
			c.LinkBefore(params.New(params.TempDir(dir)))
			base := "http://" + srv.Start(t, c)
			for _, isChunked := range []bool{false, true} {
				status, body := post(t, base, isChunked, part{name: "file", file: "big.bin", body: strings.Repeat("x", 3*serverLimit)})
				assert.Equal(t, http.StatusRequestEntityTooLarge, status, string(body))
				var e errorBody
				require.NoError(t, json.Unmarshal(body, &e), string(body))
				assert.Contains(t, e.Error, "request body")
			}
			assert.Eventually(t, func() bool { return len(tempFiles(t, dir)) == 0 }, 5*time.Second, 5*time.Millisecond)
		})
	}
}
