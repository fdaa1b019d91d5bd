package bodyparser_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

type address struct {
	Street string `json:"street"`
	City   string `json:"city" bind:"required,nonempty"`
}

type lineItem struct {
	Name string `json:"name" bind:"required"`
	Qty  int    `json:"qty" bind:"min=1,max=99"`
}

type order struct {
	Customer string              `json:"customer" bind:"required,min=2,max=5"`
	Count    int                 `json:"count" bind:"required"`
	Paid     bool                `json:"paid" bind:"required"`
	Note     string              `json:"note" bind:"required"`
	Rate     float64             `json:"rate" bind:"min=0.5,max=2"`
	Size     uint                `json:"size" bind:"oneof=1 2 4"`
	Color    string              `json:"color" bind:"oneof=red green"`
	Level    int8                `json:"level" bind:"oneof=-1 1"`
	Tags     []string            `json:"tags" bind:"nonempty,max=2"`
	Address  *address            `json:"address" bind:"required"`
	Billing  address             `json:"billing"`
	Items    []lineItem          `json:"items"`
	ByName   map[string]*address `json:"by_name"`
	Maybe    *int                `json:"maybe" bind:"min=10"`
	Fixed    [2]lineItem         `json:"fixed"`
	Ignored  string              `json:"-"`
	When     time.Time           `json:"when"`
}

const validOrder = `"customer": "ann", "count": 0, "paid": false, "note": "", "address": {"city": "Oslo"}`

func TestStructRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want []string // path:rule of each violation; nil: accepted
	}{
		{"zero values given explicitly are given", `{` + validOrder + `}`, nil},
		{"everything missing", `{}`, []string{"customer:required", "count:required", "paid:required", "note:required", "address:required"}},
		{"null is missing", `{"customer": null, "count": null, "paid": null, "note": null, "address": null}`,
			[]string{"customer:required", "count:required", "paid:required", "note:required", "address:required"}},
		{"the top-level null is an empty object", `null`, []string{"customer:required", "count:required", "paid:required", "note:required", "address:required"}},
		{"a nested required field", `{"customer": "ann", "count": 1, "paid": true, "note": "x", "address": {"street": "Main"}}`, []string{"address.city:required"}},
		{"a nested rule", `{` + validOrder + `, "billing": {"city": ""}}`, []string{"billing.city:nonempty"}},
		{"an optional struct left out is not checked", `{` + validOrder + `}`, nil},
		{"items by index", `{` + validOrder + `, "items": [{"name": "a", "qty": 1}, {"qty": 0}, {"name": "c", "qty": 100}]}`,
			[]string{"items[1].name:required", "items[1].qty:min", "items[2].qty:max"}},
		{"fixed arrays by index", `{` + validOrder + `, "fixed": [{"name": "a"}, {}]}`, []string{"fixed[1].name:required"}},
		{"map values by key", `{` + validOrder + `, "by_name": {"home": {"city": "x"}, "work": {}}}`, []string{"by_name.work.city:required"}},
		{"string length counts characters", `{` + strings.Replace(validOrder, `"ann"`, `"ÅÅÅÅÅ"`, 1) + `}`, nil},
		{"string too short", `{` + strings.Replace(validOrder, `"ann"`, `"a"`, 1) + `}`, []string{"customer:min"}},
		{"string too long", `{` + strings.Replace(validOrder, `"ann"`, `"annabel"`, 1) + `}`, []string{"customer:max"}},
		{"float bounds", `{` + validOrder + `, "rate": 0.4}`, []string{"rate:min"}},
		{"float in bounds", `{` + validOrder + `, "rate": 2}`, nil},
		{"oneof, unsigned", `{` + validOrder + `, "size": 3}`, []string{"size:oneof"}},
		{"oneof, string", `{` + validOrder + `, "color": "blue"}`, []string{"color:oneof"}},
		{"oneof, string given", `{` + validOrder + `, "color": "green", "size": 4, "level": -1}`, nil},
		{"oneof, negative", `{` + validOrder + `, "level": 0}`, []string{"level:oneof"}},
		{"oneof of an empty string is checked when given", `{` + validOrder + `, "color": ""}`, []string{"color:oneof"}},
		{"collection length", `{` + validOrder + `, "tags": []}`, []string{"tags:nonempty"}},
		{"collection too long", `{` + validOrder + `, "tags": ["a", "b", "c"]}`, []string{"tags:max"}},
		{"pointer to a number, given", `{` + validOrder + `, "maybe": 9}`, []string{"maybe:min"}},
		{"pointer to a number, null", `{` + validOrder + `, "maybe": null}`, nil},
		{"keys match case-insensitively, as encoding/json does", `{"CUSTOMER": "ann", "Count": 0, "paid": false, "NOTE": "", "Address": {"CITY": "Oslo"}}`, nil},
		{"unknown keys are ignored by default", `{` + validOrder + `, "extra": {"deep": [1]}, "Ignored": "x"}`, nil},
		{"a key given twice", `{` + validOrder + `, "count": 1}`, []string{"count:duplicate"}},
		{"twice, differing in case", `{` + validOrder + `, "Note": "x"}`, []string{"note:duplicate"}},
		{"violations in declaration order, depth first", `{"count": 1, "tags": [], "customer": "a", "address": {}, "items": [{}]}`,
			[]string{"customer:min", "paid:required", "note:required", "tags:nonempty", "address.city:required", "items[0].name:required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bodyparser.Struct[order](jsonRequest("application/json", tc.body))
			if tc.want == nil {
				require.NoError(t, err)
				assert.NotEmpty(t, got.Customer)
				assert.Equal(t, "Oslo", got.Address.City)
				return
			}
			status, body := answer(t, err)
			assert.Equal(t, http.StatusUnprocessableEntity, status)
			assert.ErrorIs(t, err, bodyparser.ErrInvalid)
			assert.Equal(t, tc.want, paths(body))
			for _, f := range body.Fields {
				assert.True(t, strings.HasPrefix(f.Message, f.Path+" "), "the message %q names the path", f.Message)
			}
			ve, ok := errors.AsType[*bodyparser.ValidationError](err)
			require.True(t, ok)
			assert.Len(t, ve.Fields, len(tc.want))
			assert.Zero(t, got, "nothing half-bound is returned")
		})
	}
}

