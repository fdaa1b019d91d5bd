package engine_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

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

// Drain keeps serving through its period, each answer telling the client to
// close, then stops; Serve then returns ErrServerClosed.
func ExampleEngine_Drain() {
	hello := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello"), nil
	})
	e := engine.New(hello, engine.DrainPeriod(time.Second))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	url := "http://" + l.Addr().String() + "/"
	client := &http.Client{}
	defer client.CloseIdleConnections()
	res, err := client.Get(url) // now serving
	if err != nil {
		panic(err)
	}
	res.Body.Close()

	drained := make(chan error, 1)
	go func() { drained <- e.Drain(context.Background()) }() // on SIGTERM, say
	for !e.Draining() {
		time.Sleep(time.Millisecond)
	}
	res, err = client.Get(url) // still served, during the drain period
	if err != nil {
		panic(err)
	}
	res.Body.Close()
	fmt.Println(res.Status, "close:", res.Close)
	fmt.Println(<-drained)
	fmt.Println(<-served)
	// Output:
	// 200 OK close: true
	// <nil>
	// engine: server closed
}
