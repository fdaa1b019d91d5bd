// Package contract is the comparison's contract: the three endpoints every
// server answers, and the checks a server must pass before any load is put
// on it — each endpoint's status, content type and body over a fresh
// connection, and, for pipelined runs, N requests written at once on one
// connection, answered completely, correctly and in order.
//
// A server under comparison listens where -addr says and answers
//
//	GET /plaintext  200, Content-Type text/plain..., body "Hello, World!"
//	GET /json       200, Content-Type application/json..., {"message":"Hello, World!"}
//	                (whitespace tolerated), serialised per request
//	GET /user/{id}  200, the id as the body, taken from a routed path parameter
//
// with no logger or other middleware.
package contract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"time"
)

// UserID is the id the comparison asks /user/{id} for.
const UserID = "12345"

// Endpoint is one endpoint of the contract.
type Endpoint struct {
	Name        string // plaintext, json, user
	Path        string
	ContentType string // the media type the answer's Content-Type starts with
	Body        string // the expected body (compared as JSON for application/json)
}

// Endpoints are the contract's endpoints, in report order.
var Endpoints = []Endpoint{
	{Name: "plaintext", Path: "/plaintext", ContentType: "text/plain", Body: "Hello, World!"},
	{Name: "json", Path: "/json", ContentType: "application/json", Body: `{"message":"Hello, World!"}`},
	{Name: "user", Path: "/user/" + UserID, Body: UserID},
}

// Lookup returns the endpoints named in names, in the contract's order.
func Lookup(names []string) ([]Endpoint, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var eps []Endpoint
	for _, ep := range Endpoints {
		if want[ep.Name] {
			eps = append(eps, ep)
			delete(want, ep.Name)
		}
	}
	for n := range want {
		return nil, fmt.Errorf("contract: no endpoint %q (there are plaintext, json, user)", n)
	}
	if len(eps) == 0 {
		return nil, errors.New("contract: no endpoint chosen")
	}
	return eps, nil
}

// ErrWrongAnswer is wrapped by every error about an answer that breaks the
// contract.
var ErrWrongAnswer = errors.New("contract: wrong answer")

// Verify checks one answer against the endpoint.
func (ep Endpoint) Verify(status int, contentType string, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("%w: GET %s: status %d, want 200", ErrWrongAnswer, ep.Path, status)
	}
	if ep.ContentType != "" && !strings.HasPrefix(strings.ToLower(contentType), ep.ContentType) {
		return fmt.Errorf("%w: GET %s: Content-Type %q, want %s", ErrWrongAnswer, ep.Path, contentType, ep.ContentType)
	}
	if ep.ContentType == "application/json" {
		var got, want any
		if err := json.Unmarshal(body, &got); err != nil {
			return fmt.Errorf("%w: GET %s: body %q is not JSON", ErrWrongAnswer, ep.Path, body)
		}
		_ = json.Unmarshal([]byte(ep.Body), &want)
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%w: GET %s: body %s, want %s", ErrWrongAnswer, ep.Path, body, ep.Body)
		}
		return nil
	}
	if string(body) != ep.Body {
		return fmt.Errorf("%w: GET %s: body %q, want %q", ErrWrongAnswer, ep.Path, body, ep.Body)
	}
	return nil
}

// Check asks the server at addr (host:port) for every endpoint, each on a
// new connection, and verifies the answers.
func Check(ctx context.Context, addr string, eps []Endpoint) error {
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	for _, ep := range eps {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+ep.Path, nil)
		if err != nil {
			return err
		}
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		if err != nil {
			return fmt.Errorf("contract: GET %s: %w", ep.Path, err)
		}
		if err := ep.Verify(res.StatusCode, res.Header.Get("Content-Type"), body); err != nil {
			return err
		}
	}
	return nil
}

// CheckPipelined writes n requests in one write on one connection, cycling
// through eps, and verifies that n answers come back complete, correct and
// in order within timeout.
func CheckPipelined(ctx context.Context, addr string, eps []Endpoint, n int, timeout time.Duration) error {
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	var batch bytes.Buffer
	for i := range n {
		fmt.Fprintf(&batch, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", eps[i%len(eps)].Path, addr)
	}
	if _, err := c.Write(batch.Bytes()); err != nil {
		return fmt.Errorf("contract: writing %d pipelined requests: %w", n, err)
	}
	br := bufio.NewReader(c)
	for i := range n {
		ep := eps[i%len(eps)]
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			return fmt.Errorf("%w: pipelined answer %d of %d (GET %s): %v", ErrWrongAnswer, i+1, n, ep.Path, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return fmt.Errorf("%w: pipelined answer %d of %d (GET %s): %v", ErrWrongAnswer, i+1, n, ep.Path, err)
		}
		if err := ep.Verify(res.StatusCode, res.Header.Get("Content-Type"), body); err != nil {
			return fmt.Errorf("pipelined answer %d of %d: %w", i+1, n, err)
		}
	}
	return nil
}
