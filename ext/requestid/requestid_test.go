package requestid_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/requestid"
)

// echoID answers with the identifier the middleware stored.
func echoID(req *iron.Request) (*iron.Response, error) {
	id, ok := requestid.Get(req)
	if !ok {
		return iron.With(http.StatusOK, "<none>"), nil
	}
	return iron.With(http.StatusOK, id), nil
}

func mustNew(t *testing.T, opts ...requestid.Option) *requestid.RequestID {
	t.Helper()
	r := requestid.New(opts...)
	return r
}

func bodyOf(t *testing.T, res *iron.Response) string {
	t.Helper()
	var b strings.Builder
	_, err := res.Body().WriteTo(&b)
	require.NoError(t, err)
	return b.String()
}

// trustAll trusts every request, as a service whose every client is trusted
// would.
func trustAll(*iron.Request) bool { return true }

func TestIncomingIdentifier(t *testing.T) {
	fixed := func() string { return "generated" }
	trusted := requestid.Trust(trustAll)
	for _, tc := range []struct {
		name string
		sent []string // X-Request-ID values sent; nil sends none
		opts []requestid.Option
		want string
	}{
		{name: "none sent", want: "generated"},
		{name: "not believed by default", sent: []string{"abc-123"}, want: "generated"},
		{name: "not believed when Trust says no", sent: []string{"abc-123"},
			opts: []requestid.Option{requestid.Trust(func(*iron.Request) bool { return false })}, want: "generated"},
		{name: "none sent, trusted", opts: []requestid.Option{trusted}, want: "generated"},
		{name: "valid kept", sent: []string{"abc-123_x.y:z+/=@"}, opts: []requestid.Option{trusted}, want: "abc-123_x.y:z+/=@"},
		{name: "first of two", sent: []string{"first", "second"}, opts: []requestid.Option{trusted}, want: "first"},
		{name: "empty replaced", sent: []string{""}, opts: []requestid.Option{trusted}, want: "generated"},
		{name: "space replaced", sent: []string{"a b"}, opts: []requestid.Option{trusted}, want: "generated"},
		{name: "quote replaced", sent: []string{`a"b`}, opts: []requestid.Option{trusted}, want: "generated"},
		{name: "newline replaced", sent: []string{"a\nlevel=ERROR"}, opts: []requestid.Option{trusted}, want: "generated"},
		{name: "non-ascii replaced", sent: []string{"idé"}, opts: []requestid.Option{trusted}, want: "generated"},
		{name: "at the cap kept", sent: []string{strings.Repeat("a", 128)}, opts: []requestid.Option{trusted}, want: strings.Repeat("a", 128)},
		{name: "over the cap replaced", sent: []string{strings.Repeat("a", 129)}, opts: []requestid.Option{trusted}, want: "generated"},
		{name: "custom cap", sent: []string{"abcdef"}, opts: []requestid.Option{trusted, requestid.MaxLength(5)}, want: "generated"},
		{name: "custom header", sent: []string{"abc"}, opts: []requestid.Option{trusted, requestid.Header("X-Correlation-ID")}, want: "generated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]requestid.Option{requestid.Generator(fixed)}, tc.opts...)
			c := chain.New(iron.HandlerFunc(echoID)).Link(mustNew(t, opts...))
			req := iron.NewRequest("GET", "/", nil)
			for _, v := range tc.sent {
				req.Header().Add("X-Request-ID", v)
			}
			res, err := c.Handle(req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, bodyOf(t, res))
			echoed := res.Header.Get("X-Request-ID")
			if hdr := res.Header.Get("X-Correlation-ID"); hdr != "" {
				echoed = hdr
			}
			assert.Equal(t, tc.want, echoed, "echoed on the response")
		})
	}
}

// TestTrustRunsOnlyForAnAcceptableIdentifier: the predicate is not asked
// about requests that bring no identifier worth keeping.
func TestTrustRunsOnlyForAnAcceptableIdentifier(t *testing.T) {
	asked := 0
	rid := mustNew(t, requestid.Trust(func(*iron.Request) bool { asked++; return true }))
	c := chain.New(iron.HandlerFunc(echoID)).Link(rid)
	for _, sent := range []string{"", "a b", "ok-1"} {
		req := iron.NewRequest("GET", "/", nil)
		if sent != "" {
			req.Header().Set("X-Request-ID", sent)
		}
		_, err := c.Handle(req)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, asked)
}

func TestCustomHeaderReadAndEchoed(t *testing.T) {
	c := chain.New(iron.HandlerFunc(echoID)).Link(mustNew(t, requestid.Header("x-correlation-id"), requestid.Trust(trustAll)))
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("X-Correlation-ID", "corr-1")
	res, err := c.Handle(req)
	require.NoError(t, err)
	assert.Equal(t, "corr-1", bodyOf(t, res))
	assert.Equal(t, "corr-1", res.Header.Get("X-Correlation-ID"))
	assert.Empty(t, res.Header.Get("X-Request-ID"))
}

func TestGeneratedIdentifiersAreUniqueAndValid(t *testing.T) {
	c := chain.New(iron.HandlerFunc(echoID)).Link(mustNew(t))
	seen := map[string]bool{}
	for range 100 {
		res, err := c.Handle(iron.NewRequest("GET", "/", nil))
		require.NoError(t, err)
		id := bodyOf(t, res)
		assert.Len(t, id, 26)
		assert.Regexp(t, `^[A-Z2-7]+$`, id)
		assert.False(t, seen[id], "identifier %q repeated", id)
		seen[id] = true
	}
}