func TestStructMessages(t *testing.T) {
	_, err := bodyparser.Struct[order](jsonRequest("application/json",
		`{"customer": "a", "rate": 3, "size": 3, "tags": ["a", "b", "c"], "address": {"city": ""}, "count": 1, "paid": true, "note": "n"}`))
	_, body := answer(t, err)
	var msgs []string
	for _, f := range body.Fields {
		msgs = append(msgs, f.Message)
	}
	assert.Equal(t, []string{
		"customer must be at least 2 characters long",
		"rate must be at most 2",
		"size must be one of: 1, 2, 4",
		"tags must have at most 2 items",
		"address.city must not be empty",
	}, msgs)
	assert.Equal(t, "invalid request data: "+strings.Join(msgs, "; "), body.Error)
}

func TestStructReportsAtMostFiftyViolations(t *testing.T) {
	items := strings.Repeat(`{},`, 200)
	_, err := bodyparser.Struct[order](jsonRequest("application/json",
		`{`+validOrder+`, "items": [`+strings.TrimSuffix(items, ",")+`]}`))
	_, body := answer(t, err)
	assert.Len(t, body.Fields, 50)
	assert.Equal(t, "items[49].name", body.Fields[49].Path)
}

func TestDisallowUnknownFields(t *testing.T) {
	strict := bodyparser.New(bodyparser.DisallowUnknownFields())
	for _, tc := range []struct {
		name string
		body string
		want []string
	}{
		{"known only", `{` + validOrder + `}`, nil},
		{"unknown at the top", `{` + validOrder + `, "extra": 1}`, []string{"extra:unknown"}},
		{"unknown deep inside", `{` + validOrder + `, "items": [{"name": "a"}, {"name": "b", "colour": "red"}], "billing": {"zip": 1, "city": "x"}}`,
			[]string{"billing.zip:unknown", "items[1].colour:unknown"}},
		{"a json:\"-\" field is unknown", `{` + validOrder + `, "Ignored": "x"}`, []string{"Ignored:unknown"}},
		{"unknown keys before the object's own violations", `{"extra": 1, "customer": "ann", "count": 0, "paid": false, "note": ""}`,
			[]string{"extra:unknown", "address:required"}},
		{"map keys are data, not fields", `{` + validOrder + `, "by_name": {"anything": {"city": "x"}}}`, nil},
		{"keys of an any are data", `{` + validOrder + `, "when": "2024-01-02T03:04:05Z"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := jsonRequest("application/json", tc.body)
			require.NoError(t, strict.Before(req))
			_, err := bodyparser.Struct[order](req)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			status, body := answer(t, err)
			assert.Equal(t, http.StatusUnprocessableEntity, status)
			assert.Equal(t, tc.want, paths(body))
		})
	}

	// A type without a single rule is still checked for unknown keys.
	type plain struct {
		A struct {
			B int `json:"b"`
		} `json:"a"`
	}
	req := jsonRequest("application/json", `{"a": {"b": 1, "c": 2}}`)
	require.NoError(t, strict.Before(req))
	_, err := bodyparser.Struct[plain](req)
	_, body := answer(t, err)
	assert.Equal(t, []string{"a.c:unknown"}, paths(body))
}

type Base struct {
	ID   int    `json:"id" bind:"required"`
	Name string `json:"name"`
}

type Audit struct {
	By string `json:"by" bind:"required"`
}

type withEmbedded struct {
	Base
	*Audit
	Name  string `json:"name" bind:"required"` // shallower: wins over Base.Name
	Title string `bind:"max=3"`                // no json tag: its Go name
}

func TestEmbeddedStructsFollowEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`{"id": 0, "by": "me", "name": "x"}`, nil},
		{`{"by": "me"}`, []string{"id:required", "name:required"}},
		{`{"id": 1, "name": "x"}`, []string{"by:required"}},
		{`{"id": 1, "name": "x", "by": "me", "Title": "long"}`, []string{"Title:max"}},
		{`{"id": 1, "name": "x", "by": "me", "title": "long"}`, []string{"Title:max"}},
	} {
		t.Run(tc.body, func(t *testing.T) {
			v, err := bodyparser.Struct[withEmbedded](jsonRequest("application/json", tc.body))
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, "x", v.Name)
				assert.Empty(t, v.Base.Name, "the shallower field took the key")
				return
			}
			_, body := answer(t, err)
			assert.Equal(t, tc.want, paths(body))
		})
	}
}

type tree struct {
	Label    string `json:"label" bind:"required"`
	Children []tree `json:"children"`
}

func TestRecursiveTypes(t *testing.T) {
	_, err := bodyparser.Struct[tree](jsonRequest("application/json",
		`{"label": "root", "children": [{"label": "a", "children": [{"children": []}]}, {"label": "b"}]}`))
	_, body := answer(t, err)
	assert.Equal(t, []string{"children[0].children[0].label:required"}, paths(body))
}

func TestStructOfSlicesAndPointers(t *testing.T) {
	items, err := bodyparser.Struct[[]lineItem](jsonRequest("application/json", `[{"name": "a"}, {"qty": 1}]`))
	_, body := answer(t, err)
	assert.Equal(t, []string{"[1].name:required"}, paths(body))
	assert.Nil(t, items)

	p, err := bodyparser.Struct[*lineItem](jsonRequest("application/json", `{"name": "a", "qty": 2}`))
	require.NoError(t, err)
	assert.Equal(t, &lineItem{Name: "a", Qty: 2}, p)

	m, err := bodyparser.Struct[map[string]int](jsonRequest("application/json", `{"a": 1}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"a": 1}, m)
}

