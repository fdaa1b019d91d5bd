package params

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/persistent"
)

// Default limits of a multipart body, for a request whose chain links no
// [Settings].
const (
	// DefaultMaxBodyBytes bounds a whole multipart body: 10 MiB, the
	// servers' own default limit.
	DefaultMaxBodyBytes = 10 << 20
	// DefaultMaxFileBytes bounds one uploaded file: 10 MiB.
	DefaultMaxFileBytes = 10 << 20
	// DefaultMaxFiles bounds how many files one request uploads.
	DefaultMaxFiles = 16
	// DefaultMaxFields bounds how many fields (form pairs, multipart text
	// fields) one body holds.
	DefaultMaxFields = 1000
	// DefaultMaxFieldBytes bounds one multipart text field, which is held
	// in memory: 1 MiB.
	DefaultMaxFieldBytes = 1 << 20
)

// Settings are params' limits for the requests of one chain. Link the value
// [New] returns as a before middleware; it is read-only and safe for
// concurrent use.
type Settings struct {
	maxBody      int64
	maxFile      int64
	maxFiles     int
	maxFields    int
	maxFieldSize int64
	tempDir      string
	logger       *slog.Logger // nil: slog.Default(), read when it logs
	share        iron.BeforeMiddleware
}

// Option configures [New].
type Option func(*Settings) error

// settingsSlot carries a chain's Settings into its requests (see package
// persistent: the per-chain configuration of extensions).
var settingsSlot = persistent.NewRead[*Settings]("params.settings")

var defaults = newSettings()

func newSettings() *Settings {
	return &Settings{
		maxBody: DefaultMaxBodyBytes, maxFile: DefaultMaxFileBytes, maxFiles: DefaultMaxFiles,
		maxFields: DefaultMaxFields, maxFieldSize: DefaultMaxFieldBytes,
	}
}

// New returns the settings made by opts, as a before middleware that
// applies them to the requests of the chain it is linked in (the innermost
// chain wins where chains nest). Nil options are skipped. New panics on an
// option value that cannot work, naming the option and the value.
func New(opts ...Option) *Settings {
	s := newSettings()
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

// Before gives req these settings.
func (s *Settings) Before(req *iron.Request) error { return s.share.Before(req) }

func settingsOf(req *iron.Request) *Settings {
	if s, ok := settingsSlot.Get(req); ok {
		return s
	}
	return defaults
}

func positive[N int | int64](option string, n N, set func()) error {
	if n <= 0 {
		return fmt.Errorf("params: %s(%d): the limit must be positive", option, n)
	}
	set()
	return nil
}

// MaxBodyBytes bounds a whole multipart/form-data body, in bytes (default
// [DefaultMaxBodyBytes]); past it, 413. JSON and form bodies are read
// through bodyparser, under its limit (bodyparser.MaxBodyBytes). The
// server's own limit applies as well: the lower one wins.
func MaxBodyBytes(n int64) Option {
	return func(s *Settings) error { return positive("MaxBodyBytes", n, func() { s.maxBody = n }) }
}

// MaxFileBytes bounds one uploaded file, in bytes (default
// [DefaultMaxFileBytes]); past it, 413 naming the file's field. A file of
// exactly n bytes is taken.
func MaxFileBytes(n int64) Option {
	return func(s *Settings) error { return positive("MaxFileBytes", n, func() { s.maxFile = n }) }
}

// MaxFiles bounds how many files one request uploads (default
// [DefaultMaxFiles]); past it, 413.
func MaxFiles(n int) Option {
	return func(s *Settings) error { return positive("MaxFiles", n, func() { s.maxFiles = n }) }
}

// MaxFields bounds how many fields one body holds: the pairs of a form,
// the text fields of a multipart body (default [DefaultMaxFields]); past
// it, 413. Query parameters are bounded by the server's URI limit instead.
func MaxFields(n int) Option {
	return func(s *Settings) error { return positive("MaxFields", n, func() { s.maxFields = n }) }
}

// MaxFieldBytes bounds one multipart text field, held in memory, in bytes
// (default [DefaultMaxFieldBytes]); past it, 413 naming the field.
func MaxFieldBytes(n int64) Option {
	return func(s *Settings) error { return positive("MaxFieldBytes", n, func() { s.maxFieldSize = n }) }
}

// TempDir sets the directory uploaded files are written to; "" (the
// default) means [os.TempDir], read when a file arrives. A name with a NUL
// byte panics in [New].
//
// The option records the name and New looks at nothing on disk, as no
// option does I/O: the directory is used when an upload arrives, and a
// directory missing then (never made, or removed since by a cleaner of
// temporary files) fails that request with a 500, whose body says nothing
// of it, and an error logged with the directory's name ([Logger]). A
// program that takes the directory from its configuration checks it at
// start-up, with an error for its user, before it makes the option.
func TempDir(dir string) Option {
	return func(s *Settings) error {
		if strings.IndexByte(dir, 0) >= 0 {
			return fmt.Errorf("params: TempDir(%q): NUL byte in the name", dir)
		}
		s.tempDir = dir
		return nil
	}
}

// Logger sets where params logs what goes wrong on the server's side while
// it reads a request (an upload that cannot be saved: a missing temporary
// directory, a full disk); unset, [slog.Default]. Nil panics in [New].
func Logger(l *slog.Logger) Option {
	return func(s *Settings) error {
		if l == nil {
			return errors.New("params: Logger(nil)")
		}
		s.logger = l
		return nil
	}
}

func (s *Settings) log() *slog.Logger {
	if s.logger != nil {
		return s.logger
	}
	return slog.Default()
}
