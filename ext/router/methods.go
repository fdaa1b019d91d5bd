package router

import (
	"net/http"
	"slices"
	"strings"

	"github.com/iron-go/iron/internal/httpheader"
)

// Standard methods have a slot in every endpoint; others (WebDAV's PROPFIND,
// say) live in a map, found by name.
const (
	mGet = iota
	mHead
	mPost
	mPut
	mPatch
	mDelete
	mConnect
	mOptions
	mTrace
	nStandard
	mOther = nStandard // a method with no slot of its own
)

// standardMethods lists the slots in the order Allow headers name them.
var standardMethods = [nStandard]string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace,
}

// methodIndex returns the slot of a method, or mOther.
func methodIndex(method string) int {
	switch method {
	case http.MethodGet:
		return mGet
	case http.MethodHead:
		return mHead
	case http.MethodPost:
		return mPost
	case http.MethodPut:
		return mPut
	case http.MethodPatch:
		return mPatch
	case http.MethodDelete:
		return mDelete
	case http.MethodConnect:
		return mConnect
	case http.MethodOptions:
		return mOptions
	case http.MethodTrace:
		return mTrace
	}
	return mOther
}

// validMethod reports whether m is a method token (RFC 9110 section 9.1).
func validMethod(m string) bool { return httpheader.IsToken(m) }

// methodSet gathers the methods some routes answer, for an Allow header.
// It is only built on the way to a 405 or an automatic OPTIONS answer.
type methodSet struct {
	standard uint16
	other    []string
	any      bool // a route for every method matched
}

func (s *methodSet) addEndpoint(e *endpoint) {
	for i, r := range e.routes {
		if r != nil {
			s.standard |= 1 << i
		}
	}
	for m := range e.other {
		if !slices.Contains(s.other, m) {
			s.other = append(s.other, m)
		}
	}
	if e.any != nil {
		s.any = true
	}
}

func (s *methodSet) empty() bool { return s.standard == 0 && len(s.other) == 0 && !s.any }

// allow returns the Allow header value: the methods in a fixed order, HEAD
// wherever GET is (HEAD is served by the GET route), and OPTIONS always (the
// router answers it).
func (s *methodSet) allow() string {
	set := s.standard | 1<<mOptions
	if set&(1<<mGet) != 0 {
		set |= 1 << mHead
	}
	var names []string
	for i, m := range standardMethods {
		if set&(1<<i) != 0 {
			names = append(names, m)
		}
	}
	other := slices.Clone(s.other)
	slices.Sort(other)
	return strings.Join(append(names, other...), ", ")
}
