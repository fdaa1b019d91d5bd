package iron_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func nothing(context.Context, net.Conn, *bufio.ReadWriter) {}

func TestTakeover(t *testing.T) {
	for _, tc := range []struct {
		name      string
		res       *iron.Response
		takes     bool
		writeHead bool
		upgrade   string
	}{
		{name: "Upgrade", res: iron.With(iron.Upgrade("websocket", nothing)), takes: true, writeHead: true, upgrade: "websocket"},
		{name: "Upgrade with no protocol keeps the header set",
			res:   iron.With(http.Header{"Upgrade": {"h2c"}}, iron.Upgrade("", nothing)),
			takes: true, writeHead: true, upgrade: "h2c"},
		{name: "Hijack", res: iron.With(iron.Hijack(nothing)), takes: true},
		{name: "a status changed after the switch cancels it",
			res: iron.With(iron.Upgrade("websocket", nothing), http.StatusForbidden), upgrade: "websocket"},
		{name: "a 101 with no function takes nothing", res: iron.With(http.StatusSwitchingProtocols)},
		{name: "an ordinary response", res: iron.With(http.StatusOK, "hi")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fn, head := tc.res.Takeover()
			assert.Equal(t, tc.takes, fn != nil)
			assert.Equal(t, tc.writeHead, head)
			if tc.takes {
				assert.Equal(t, http.StatusSwitchingProtocols, tc.res.Status)
			}
			assert.Equal(t, tc.upgrade, tc.res.Header.Get("Upgrade"))
		})
	}
}

// The request's own copy of a response, which after middleware get, and a
// Clone keep the takeover; storage reused for the next request does not.
func TestTakeoverSurvivesOwnAndClone(t *testing.T) {
	called := false
	res := iron.With(iron.Upgrade("websocket", func(context.Context, net.Conn, *bufio.ReadWriter) { called = true }))
	req := iron.NewRequest("GET", "/ws", nil)
	for name, got := range map[string]*iron.Response{"Own": iron.Own(req, res), "Clone": res.Clone()} {
		fn, head := got.Takeover()
		require.NotNil(t, fn, name)
		assert.True(t, head, name)
		fn(context.Background(), nil, nil)
		assert.True(t, called, name)
		called = false
	}
	// Owning another response replaces the copy, takeover included.
	own := iron.Own(req, iron.With(http.StatusSwitchingProtocols))
	fn, _ := own.Takeover()
	assert.Nil(t, fn)
}

func TestTakeoverModifiersPanicOnNil(t *testing.T) {
	assert.PanicsWithValue(t, "iron: Upgrade: nil function", func() { iron.Upgrade("websocket", nil) })
	assert.PanicsWithValue(t, "iron: Hijack: nil function", func() { iron.Hijack(nil) })
}

func TestUpgradable(t *testing.T) {
	assert.False(t, iron.NewRequest("GET", "/", nil).Upgradable(), "no connection carries a test request")
	var slot iron.Slot
	slot.Reset(&iron.Incoming{Method: "GET", Target: "/", Upgradable: true})
	assert.True(t, slot.Request().Upgradable())
}

func TestInterim(t *testing.T) {
	type sent struct {
		status int
		header http.Header
	}
	var got []sent
	var slot iron.Slot
	slot.Reset(&iron.Incoming{Method: "GET", Target: "/", Interim: func(status int, header http.Header) error {
		got = append(got, sent{status, header})
		return nil
	}})
	hints := http.Header{"Link": {"</a.css>; rel=preload; as=style"}}
	require.NoError(t, iron.Interim(slot.Request(), http.StatusEarlyHints, hints))
	require.NoError(t, iron.Interim(slot.Request(), http.StatusProcessing, nil))
	assert.Equal(t, []sent{{103, hints}, {102, nil}}, got)

	assert.NoError(t, iron.Interim(iron.NewRequest("GET", "/", nil), http.StatusEarlyHints, hints),
		"a server that sends no interim answers drops it")

	for _, status := range []int{100, 101, 200, 99, 204} {
		assert.PanicsWithValue(t,
			fmt.Sprintf("iron: Interim: %d is not an interim status a handler can send (102 to 199)", status),
			func() { _ = iron.Interim(slot.Request(), status, nil) }, "status %d", status)
	}
}