type window struct {
	From int `json:"from" bind:"required"`
	To   int `json:"to" bind:"required"`
}

func (w *window) Validate() error {
	switch {
	case w.To == 13:
		return errors.New("to must not be unlucky")
	case w.To == 403:
		return iron.Errorf(http.StatusForbidden, "no")
	case w.To < w.From:
		return fmt.Errorf("checking: %w", &bodyparser.ValidationError{Fields: []bodyparser.FieldError{
			{Path: "to", Rule: "after", Message: "to must not be before from"}}})
	}
	return nil
}

func TestValidator(t *testing.T) {
	for _, tc := range []struct {
		body       string
		wantStatus int
		want       []string
	}{
		{`{"from": 1, "to": 2}`, 0, nil},
		{`{"from": 3, "to": 2}`, 422, []string{"to:after"}},
		{`{"from": 3, "to": 13}`, 422, []string{":valid"}},
		{`{"from": 3, "to": 403}`, 403, nil},
		{`{"from": 3}`, 422, []string{"to:required"}}, // tags first: Validate does not run
	} {
		t.Run(tc.body, func(t *testing.T) {
			_, err := bodyparser.Struct[window](jsonRequest("application/json", tc.body))
			if tc.wantStatus == 0 {
				require.NoError(t, err)
				return
			}
			res := iron.ErrorResponse(err)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			if tc.want != nil {
				_, body := answer(t, err)
				assert.Equal(t, tc.want, paths(body))
			}
		})
	}
	_, err := bodyparser.Struct[window](jsonRequest("application/json", `{"from": 3, "to": 13}`))
	_, body := answer(t, err)
	assert.Equal(t, "to must not be unlucky", body.Fields[0].Message)
}

