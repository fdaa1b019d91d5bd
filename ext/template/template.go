package template

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrNoPage is wrapped by the error of a render for a page no file
// defines: a programming error answered with a 500, not a 404, so it does
// not wrap iron.ErrNotFound.
var ErrNoPage = errors.New("template: no such page")

// Templates is a parsed set of pages (see the package doc). Build it with
// [New]; it is safe for concurrent use.
type Templates struct {
	fsys    fs.FS
	pattern string
	layouts []string
	funcs   template.FuncMap
	reload  bool
	logger  *slog.Logger

	current atomic.Pointer[parsed]
	mu      sync.Mutex // one reload at a time
}

// parsed is one generation of pages.
type parsed struct {
	pages map[string]*template.Template
	stamp string // what the files looked like when parsed
}

// Option configures [Templates]; see [New].
type Option func(*Templates) error

// Layouts adds patterns (fs.Glob syntax) of files parsed into every page
// before the page itself: layouts and partials. A page's definitions win
// over a layout's of the same name.
func Layouts(patterns ...string) Option {
	return func(t *Templates) error {
		for _, p := range patterns {
			if _, err := path.Match(p, ""); err != nil {
				return fmt.Errorf("template: Layouts(%q): %w", p, err)
			}
		}
		t.layouts = append(t.layouts, patterns...)
		return nil
	}
}

// Funcs adds functions templates may call, as [template.Template.Funcs].
func Funcs(funcs template.FuncMap) Option {
	return func(t *Templates) error {
		for name, fn := range funcs {
			if fn == nil {
				return fmt.Errorf("template: Funcs: %q is nil", name)
			}
			if t.funcs == nil {
				t.funcs = template.FuncMap{}
			}
			t.funcs[name] = fn
		}
		return nil
	}
}

// Reload sets whether files are checked for changes before each render
// (see the package doc). Off by default; meant for development.
func Reload(on bool) Option {
	return func(t *Templates) error {
		t.reload = on
		return nil
	}
}

// Logger sets where [Templates.Render] logs the pages it failed to render;
// unset means [slog.Default].
func Logger(l *slog.Logger) Option {
	return func(t *Templates) error {
		if l == nil {
			return errors.New("template: Logger(nil)")
		}
		t.logger = l
		return nil
	}
}

// New parses the pages matching pattern in fsys (fs.Glob syntax), each with
// the layouts. It returns an error when no file matches pattern, when a
// file cannot be read or parsed, or when two pages have the same base name.
// A bad option value (a malformed pattern, a nil function) panics with an
// error naming it; a malformed pattern argument is an error.
func New(fsys fs.FS, pattern string, opts ...Option) (*Templates, error) {
	if fsys == nil {
		panic(errors.New("template: New(nil, ...)"))
	}
	t := &Templates{fsys: fsys, pattern: pattern}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(t); err != nil {
			panic(err)
		}
	}
	p, err := t.parse()
	if err != nil {
		return nil, err
	}
	t.current.Store(p)
	return t, nil
}

// files lists the layout and page files and describes them in stamp.
func (t *Templates) files() (layouts, pages []string, stamp string, err error) {
	pages, err = fs.Glob(t.fsys, t.pattern)
	if err != nil {
		return nil, nil, "", fmt.Errorf("template: pattern %q: %w", t.pattern, err)
	}
	for _, p := range t.layouts {
		m, err := fs.Glob(t.fsys, p)
		if err != nil {
			return nil, nil, "", fmt.Errorf("template: layouts %q: %w", p, err)
		}
		layouts = append(layouts, m...)
	}
	// A file matched by both is a layout, not a page.
	pages = slices.DeleteFunc(pages, func(p string) bool { return slices.Contains(layouts, p) })
	if len(pages) == 0 {
		return nil, nil, "", fmt.Errorf("template: no page matches %q", t.pattern)
	}
	var b strings.Builder
	for _, name := range append(slices.Clone(layouts), pages...) {
		fi, err := fs.Stat(t.fsys, name)
		if err != nil {
			return nil, nil, "", fmt.Errorf("template: %w", err)
		}
		b.WriteString(name)
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(fi.Size(), 10))
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(fi.ModTime().UnixNano(), 10))
		b.WriteByte(0)
	}
	return layouts, pages, b.String(), nil
}

// parse reads and parses every file.
func (t *Templates) parse() (*parsed, error) {
	layouts, pages, stamp, err := t.files()
	if err != nil {
		return nil, err
	}
	base := template.New("").Funcs(t.funcs)
	for _, name := range layouts {
		if err := parseFile(base.New(path.Base(name)), t.fsys, name); err != nil {
			return nil, err
		}
	}
	p := &parsed{pages: make(map[string]*template.Template, len(pages)), stamp: stamp}
	for _, name := range pages {
		page := path.Base(name)
		if _, dup := p.pages[page]; dup {
			return nil, fmt.Errorf("template: two pages named %q (%s)", page, name)
		}
		set, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("template: %w", err)
		}
		tt := set.New(page)
		if err := parseFile(tt, t.fsys, name); err != nil {
			return nil, err
		}
		p.pages[page] = tt
	}
	return p, nil
}

func parseFile(tt *template.Template, fsys fs.FS, name string) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if _, err := tt.Parse(string(b)); err != nil {
		return fmt.Errorf("template: %s: %w", name, err)
	}
	return nil
}

// pages returns the current pages, parsing them again first when reloading
// and a file changed.
func (t *Templates) pages() (*parsed, error) {
	p := t.current.Load()
	if !t.reload {
		return p, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	p = t.current.Load()
	_, _, stamp, err := t.files()
	if err != nil {
		return p, err
	}
	if stamp == p.stamp {
		return p, nil
	}
	np, err := t.parse()
	if err != nil {
		return p, err
	}
	t.current.Store(np)
	return np, nil
}

// Names returns the names of the pages, sorted.
func (t *Templates) Names() []string {
	p := t.current.Load()
	names := make([]string, 0, len(p.pages))
	for n := range p.pages {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the largest buffer kept for reuse, so that one huge page does
// not pin its memory for good.
const maxPooled = 1 << 20

// Execute renders page name with data and returns the whole output, or an
// error and nothing: the page is rendered to a pooled buffer and copied
// out only once complete.
func (t *Templates) Execute(name string, data any) ([]byte, error) {
	p, err := t.pages()
	if err != nil {
		return nil, err
	}
	tt, ok := p.pages[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNoPage, name)
	}
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooled {
			buffers.Put(buf)
		}
	}()
	if err := tt.Execute(buf, data); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}
