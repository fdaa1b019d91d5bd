package metrics_test

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/metrics"
	"github.com/iron-go/iron/ext/router"
)

func Example() {
	m := metrics.New()
	r := router.New()
	r.Get("/users/:id", iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "user "+router.Param(req, "id")), nil
	}))
	r.Route(http.MethodGet, "/metrics", m.Handler())
	h := m.Around(chain.New(r)) // serve h: engine.New(h), then m.CollectStats(e)

	for _, path := range []string{"/users/1", "/users/2", "/no/such/page"} {
		_, _ = h.Handle(iron.NewRequest("GET", path, nil))
	}

	res, _ := h.Handle(iron.NewRequest("GET", "/metrics", nil))
	body, _ := res.Body().Bytes()
	lines := bufio.NewScanner(strings.NewReader(string(body)))
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "http_server_requests_total") {
			fmt.Println(lines.Text())
		}
	}
	// Output:
	// http_server_requests_total{method="GET",route="/users/:id",status_class="2xx"} 2
	// http_server_requests_total{method="GET",route="unmatched",status_class="4xx"} 1
}
