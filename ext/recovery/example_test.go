package recovery_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/recovery"
)

func Example() {
	buggy := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		panic("inventory count went negative")
	})
	// Log the panic without its stack, so that the output is stable.
	out := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	rec := recovery.New(
		recovery.Logger(out),
		recovery.Stack(false),
		recovery.Responder(func(*iron.Request, error) *iron.Response {
			return iron.With(http.StatusInternalServerError, iron.JSON, `{"error":"internal"}`)
		}),
	)
	c := chain.New(buggy).LinkAround(rec)

	_, err := c.Handle(iron.NewRequest("GET", "/count", nil))
	res := iron.ErrorResponse(err)
	body, _ := res.Body().Text()
	fmt.Println(res.Status, body)
	// Output:
	// level=ERROR msg="recovery: panic serving request" method=GET path=/count panic="inventory count went negative"
	// 500 {"error":"internal"}
}
