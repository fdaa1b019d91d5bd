// Command gin is the gin-gonic/gin peer of the comparison: release mode,
// gin.New() (no logger, no recovery), :id patterns.
//
//	gin -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json
// (c.JSON, per request) and GET /user/:id.
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

type message struct {
	Message string `json:"message"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/plaintext", func(c *gin.Context) {
		c.String(http.StatusOK, "Hello, World!")
	})
	r.GET("/json", func(c *gin.Context) {
		c.JSON(http.StatusOK, message{Message: "Hello, World!"})
	})
	r.GET("/user/:id", func(c *gin.Context) {
		c.String(http.StatusOK, c.Param("id"))
	})
	log.Fatal(r.Run(*addr))
}
