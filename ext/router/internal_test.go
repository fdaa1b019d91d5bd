package router

import "github.com/iron-go/iron"

// handlerOK answers 200 with no body.
type handlerOK struct{}

func (handlerOK) Handle(*iron.Request) (*iron.Response, error) { return iron.With(200), nil }