func TestErrorPathsKeepTheIdentifier(t *testing.T) {
	sentinel := errors.New("boom")
	failBefore := iron.BeforeFunc(func(*iron.Request) error {
		return iron.NewError(sentinel, http.StatusForbidden, "no")
	})
	failHandler := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return nil, iron.NewError(sentinel, http.StatusTeapot, "teapot")
	})
	for _, tc := range []struct {
		name       string
		build      func(rid *requestid.RequestID) *chain.Chain
		wantStatus int
	}{
		{
			name:       "handler error",
			build:      func(rid *requestid.RequestID) *chain.Chain { return chain.New(failHandler).Link(rid) },
			wantStatus: http.StatusTeapot,
		},
		{
			// The failing before runs first: only CatchBefore can store the
			// identifier.
			name: "earlier before failed",
			build: func(rid *requestid.RequestID) *chain.Chain {
				return chain.New(iron.HandlerFunc(echoID)).LinkBefore(failBefore).Link(rid)
			},
			wantStatus: http.StatusForbidden,
		},
		{
			name: "bare error",
			build: func(rid *requestid.RequestID) *chain.Chain {
				return chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, sentinel })).Link(rid)
			},
			wantStatus: http.StatusInternalServerError,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rid := mustNew(t, requestid.Generator(func() string { return "gen-1" }))
			req := iron.NewRequest("GET", "/", nil)
			_, err := tc.build(rid).Handle(req)
			require.Error(t, err)
			assert.ErrorIs(t, err, sentinel, "the original error is still found")
			res := iron.ErrorResponse(err)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, "gen-1", res.Header.Get("X-Request-ID"))
			id, ok := requestid.Get(req)
			assert.True(t, ok)
			assert.Equal(t, "gen-1", id)
		})
	}
}

func TestSharedResponseIsNotChanged(t *testing.T) {
	shared := iron.With(http.StatusOK, "same for all", http.Header{"X-Kept": {"1"}})
	tag := iron.NewKey[string]("test.tag")
	iron.Set(shared, tag, "handler's")
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return shared, nil }))
	c.Link(mustNew(t))
	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.NotEmpty(t, res.Header.Get("X-Request-ID"))
	assert.Equal(t, "1", res.Header.Get("X-Kept"))
	assert.Empty(t, shared.Header.Get("X-Request-ID"), "the handler's response is untouched")
	// A later middleware tagging the copy must not tag the shared response.
	iron.Set(res, tag, "later middleware's")
	got, _ := iron.Get(shared, tag)
	assert.Equal(t, "handler's", got, "the shared response's extensions are untouched")
	assert.Equal(t, "same for all", bodyOf(t, res))
}

func TestNilResponseBecomesA404WithTheHeader(t *testing.T) {
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil }))
	c.Link(mustNew(t, requestid.Generator(func() string { return "gen-404" })))
	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	require.NotNil(t, res)
	assert.Equal(t, http.StatusNotFound, res.StatusCode())
	assert.True(t, res.Body().IsZero(), "empty, as servers send a nil response")
	assert.Equal(t, "gen-404", res.Header.Get("X-Request-ID"))
}

func TestKeepsAnEarlierIdentifier(t *testing.T) {
	// A request that passes through two chains, each with a RequestID,
	// keeps the identifier the outer one stored.
	n := 0
	gen := requestid.Generator(func() string { n++; return strings.Repeat("x", n) })
	inner := chain.New(iron.HandlerFunc(echoID)).Link(mustNew(t, gen))
	outer := chain.New(inner).Link(mustNew(t, gen))
	res, err := outer.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Equal(t, "x", bodyOf(t, res))
	assert.Equal(t, "x", res.Header.Get("X-Request-ID"))
}

func TestInvalidOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  requestid.Option
		want string
	}{
		{"empty header", requestid.Header(""), `requestid: Header(""): not a valid header name`},
		{"bad header", requestid.Header("X Request"), `requestid: Header("X Request"): not a valid header name`},
		{"zero length", requestid.MaxLength(0), "requestid: MaxLength(0): must be at least 1"},
		{"nil generator", requestid.Generator(nil), "requestid: Generator(nil): a function is required"},
		{"nil trust", requestid.Trust(nil), "requestid: Trust(nil): a function is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithError(t, tc.want, func() { requestid.New(tc.opt) })
		})
	}
}

// With realip: an identifier is kept from requests that came through a
// trusted proxy only, and only when realip ran first.
func TestTrustRequestsThroughTrustedProxies(t *testing.T) {
	rip := realip.New(realip.TrustedProxies("10.0.0.0/8"))
	rid := requestid.New(requestid.Trust(realip.FromTrustedProxy), requestid.Generator(func() string { return "generated" }))
	for _, tc := range []struct {
		name  string
		chain *chain.Chain
		peer  string
		want  string
	}{
		{"through the proxy", chain.New(iron.HandlerFunc(echoID)).LinkBefore(rip).Link(rid), "10.0.0.7:4000", "lb-1"},
		{"straight from a client", chain.New(iron.HandlerFunc(echoID)).LinkBefore(rip).Link(rid), "198.51.100.9:4000", "generated"},
		{"realip linked after: nothing is believed", chain.New(iron.HandlerFunc(echoID)).Link(rid).LinkBefore(rip), "10.0.0.7:4000", "generated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.chain.Handle(requestFrom(tc.peer, "lb-1"))
			require.NoError(t, err)
			assert.Equal(t, tc.want, bodyOf(t, res))
			assert.Equal(t, tc.want, res.Header.Get("X-Request-ID"))
		})
	}
}
