package iron_test

import (
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

var note = iron.NewKey[string]("owned.note")

// shared returns a response as a handler would keep one at package level,
// and a deep copy of what it holds, to check that it never changes.
func shared() (*iron.Response, *iron.Response) {
	res := iron.With(http.StatusOK, iron.TextHTML, "page",
		http.Header{"Vary": {"Cookie"}, "X-Multi": {"1", "2"}, "Cache-Control": {"no-cache"}})
	iron.Set(res, note, "kept")
	return res, res.Clone()
}

func assertUnchanged(t *testing.T, want, got *iron.Response) {
	t.Helper()
	assert.Equal(t, want.Status, got.Status)
	assert.Equal(t, want.Header, got.Header)
	assert.Equal(t, want.ContentType(), got.ContentType())
	v, _ := iron.Get(got, note)
	assert.Equal(t, "kept", v)
}

// Whatever middleware does to the request's copy, the response it was copied
// from does not see it.
func TestOwnNeverChangesTheOriginal(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(res *iron.Response)
	}{
		{"SetHeader", func(res *iron.Response) { res.SetHeader("Vary", "Origin") }},
		{"AddHeader", func(res *iron.Response) { res.AddHeader("Vary", "Origin") }},
		{"Header.Set", func(res *iron.Response) { res.Header.Set("Cache-Control", "max-age=60") }},
		{"Header.Add", func(res *iron.Response) { res.Header.Add("X-Multi", "3") }},
		{"Header.Del", func(res *iron.Response) { res.Header.Del("Vary") }},
		{"append to a value slice", func(res *iron.Response) {
			res.Header["X-Multi"] = append(res.Header["X-Multi"], "3")
			res.Header["Vary"] = append(res.Header["Vary"], "Origin", "Accept")
		}},
		{"assign a value in place", func(res *iron.Response) { res.Header["X-Multi"][0] = "changed" }},
		{"status and body", func(res *iron.Response) { res.Status = 201; res.SetBody(iron.StringBody("other")) }},
		{"content type", func(res *iron.Response) { iron.ContentType("text/plain").Modify(res) }},
		{"extension", func(res *iron.Response) { iron.Set(res, note, "changed") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, want := shared()
			req := iron.NewRequest("GET", "/", nil)
			own := iron.Own(req, res)
			require.NotSame(t, res, own)
			assertUnchanged(t, res, own) // the copy holds what the original does
			tc.change(own)
			assertUnchanged(t, want, res)
			assert.Equal(t, "page", bodyOf(t, res))
		})
	}
}

func TestOwnReturnsTheRequestsOwnAsIs(t *testing.T) {
	req := iron.NewRequest("GET", "/", nil)
	res, _ := shared()
	own := iron.Own(req, res)
	own.SetHeader("X-Seen", "1")
	assert.Same(t, own, iron.Own(req, own))
	assert.Equal(t, "1", own.Header.Get("X-Seen"), "owning it again copies nothing")

	empty := iron.Own(req, nil)
	assert.Same(t, own, empty, "one storage per request")
	assert.Equal(t, http.StatusNotFound, empty.StatusCode())
	assert.Zero(t, empty.Status)
	assert.True(t, empty.Body().IsZero())
	require.NotNil(t, empty.Header, "middleware may call Header.Set on it")
	assert.Empty(t, empty.Header)
	_, ok := iron.Get(empty, note)
	assert.False(t, ok)
}

// A middleware may return a shallow copy of the response it was handed, or
// a new response around its header map: the next copy still has the content.
func TestOwnFromResponsesSharingTheOwnedStorage(t *testing.T) {
	req := iron.NewRequest("GET", "/", nil)
	res, _ := shared()
	own := iron.Own(req, res)

	shallow := *own
	shallow.Status = http.StatusAccepted
	shallow.SetHeader("X-Shallow", "yes")
	iron.Set(&shallow, note, "shallow")
	next := iron.Own(req, &shallow)
	assert.Same(t, own, next)
	assert.Equal(t, http.StatusAccepted, next.Status)
	assert.Equal(t, "yes", next.Header.Get("X-Shallow"))
	assert.Equal(t, []string{"1", "2"}, next.Header["X-Multi"])
	v, _ := iron.Get(next, note)
	assert.Equal(t, "shallow", v)

	around := &iron.Response{Status: http.StatusCreated, Header: next.Header}
	around.Header.Set("X-Around", "yes")
	next = iron.Own(req, around)
	assert.Equal(t, http.StatusCreated, next.Status)
	assert.Equal(t, "yes", next.Header.Get("X-Around"))
	assert.Equal(t, "yes", next.Header.Get("X-Shallow"))
	assert.Equal(t, "Cookie", next.Header.Get("Vary"))
	_, ok := iron.Get(next, note)
	assert.False(t, ok, "a new response's extensions are its own: none")
}

