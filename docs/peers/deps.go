// Package peers holds the dependencies of the net/http, chi and gin
// programs that docs/migration.md sets beside Iron's, so that the docs test
// (package docs) can compile them in this module, and chi and gin never
// enter the library's go.mod. It has no code of its own. Fetch its modules
// with:
//
//	cd docs/peers && go mod download
package peers

import (
	_ "github.com/gin-gonic/gin"
	_ "github.com/go-chi/chi/v5"
	_ "github.com/go-chi/chi/v5/middleware"
	_ "github.com/iron-go/iron/chain"
	_ "github.com/iron-go/iron/engine"
	_ "github.com/iron-go/iron/ext/router"
	_ "github.com/iron-go/iron/httpadapter"
)
