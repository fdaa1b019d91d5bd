package docs_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// optOut starts the first line of a block that is deliberately partial.
const optOut = "// Not compiled:"

// requireEnv makes a missing docs/peers module cache a failure, as it makes
// missing components one (internal/component).
const requireEnv = "IRON_REQUIRE_COMPONENTS"

// imports maps the package names blocks use to their import paths.
var imports = map[string]string{
	"iron":        "github.com/iron-go/iron",
	"chain":       "github.com/iron-go/iron/chain",
	"engine":      "github.com/iron-go/iron/engine",
	"worker":      "github.com/iron-go/iron/worker",
	"httpadapter": "github.com/iron-go/iron/httpadapter",
	"compress":    "github.com/iron-go/iron/ext/compress",
	"cors":        "github.com/iron-go/iron/ext/cors",
	"health":      "github.com/iron-go/iron/ext/health",
	"logger":      "github.com/iron-go/iron/ext/logger",
	"mount":       "github.com/iron-go/iron/ext/mount",
	"realip":      "github.com/iron-go/iron/ext/realip",
	"recovery":    "github.com/iron-go/iron/ext/recovery",
	"requestid":   "github.com/iron-go/iron/ext/requestid",
	"router":      "github.com/iron-go/iron/ext/router",
	"static":      "github.com/iron-go/iron/ext/static",
	"timeout":     "github.com/iron-go/iron/ext/timeout",
	"atomic":      "sync/atomic",
	"bytes":       "bytes",
	"context":     "context",
	"errors":      "errors",
	"filepath":    "path/filepath",
	"fmt":         "fmt",
	"http":        "net/http",
	"httptest":    "net/http/httptest",
	"io":          "io",
	"json":        "encoding/json",
	"log":         "log",
	"net":         "net",
	"os":          "os",
	"signal":      "os/signal",
	"slog":        "log/slog",
	"strconv":     "strconv",
	"strings":     "strings",
	"sync":        "sync",
	"syscall":     "syscall",
	"time":        "time",
	"tls":         "crypto/tls",
	"url":         "net/url",
	"chi":         "github.com/go-chi/chi/v5",
	"middleware":  "github.com/go-chi/chi/v5/middleware",
	"gin":         "github.com/gin-gonic/gin",
	"websocket":   "github.com/coder/websocket",
}

// prelude declares what fragments take from their context. A declaration
// is added to a block that uses one of its names without declaring it.
const prelude = `package prelude

func hello(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusOK, "Hello World"), nil }

func showUser(req *iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, "user "+router.Param(req, "id")), nil
}

func createUser(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusCreated), nil }

var req = iron.NewRequest(http.MethodGet, "/users/7", nil)

var app iron.Handler = iron.HandlerFunc(hello)

var c = chain.New(app)

var ctx = context.Background()

var notFoundPage = "<h1>Not found</h1>"

var someNetHTTPMiddleware = func(h http.Handler) http.Handler { return h }

var cert, key = "cert.pem", "key.pem"

var requireToken = iron.BeforeFunc(func(*iron.Request) error { return nil })

var r = router.New()

type friendly404 struct{}

func (friendly404) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil }

func (friendly404) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) { return nil, err }
`

// block is one Go block of a Markdown file.
type block struct {
	file string // relative to the repository root
	line int    // of the block's first line of code
	src  string
	copy string // the file the block copies, from its package clause on, if any
}

// copyOf marks a block that copies a source file of the repository, from its
// package clause to its end: <!-- file: examples/app/main.go -->.
var copyOf = regexp.MustCompile(`^<!-- file: (\S+) -->$`)

// fence matches the line that opens a Go block.
var fence = regexp.MustCompile("^```go\\s*$")

// readBlocks returns the Go blocks of a Markdown file.
func readBlocks(t *testing.T, root, rel string) []block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	require.NoError(t, err)
	var (
		out    []block
		cur    *block
		code   strings.Builder
		copied string // named by the comment just before the block
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && copyOf.MatchString(line):
			copied = copyOf.FindStringSubmatch(line)[1]
			continue
		case cur == nil && fence.MatchString(line):
			cur = &block{file: rel, line: n + 1, copy: copied}
			code.Reset()
		case cur != nil && strings.HasPrefix(line, "```"):
			cur.src = code.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			code.WriteString(line)
			code.WriteByte('\n')
		}
		copied = ""
	}
	require.NoError(t, sc.Err())
	require.Nil(t, cur, "%s: a Go block is not closed", rel)
	return out
}

