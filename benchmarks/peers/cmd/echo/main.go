// Command echo is the labstack/echo (v4) peer of the comparison: echo.New()
// with no middleware, banner and port message hidden, :id patterns.
//
//	echo -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json
// (c.JSON, per request) and GET /user/:id.
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/labstack/echo/v4"
)

type message struct {
	Message string `json:"message"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.GET("/plaintext", func(c echo.Context) error {
		return c.String(http.StatusOK, "Hello, World!")
	})
	e.GET("/json", func(c echo.Context) error {
		return c.JSON(http.StatusOK, message{Message: "Hello, World!"})
	})
	e.GET("/user/:id", func(c echo.Context) error {
		return c.String(http.StatusOK, c.Param("id"))
	})
	log.Fatal(e.Start(*addr))
}
