package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/component"
)

// screenshotDirEnv names the directory the browser test writes its
// screenshots to; unset, a directory under os.TempDir, kept after the test.
const screenshotDirEnv = "SITE_SCREENSHOT_DIR"

// TestBrowser drives the site in headless Chromium as a person would, with
// its state in the process and in Redis: sign in through the form, add a note
// through the page's script, see it listed, reload, still listed, sign out.
// The page's script, stylesheet and event stream must work under the site's
// Content-Security-Policy: the test fails on any error in the console.
func TestBrowser(t *testing.T) {
	chromium := component.Path(t, "chromium", "chromium")
	for _, m := range siteModes {
		t.Run(m.name, func(t *testing.T) {
			s, _ := m.start(t, config{})
			browse(t, chromium, s.base, m.name)
		})
	}
}

func browse(t *testing.T, chromium, base, name string) {
	// Everything, the browser's start included, within a bound.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	browserOutput := &lockedWriter{}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(userDataDir(t)),
		chromedp.WindowSize(900, 700),
		chromedp.CombinedOutput(browserOutput),
	)
	defer cancelAlloc()
	tab, closeTab := chromedp.NewContext(alloc)
	defer closeTab()
	defer func() {
		if t.Failed() {
			t.Logf("chromium's output:\n%s", browserOutput.String())
		}
	}()

	// Every console message of the page, from its first load: a script the
	// policy blocked, an exception or a failed request shows up here.
	messages := chromedp.Console(tab)
	var console []chromedp.ConsoleMessage
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return // the tab closed
			}
			console = append(console, m)
		}
	}()

	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(tab, steps...), what)
	}
	hasNote := `[...document.querySelectorAll('#notes .text')].some(e => e.textContent === 'Water the plants')`
	poll := func(what, expression string) {
		t.Helper()
		_, err := chromedp.Run(tab, chromedp.Poll[bool](expression, chromedp.WithPollingTimeout(15*time.Second)))
		require.NoError(t, err, what)
	}

	step("open the site", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#login")))
	step("sign in through the form",
		chromedp.SendKeys(chromedp.CSS(`#login input[name="username"]`), "alice"),
		chromedp.SendKeys(chromedp.CSS(`#login input[name="password"]`), "wonderland"),
		chromedp.Click(chromedp.CSS(`#login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#who")),
	)
	who, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#who")))
	require.NoError(t, err)
	assert.Equal(t, "Signed in as alice", who)

	step("add a note through the page's script",
		chromedp.SendKeys(chromedp.CSS(`#add-note input[name="text"]`), "Water the plants"),
		chromedp.SetValue(chromedp.CSS(`#add-note input[name="priority"]`), "2"),
		chromedp.SendKeys(chromedp.CSS(`#add-note input[name="tags"]`), "home, garden"),
		chromedp.Click(chromedp.CSS(`#add-note button[type="submit"]`)),
	)
	poll("the note is listed", hasNote)
	poll("the clock ticks (server-sent events)", `document.getElementById('clock').dateTime !== ''`)

	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "a PNG")
	writeScreenshot(t, name, png)

	step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#who")))
	listed, err := chromedp.Run(tab, chromedp.Evaluate[bool](hasNote))
	require.NoError(t, err)
	assert.True(t, listed, "still listed after a reload: the server kept it")
	tags, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#notes .tag')].map(e => e.textContent)`))
	require.NoError(t, err)
	assert.Equal(t, []string{"home", "garden"}, tags)

	step("sign out",
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#login")),
	)
	status, err := chromedp.Run(tab, chromedp.Evaluate[int](`fetch('/api/me').then(r => r.status)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, 401, status, "signed out")

	closeTab()
	<-consoleDone
	for _, m := range console {
		if m.URL == base+"/api/me" {
			continue // the test's own probe above, answered 401 as it should be
		}
		assert.NotContains(t, []chromedp.ConsoleType{chromedp.ConsoleError, chromedp.ConsoleException}, m.Type,
			"console %s at %s:%d: %s", m.Type, m.URL, m.Line+1, m)
	}
}

// userDataDir returns a fresh profile directory for the browser, removed
// after the test. Chromium's helper processes may still write to it for a
// moment after the browser ends, so removing it is retried.
func userDataDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "site-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove %s", dir)
	})
	return dir
}

// writeScreenshot keeps png as site-<name>.png in $SITE_SCREENSHOT_DIR, or
// in a directory under os.TempDir, and prints where.
func writeScreenshot(t *testing.T, name string, png []byte) {
	dir := os.Getenv(screenshotDirEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "iron-site-screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "site-"+name+".png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

// lockedWriter keeps what the browser writes to its stdout and stderr.
type lockedWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