// A header map that middleware put on the request's response is its own:
// the storage never clears it, so a shared one survives the next request.
func TestOwnNeverClearsAForeignHeaderMap(t *testing.T) {
	defaults := http.Header{"X-Frame-Options": {"DENY"}}
	var slot iron.Slot
	slot.Reset(get)
	req := slot.Request()
	own := iron.Own(req, iron.With(200))
	own.Header = defaults
	iron.Own(req, iron.With(204))
	slot.Reset(get)
	iron.Own(req, iron.With(200))
	assert.Equal(t, http.Header{"X-Frame-Options": {"DENY"}}, defaults)
}

// Trailers travel with the body: a streaming body that fills the Trailer map
// of the response it was built with fills the copy's too.
func TestOwnKeepsTheTrailerOfTheBody(t *testing.T) {
	res := &iron.Response{Status: 200, Trailer: http.Header{}}
	res.SetBody(iron.StreamBody(func(w io.Writer) error {
		_, err := io.WriteString(w, "data")
		res.Trailer.Set("X-Checksum", "abc")
		return err
	}))
	own := iron.Own(iron.NewRequest("GET", "/", nil), res)
	own.SetHeader("X-After", "1")
	_, err := own.Body().WriteTo(io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "abc", own.Trailer.Get("X-Checksum"), "what a server reads after the body")
}

// Copying a response and setting headers on the copy allocate nothing once
// the request's storage has served a response of that size.
func TestOwnAllocatesNothingInSteadyState(t *testing.T) {
	res, _ := shared()
	var slot iron.Slot
	req := slot.Request()
	serve := func() {
		slot.Reset(get)
		own := iron.Own(req, res)
		own.SetHeader("X-Frame-Options", "DENY")
		own.AddHeader("Vary", "Origin")
		own.Header.Add("X-Multi", "3")
		own.Header.Del("Cache-Control")
		iron.Set(own, note, "copy")
		own = iron.Own(req, iron.Own(req, nil))
		own.SetHeader("Content-Encoding", "gzip")
	}
	serve()
	assert.Zero(t, testing.AllocsPerRun(100, serve))
}

// Once the server resets the slot, the request's response holds nothing of
// the previous request.
func TestSlotResetForgetsTheOwnedResponse(t *testing.T) {
	var slot iron.Slot
	slot.Reset(get)
	req := slot.Request()
	res, _ := shared()
	own := iron.Own(req, res)
	own.SetHeader("X-Old", "1")
	slot.Reset(get)
	assert.Zero(t, own.Status)
	assert.Empty(t, own.Header)
	assert.True(t, own.Body().IsZero())
	_, ok := iron.Get(own, note)
	assert.False(t, ok)
}

// Many requests at once copy one shared response and change their copies;
// run with -race.
func TestOwnConcurrentCopiesOfASharedResponse(t *testing.T) {
	res, want := shared()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var slot iron.Slot
			req := slot.Request()
			for i := range 200 {
				slot.Reset(get)
				own := iron.Own(req, res)
				id := strconv.Itoa(g*1000 + i)
				own.SetHeader("X-Request-Id", id)
				own.Header.Set("Cache-Control", "private")
				own.Header.Add("Vary", "Origin")
				own.Header["X-Multi"][0] = id
				iron.Set(own, note, id)
				if own.Header.Get("X-Request-Id") != id || own.Header.Get("X-Multi") != id {
					t.Errorf("request %s saw another request's header", id)
					return
				}
			}
		})
	}
	wg.Wait()
	assertUnchanged(t, want, res)
}
