package bodyparser

import (
	"fmt"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/persistent"
)

// DefaultMaxBodyBytes is the body limit of a request whose chain links no
// [Settings]: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// Settings are the body parser's settings for the requests of one chain.
// Link the value [New] returns as a before middleware; it is read-only and
// safe for concurrent use.
type Settings struct {
	maxBody int64
	strict  bool
	share   iron.BeforeMiddleware
}

// Option configures [New].
type Option func(*Settings) error

// settingsSlot carries a chain's Settings into its requests: extensions
// configure chains through persistent.Read, as Iron's body parser did.
var settingsSlot = persistent.NewRead[*Settings]("bodyparser.settings")

var defaults = &Settings{maxBody: DefaultMaxBodyBytes}

// New returns the settings made by opts, as a before middleware that
// applies them to the requests of the chain it is linked in (the innermost
// chain wins where chains nest). Nil options are skipped. New panics on an
// option value that cannot work, naming the option and the value.
func New(opts ...Option) *Settings {
	s := &Settings{maxBody: DefaultMaxBodyBytes}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(s); err != nil {
			panic(err)
		}
	}
	s.share = settingsSlot.Share(s)
	return s
}

// MaxBodyBytes sets the body limit, in bytes (default [DefaultMaxBodyBytes]):
// a body longer than n is answered 413, and a body of exactly n bytes is
// read. n must be positive. The server's own limit (engine.MaxBodyBytes,
// httpadapter.MaxBodyBytes) applies as well: the lower one wins.
func MaxBodyBytes(n int64) Option {
	return func(s *Settings) error {
		if n <= 0 {
			return fmt.Errorf("bodyparser: MaxBodyBytes(%d): the limit must be positive", n)
		}
		s.maxBody = n
		return nil
	}
}

// DisallowUnknownFields makes [Struct] answer 422 for a JSON object key
// that names no field of the type it decodes into, at any depth, each
// reported with rule "unknown". By default unknown keys are ignored.
func DisallowUnknownFields() Option {
	return func(s *Settings) error {
		s.strict = true
		return nil
	}
}

// Before gives req these settings.
func (s *Settings) Before(req *iron.Request) error { return s.share.Before(req) }

// settingsOf returns the settings in force for req.
func settingsOf(req *iron.Request) *Settings {
	if s, ok := settingsSlot.Get(req); ok {
		return s
	}
	return defaults
}

// MaxBytes returns the body limit in force for req: the one of the
// [Settings] its chain linked, or [DefaultMaxBodyBytes].
func MaxBytes(req *iron.Request) int64 { return settingsOf(req).maxBody }
