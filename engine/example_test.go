package engine_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

func Example() {
	hello := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello, "+req.Path()[1:]), nil
	})
	e := engine.New(hello, engine.Workers(8))

	l, err := net.Listen("tcp", "127.0.0.1:0") // e.ListenAndServe(":3000") in a program
	if err != nil {
		panic(err)
	}
	go e.Serve(l)

	res, err := http.Get("http://" + l.Addr().String() + "/Iron")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Println(res.Status, string(body))

	http.DefaultClient.CloseIdleConnections()
	fmt.Println(e.Shutdown(context.Background()))
	// Output:
	// 200 OK Hello, Iron
	// <nil>
}
