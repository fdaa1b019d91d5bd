package timeout_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/timeout"
)

func Example() {
	// report stands for a handler that waits on a slow database with the
	// request's context, as handlers should.
	report := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		select {
		case <-time.After(time.Second):
			return iron.With(http.StatusOK, "report"), nil
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	})
	c := chain.New(report).LinkAround(timeout.New(10*time.Millisecond, timeout.Status(http.StatusGatewayTimeout)))

	_, err := c.Handle(iron.NewRequest("GET", "/report", nil))
	fmt.Println(iron.ErrorResponse(err).Status)
	fmt.Println(errors.Is(err, timeout.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
	// Output:
	// 504
	// true true
}
