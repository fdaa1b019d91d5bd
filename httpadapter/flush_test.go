package httpadapter_test

import (
	"bufio"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// flushedStream is a streaming Iron body that proves its flush reaches the
// client: it writes first and flushes, then writes second only once the
// client has read first and closed seen. A flush that stays in a buffer
// fails it after five seconds, and the test with it.
func flushedStream(first, second string, seen <-chan struct{}) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, first); err != nil {
			return err
		}
		if err := iron.Flush(w); err != nil {
			return err
		}
		select {
		case <-seen:
		case <-time.After(5 * time.Second):
			return errors.New("the flush did not reach the client")
		}
		_, err := io.WriteString(w, second)
		return err
	}
}

// readFlushed reads body as the client of a flushed stream: the first line
// must arrive on its own, before seen is closed to let the server write the
// rest, which must then be rest.
func readFlushed(t *testing.T, body io.Reader, firstLine, rest string, seen chan<- struct{}) {
	t.Helper()
	r := bufio.NewReader(body)
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, firstLine, line)
	close(seen)
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, rest, string(got))
}
