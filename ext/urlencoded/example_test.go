package urlencoded_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/urlencoded"
)

func Example() {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		form, err := urlencoded.Body(req)
		if err != nil {
			return nil, err
		}
		query, err := urlencoded.Query(req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, fmt.Sprintf("name=%q tags=%q page=%q", form.Get("name"), form["tag"], query.Get("page"))), nil
	})
	post := func(target, contentType, body string) {
		req := iron.NewRequest("POST", target, strings.NewReader(body))
		req.Header().Set("Content-Type", contentType)
		res, err := h.Handle(req)
		if err != nil {
			res = iron.ErrorResponse(err) // what a server sends for an error
		}
		var b strings.Builder
		_, _ = res.Body().WriteTo(&b)
		fmt.Println(res.StatusCode(), b.String())
	}
	post("/?page=2", "application/x-www-form-urlencoded", "name=Ann+Lee&tag=a&tag=b%2Fc")
	post("/", "application/x-www-form-urlencoded", "")
	post("/", "application/x-www-form-urlencoded", "name=%zz")
	post("/?a=1;b=2", "application/x-www-form-urlencoded", "name=x")
	post("/", "application/json", `{"name": "x"}`)
	// Output:
	// 200 name="Ann Lee" tags=["a" "b/c"] page="2"
	// 200 name="" tags=[] page=""
	// 400 {"error":"malformed form at byte offset 5: invalid percent-escape in \"name=%zz\"","offset":5}
	// 400 {"error":"malformed query at byte offset 3: ';' does not separate pairs: use '\u0026' in \"a=1;b=2\"","offset":3}
	// 415 {"error":"unsupported Content-Type \"application/json\": expected application/x-www-form-urlencoded","expected":["application/x-www-form-urlencoded"]}
}