type badRule struct {
	A bool `bind:"min=1"`
}
type unknownRule struct {
	A string `bind:"required,email"`
}
type badNumber struct {
	A int `bind:"max=ten"`
}
type badOneOf struct {
	A float64 `bind:"oneof=1 2"`
}
type ignoredButBound struct {
	A string `json:"-" bind:"required"`
}
type unexportedButBound struct {
	a string `bind:"required"`
}
type twice struct {
	A string `bind:"min=1,min=2"`
}
type emptyOneOf struct {
	A string `bind:"oneof="`
}

func TestBadTagsPanicNamingTypeFieldAndTag(t *testing.T) {
	_ = unexportedButBound{a: ""}
	for _, tc := range []struct {
		fn   func(*iron.Request) error
		want string
	}{
		{func(r *iron.Request) error { _, err := bodyparser.Struct[badRule](r); return err },
			`bodyparser: bodyparser_test.badRule.A: bind:"min=1": min applies to numbers, strings, slices, arrays and maps, not bool`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[unknownRule](r); return err },
			`bodyparser: bodyparser_test.unknownRule.A: bind:"required,email": unknown rule "email" (known: required, nonempty, min, max, oneof)`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[badNumber](r); return err },
			`bodyparser: bodyparser_test.badNumber.A: bind:"max=ten": max=ten: not an integer`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[badOneOf](r); return err },
			`bodyparser: bodyparser_test.badOneOf.A: bind:"oneof=1 2": oneof applies to strings and integers, not float64`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[ignoredButBound](r); return err },
			`bodyparser: bodyparser_test.ignoredButBound.A: bind:"required" on a field encoding/json does not decode`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[unexportedButBound](r); return err },
			`bodyparser: bodyparser_test.unexportedButBound.a: bind:"required" on a field encoding/json does not decode`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[twice](r); return err },
			`bodyparser: bodyparser_test.twice.A: bind:"min=1,min=2": rule "min" given twice`},
		{func(r *iron.Request) error { _, err := bodyparser.Struct[emptyOneOf](r); return err },
			`bodyparser: bodyparser_test.emptyOneOf.A: bind:"oneof=": oneof needs values: oneof=a b c`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			for range 2 { // a type that failed to compile fails every time
				assert.PanicsWithError(t, tc.want, func() { _ = tc.fn(jsonRequest("application/json", `{}`)) })
			}
		})
	}
}

// TestStructChecksTheContentTypeAndLimitFirst: a body that is not JSON or
// is too large is refused before decoding.
func TestStructChecksTheContentTypeAndLimitFirst(t *testing.T) {
	_, err := bodyparser.Struct[order](jsonRequest("text/plain", `{}`))
	status, _ := answer(t, err)
	assert.Equal(t, http.StatusUnsupportedMediaType, status)

	req := jsonRequest("application/json", `{"customer": "ann"}`)
	require.NoError(t, bodyparser.New(bodyparser.MaxBodyBytes(5)).Before(req))
	_, err = bodyparser.Struct[order](req)
	status, body := answer(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.EqualValues(t, 5, body.Limit)
}

// TestStructSharesTheBodyWithJSON: the body is read once; JSON and Struct
// (and Struct twice, into two types) all see it.
func TestStructSharesTheBodyWithJSON(t *testing.T) {
	req := jsonRequest("application/json", `{"name": "a", "qty": 2}`)
	v, err := bodyparser.JSON(req)
	require.NoError(t, err)
	assert.Equal(t, "a", v.(map[string]any)["name"])
	li, err := bodyparser.Struct[lineItem](req)
	require.NoError(t, err)
	assert.Equal(t, 2, li.Qty)
	type nameOnly struct {
		Name string `json:"name" bind:"required"`
	}
	n, err := bodyparser.Struct[nameOnly](req)
	require.NoError(t, err)
	assert.Equal(t, "a", n.Name)
}
