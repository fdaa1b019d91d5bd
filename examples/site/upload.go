package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/params"
)

// maxUploadBytes bounds the file of POST /api/upload; the route's params
// settings answer 413 past it.
const maxUploadBytes = 1 << 20

// upload answers POST /api/upload, a multipart form with a file in the field
// "file": 201 with its name, size and SHA-256. params streams the file to a
// temporary file as it arrives (never whole in memory) and removes it once
// the answer is written.
func (s *site) upload(req *iron.Request) (*iron.Response, error) {
	p, err := params.Get(req)
	if err != nil {
		return nil, err // 400 malformed, 413 past a limit, 415 not a form
	}
	if err := p.Require("file"); err != nil {
		return nil, err // 422 naming "file"
	}
	f := p.File("file")
	if f == nil {
		return nil, iron.NewError(nil, http.StatusUnprocessableEntity, iron.JSON,
			`{"error":"file must be a file, not a text field"}`)
	}
	in, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("site: opening the upload: %w", err)
	}
	defer in.Close()
	h := sha256.New()
	if _, err := io.Copy(h, in); err != nil {
		return nil, fmt.Errorf("site: reading the upload: %w", err)
	}
	return jsonAnswer(http.StatusCreated, struct {
		Name   string `json:"name"`
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	}{f.Name, f.Size, hex.EncodeToString(h.Sum(nil))})
}
