package iron_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/iron-go/iron"
)

func ExampleWith() {
	res := iron.With(http.StatusCreated, iron.JSON, `{"id":7}`, http.Header{"Location": {"/items/7"}})
	body, _ := res.Body().Text()
	fmt.Println(res.Status, res.ContentType(), res.Header.Get("Location"), body)
	// Output: 201 application/json /items/7 {"id":7}
}

func ExampleNewKey() {
	started := iron.NewKey[time.Time]("started")
	req := iron.NewRequest("GET", "/", nil)

	iron.Set(req, started, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	t, ok := iron.Get(req, started)
	fmt.Println(t.Year(), ok)
	// Output: 2026 true
}

func ExampleNewPlugin() {
	// words splits the query's "q" parameter, once per request however many
	// middleware ask for it.
	words := iron.NewPlugin("words", func(req *iron.Request) ([]string, error) {
		return strings.Fields(req.Query().Get("q")), nil
	})
	req := iron.NewRequest("GET", "/search?q=iron+for+go", nil)
	w, _ := iron.Compute(req, words)
	fmt.Println(len(w), w[0])
	// Output: 3 iron
}

func ExampleErrorf() {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Query().Get("id") == "" {
			return nil, iron.Errorf(http.StatusBadRequest, "missing id")
		}
		return iron.With(http.StatusOK, "found"), nil
	})
	_, err := h.Handle(iron.NewRequest("GET", "/item", nil))
	res := iron.ErrorResponse(err)
	body, _ := res.Body().Text()
	fmt.Println(res.Status, body)
	// Output: 400 missing id
}

func ExampleNewRequest() {
	hello := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello "+req.Query().Get("name")), nil
	})
	res, err := hello.Handle(iron.NewRequest("GET", "/?name=Iron", nil))
	body, _ := res.Body().Text()
	fmt.Println(res.Status, body, err)
	// Output: 200 Hello Iron <nil>
}

// An Iron handler that switches its connection to a line protocol of its
// own: the server writes the 101 head, then hands the connection over.
func ExampleUpgrade() {
	echo := func(ctx context.Context, conn net.Conn, rw *bufio.ReadWriter) {
		defer conn.Close() // the connection is the function's now
		for ctx.Err() == nil {
			line, err := rw.ReadString('\n')
			if err != nil {
				return
			}
			rw.WriteString(strings.ToUpper(line))
			rw.Flush()
		}
	}
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if !strings.EqualFold(req.HeaderValue("Upgrade"), "shout") {
			return iron.With(http.StatusUpgradeRequired, http.Header{"Upgrade": {"shout"}}), nil
		}
		return iron.With(iron.Upgrade("shout", echo)), nil
	})

	req := iron.NewRequest("GET", "/shout", nil)
	req.Header().Set("Upgrade", "shout")
	res, _ := h.Handle(req)
	fn, _ := res.Takeover()
	fmt.Println(res.Status, res.Header.Get("Upgrade"), fn != nil)
	// Output: 101 shout true
}

// A handler that tells the client what to load while it works.
func ExampleInterim() {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_ = iron.Interim(req, http.StatusEarlyHints, http.Header{"Link": {"</app.css>; rel=preload; as=style"}})
		// ... the slow part ...
		return iron.With(http.StatusOK, iron.TextHTML, `<link rel="stylesheet" href="/app.css">`), nil
	})
	res, _ := h.Handle(iron.NewRequest("GET", "/", nil))
	fmt.Println(res.Status)
	// Output: 200
}