// preludeDecls returns the source of each prelude declaration by the names
// it declares, and the order of the declarations.
func preludeDecls(t *testing.T) (map[string]int, []string) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "prelude", prelude, parser.SkipObjectResolution)
	require.NoError(t, err)
	byName := map[string]int{}
	var decls []string
	for _, d := range f.Decls {
		src := prelude[fset.Position(d.Pos()).Offset:fset.Position(d.End()).Offset]
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				// A method goes with its type, declared before it.
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				i := byName[recv.(*ast.Ident).Name]
				decls[i] += "\n\n" + src
				continue
			}
			byName[d.Name.Name] = len(decls)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						byName[n.Name] = len(decls)
					}
				}
				if ts, ok := s.(*ast.TypeSpec); ok {
					byName[ts.Name.Name] = len(decls)
				}
			}
		}
		decls = append(decls, src)
	}
	return byName, decls
}

// program is a block made into a Go file.
type program struct {
	block
	pkg   string // the package clause's name
	src   string // the whole file
	peers bool   // it imports chi or gin: compile it in docs/peers
}

// compose turns a block into a file: as it is when it has a package clause,
// else as declarations, else as a function's statements; with the imports
// and prelude declarations it uses and lacks.
func compose(t *testing.T, b block, byName map[string]int, decls []string) program {
	t.Helper()
	p := program{block: b}
	directive := fmt.Sprintf("//line %s:%d\n", b.file, b.line)
	var body string // what follows the package clause and imports
	switch {
	case strings.HasPrefix(strings.TrimSpace(b.src), "package "):
		p.src = directive + b.src
	case parses("package doc\n" + b.src):
		body = directive + b.src
	default:
		body = "func _() {\n" + directive + b.src + "}\n"
		if !parses("package doc\n" + body) {
			_, err := parser.ParseFile(token.NewFileSet(), "", "package doc\n"+body, 0)
			t.Errorf("%s:%d: neither declarations nor statements: %v", b.file, b.line, err)
			return p
		}
		body = useLocals(body)
	}
	if p.src != "" {
		f, err := parser.ParseFile(token.NewFileSet(), "", p.src, parser.ImportsOnly)
		require.NoError(t, err, "%s:%d", b.file, b.line)
		p.pkg = f.Name.Name
		for _, im := range f.Imports {
			p.peers = p.peers || peerImport(strings.Trim(im.Path.Value, `"`))
		}
		return p
	}
	// Add what the block (and what was added for it) uses and lacks, until
	// nothing is missing.
	added := map[int]bool{}
	for {
		file := "package doc\n" + body
		for i := range decls {
			if added[i] {
				file += "\n" + decls[i] + "\n"
			}
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", file, 0)
		require.NoError(t, err, "%s:%d", b.file, b.line)
		var paths []string
		more := false
		for _, id := range f.Unresolved {
			if path, ok := imports[id.Name]; ok && !slices.Contains(paths, path) {
				paths = append(paths, path)
			}
			if i, ok := byName[id.Name]; ok && !added[i] {
				added[i], more = true, true
			}
		}
		if more {
			continue
		}
		p.pkg = "doc"
		if declaresMain(f) {
			p.pkg = "main"
		}
		var head strings.Builder
		fmt.Fprintf(&head, "package %s\n\n", p.pkg)
		if len(paths) > 0 {
			slices.Sort(paths)
			head.WriteString("import (\n")
			for _, path := range paths {
				fmt.Fprintf(&head, "\t%q\n", path)
				p.peers = p.peers || peerImport(path)
			}
			head.WriteString(")\n\n")
		}
		p.src = head.String() + strings.TrimPrefix(file, "package doc\n")
		return p
	}
}

func parses(src string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	return err == nil
}

func peerImport(path string) bool {
	return strings.HasPrefix(path, "github.com/go-chi/") || strings.HasPrefix(path, "github.com/gin-gonic/")
}

func declaresMain(f *ast.File) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return true
		}
	}
	return false
}

