package persistent_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/persistent"
)

// Slots are declared once, at package level, where handlers in any package
// can reach them.
var (
	siteName = persistent.NewRead[string]("site.name")
	hits     = persistent.NewWrite[int]("hits")
	visitors = persistent.NewState[map[string]bool]("visitors")
)

func counter(req *iron.Request) (*iron.Response, error) {
	name, _ := siteName.Get(req)
	var n int
	if err := hits.Update(req, func(h *int) { *h++; n = *h }); err != nil {
		return nil, err
	}
	who := req.Query().Get("who")
	seen := false
	if err := visitors.View(req, func(v map[string]bool) { seen = v[who] }); err != nil {
		return nil, err
	}
	if !seen {
		// Checked again under the write lock: another request may have
		// added who since View.
		_ = visitors.Update(req, func(v *map[string]bool) { (*v)[who] = true })
	}
	return iron.With(http.StatusOK, fmt.Sprintf("%s: hit %d, %s seen before: %v", name, n, who, seen)), nil
}

func Example() {
	count := persistent.NewLocked(0)
	c := chain.New(iron.HandlerFunc(counter))
	c.LinkBefore(
		siteName.Share("Iron"),
		hits.Share(count),
		visitors.Share(persistent.NewRWLocked(map[string]bool{})),
	)

	quiet := slog.New(slog.DiscardHandler)
	for _, who := range []string{"ann", "bob", "ann"} {
		var slot iron.Slot
		slot.Reset(&iron.Incoming{Method: "GET", Target: "/?who=" + who, Proto: "HTTP/1.1", Host: "example.com"})
		res := slot.Respond(c, quiet)
		var body strings.Builder
		_, _ = res.Body().WriteTo(&body)
		fmt.Println(body.String())
	}
	// Code outside any request shares the same lock.
	fmt.Println("total:", count.Load())
	// Output:
	// Iron: hit 1, ann seen before: false
	// Iron: hit 2, bob seen before: false
	// Iron: hit 3, ann seen before: true
	// total: 3
}

// A slot whose middleware is not linked into the chain gives nothing: Get
// reports false, Update and View an error that answers 500.
func ExampleWrite_Update_notLinked() {
	req := iron.NewRequest("GET", "/", nil)
	err := hits.Update(req, func(*int) {})
	fmt.Println(err)
	res := iron.ErrorResponse(err)
	body, _ := io.ReadAll(readerOf(res))
	fmt.Println(res.StatusCode(), string(body))
	// Output:
	// persistent: no value linked into the chain for this slot: iron.Key[*persistent.Locked[int]]("hits")
	// 500 Internal Server Error
}

func readerOf(res *iron.Response) io.Reader {
	var b strings.Builder
	_, _ = res.Body().WriteTo(&b)
	return strings.NewReader(b.String())
}
