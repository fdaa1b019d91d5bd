// Command fiber is the gofiber/fiber (v3) peer of the comparison: fiber.New()
// with no middleware, the startup message off, :id patterns.
//
//	fiber -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json
// (c.JSON, per request) and GET /user/:id.
package main

import (
	"flag"
	"log"

	"github.com/gofiber/fiber/v3"
)

type message struct {
	Message string `json:"message"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	app := fiber.New()
	app.Get("/plaintext", func(c fiber.Ctx) error {
		return c.SendString("Hello, World!")
	})
	app.Get("/json", func(c fiber.Ctx) error {
		return c.JSON(message{Message: "Hello, World!"})
	})
	app.Get("/user/:id", func(c fiber.Ctx) error {
		return c.SendString(c.Params("id"))
	})
	log.Fatal(app.Listen(*addr, fiber.ListenConfig{DisableStartupMessage: true}))
}
