package httpheader_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/internal/httpheader"
)

// elements lists every element of list, empty ones included.
func elements(list string) []string {
	out := []string{}
	for rest := list; rest != ""; {
		var e string
		e, rest = httpheader.NextElement(rest)
		out = append(out, e)
	}
	return out
}

func TestNextElement(t *testing.T) {
	for _, tc := range []struct {
		name, list string
		want       []string
	}{
		{"empty", "", []string{}},
		{"one", "gzip", []string{"gzip"}},
		{"OWS around elements", " a ,\tb\t, c", []string{"a", "b", "c"}},
		{"empty elements", "a, , ,b", []string{"a", "", "", "b"}},
		{"only commas", ",,", []string{"", ""}},
		{"trailing comma", "a,", []string{"a"}},
		{"comma in a quoted-string", `private="a, b", no-cache`, []string{`private="a, b"`, "no-cache"}},
		{"escaped quote", `x="a\", b", y`, []string{`x="a\", b"`, "y"}},
		{"escaped backslash ends quote", `x="a\\", y`, []string{`x="a\\"`, "y"}},
		{"open quote runs to the end", `x="a, b`, []string{`x="a, b`}},
		{"spaces inside kept", "a b , c", []string{"a b", "c"}},
		{"other whitespace is not OWS", "\va\v", []string{"\va\v"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, elements(tc.list))
		})
	}
}

func TestNextElementBytes(t *testing.T) {
	elem, rest := httpheader.NextElement([]byte(" keep-alive , close"))
	assert.Equal(t, "keep-alive", string(elem))
	assert.Equal(t, " close", string(rest))
}

func TestHasToken(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		token  string
		want   bool
	}{
		{"alone", []string{"close"}, "close", true},
		{"any case", []string{"Keep-Alive, CLOSE"}, "close", true},
		{"second line", []string{"keep-alive", "upgrade, close"}, "close", true},
		{"OWS and empty elements", []string{" , \tclose\t ,"}, "close", true},
		{"prefix is not the token", []string{"closed"}, "close", false},
		{"suffix is not the token", []string{"unclose"}, "close", false},
		{"with parameters is not the bare token", []string{"gzip;q=1"}, "gzip", false},
		{"inside a quoted-string", []string{`x="close, y"`}, "close", false},
		{"star is only itself", []string{"*"}, "Origin", false},
		{"star found", []string{"Origin, *"}, "*", true},
		{"no values", nil, "close", false},
		{"empty token", []string{"a, , b"}, "", false},
		{"no Unicode folding", []string{"\u212a"}, "k", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, httpheader.HasToken(tc.values, tc.token))
		})
	}
}

func TestHasDirective(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		dir    string
		want   bool
	}{
		{"bare", []string{"public, no-transform"}, "no-transform", true},
		{"any case", []string{"No-Transform"}, "no-transform", true},
		{"with an argument", []string{"max-age=60"}, "max-age", true},
		{"space before =", []string{"max-age =60"}, "max-age", true},
		{"argument is not the name", []string{"private=no-transform"}, "no-transform", false},
		{"quoted list is one argument", []string{`private="no-transform, x"`}, "no-transform", false},
		{"prefix", []string{"no-transformation"}, "no-transform", false},
		{"second line", []string{"public", "no-transform"}, "no-transform", true},
		{"empty name", []string{"=x"}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, httpheader.HasDirective(tc.values, tc.dir))
		})
	}
}

func TestAddVary(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before []string
		add    []string
		want   []string
	}{
		{"to none", nil, []string{"Origin"}, []string{"Origin"}},
		{"several on one line", nil, []string{"Origin", "Access-Control-Request-Method"}, []string{"Origin, Access-Control-Request-Method"}},
		{"already there, other case", []string{"accept-encoding"}, []string{"Accept-Encoding"}, []string{"accept-encoding"}},
		{"only the missing", []string{"Origin"}, []string{"Origin", "Accept-Encoding"}, []string{"Origin", "Accept-Encoding"}},
		{"star varies on everything", []string{"*"}, []string{"Origin"}, []string{"*"}},
		{"star in a list", []string{"Cookie, *"}, []string{"Origin"}, []string{"Cookie, *"}},
		{"a name given twice", nil, []string{"Origin", "origin"}, []string{"Origin"}},
		{"nothing to add", []string{"Origin"}, nil, []string{"Origin"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.before != nil {
				h["Vary"] = append([]string(nil), tc.before...)
			}
			httpheader.AddVary(h, tc.add...)
			assert.Equal(t, tc.want, h.Values("Vary"))
		})
	}
}

func TestAddVaryAllocatesNothingWhenPresent(t *testing.T) {
	h := http.Header{"Vary": {"Origin, Accept-Encoding"}}
	allocs := testing.AllocsPerRun(100, func() { httpheader.AddVary(h, "accept-encoding") })
	assert.Zero(t, allocs)
}

func TestHasTokenAllocatesNothing(t *testing.T) {
	values := []string{`keep-alive, x="a,b"`, "Upgrade , close"}
	allocs := testing.AllocsPerRun(100, func() { httpheader.HasToken(values, "close") })
	assert.Zero(t, allocs)
}