// useLocals adds "_ = x" for each variable the statements of the wrapping
// function declare, so that a fragment that only shows a call compiles.
func useLocals(body string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package doc\n"+body, parser.SkipObjectResolution)
	if err != nil {
		return body
	}
	var names []string
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, e := range st.Lhs {
					if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, s := range gd.Specs {
					for _, id := range s.(*ast.ValueSpec).Names {
						if id.Name != "_" {
							names = append(names, id.Name)
						}
					}
				}
			}
		}
	}
	var uses strings.Builder
	for _, n := range names {
		fmt.Fprintf(&uses, "\t_ = %s\n", n)
	}
	return strings.TrimSuffix(body, "}\n") + uses.String() + "}\n"
}

// TestGoBlocksCompile compiles every Go block of README.md and docs/*.md.
func TestGoBlocksCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the documentation's blocks with the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("SKIP: no go command in PATH to compile the blocks with")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	files := []string{"README.md"}
	mds, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	for _, m := range mds {
		files = append(files, filepath.Join("docs", filepath.Base(m)))
	}
	byName, decls := preludeDecls(t)

	var programs []program
	for _, file := range files {
		bs := readBlocks(t, root, file)
		require.NotEmpty(t, bs, "%s has no Go block: is the fence ```go?", file)
		for _, b := range bs {
			if b.copy != "" {
				// A copy of a tested file must be that file, or the page
				// shows code no test runs.
				data, err := os.ReadFile(filepath.Join(root, b.copy))
				require.NoError(t, err, "%s:%d", b.file, b.line)
				want := string(data)
				if i := strings.Index(want, "\npackage "); i >= 0 {
					want = want[i+1:]
				}
				if b.src != want {
					t.Errorf("%s:%d: the block is not a copy of %s from its package clause on: copy the file again", b.file, b.line, b.copy)
				}
			}
			if first, _, _ := strings.Cut(b.src, "\n"); strings.HasPrefix(first, optOut) {
				require.Greater(t, len(strings.TrimSpace(strings.TrimPrefix(first, optOut))), 0,
					"%s:%d: say why the block is not compiled", b.file, b.line)
				continue
			}
			programs = append(programs, compose(t, b, byName, decls))
		}
	}
	if t.Failed() {
		return
	}
	for _, peers := range []bool{false, true} {
		name, dir := "library", root
		if peers {
			name, dir = "peers", filepath.Join(root, "docs", "peers")
		}
		t.Run(name, func(t *testing.T) {
			overlay := map[string]string{}
			var pkgs []string
			tmp := t.TempDir()
			for i, p := range programs {
				if p.peers != peers {
					continue
				}
				pkgDir := filepath.Join(dir, "_doccheck", fmt.Sprintf("b%03d", i))
				src := filepath.Join(tmp, fmt.Sprintf("b%03d.go", i))
				require.NoError(t, os.WriteFile(src, []byte(p.src), 0o644))
				overlay[filepath.Join(pkgDir, "main.go")] = src
				pkgs = append(pkgs, "./"+filepath.ToSlash(strings.TrimPrefix(pkgDir, dir+string(filepath.Separator))))
			}
			if len(pkgs) == 0 {
				return
			}
			js, err := json.Marshal(map[string]any{"Replace": overlay})
			require.NoError(t, err)
			ov := filepath.Join(tmp, "overlay.json")
			require.NoError(t, os.WriteFile(ov, js, 0o644))

			cmd := exec.Command(goTool, append([]string{"build", "-overlay", ov}, pkgs...)...)
			cmd.Dir = dir
			// Never the network: the library's modules are those its tests
			// use; docs/peers' are fetched by .ci/run.
			cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
			out, err := cmd.CombinedOutput()
			if err == nil {
				return
			}
			if peers && bytes.Contains(out, []byte("GOPROXY=off")) {
				msg := "the modules of docs/peers (chi, gin) are not in the module cache: (cd docs/peers && go mod download)"
				if os.Getenv(requireEnv) == "1" {
					t.Fatalf("%s; %s=1 makes this a failure\n%s", msg, requireEnv, out)
				}
				fmt.Fprintln(os.Stderr, "SKIP "+t.Name()+": "+msg)
				t.Skip(msg)
			}
			t.Errorf("Go blocks of the documentation do not compile:\n%s", out)
			for _, p := range programs {
				for n := range strings.Count(p.block.src, "\n") {
					if p.peers == peers && bytes.Contains(out, fmt.Appendf(nil, "%s:%d:", p.file, p.line+n)) {
						t.Logf("%s:%d compiled as:\n%s", p.file, p.line, p.src)
						break
					}
				}
			}
		})
	}
}
