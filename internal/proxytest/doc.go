// Package proxytest starts a real nginx or HAProxy on a loopback port in
// front of one or more upstream addresses, for tests of what users see
// behind a reverse proxy: early answers to large uploads, keep-alive reuse
// of upstream connections, rolling restarts, WebSocket upgrades.
//
// Each proxy runs from a configuration the test writes into t.TempDir(),
// with keep-alive to its upstreams (nginx: an upstream block with
// keepalive, proxy_http_version 1.1 and an empty Connection header;
// HAProxy: mode http, option http-keep-alive, http-reuse always), logs the
// test can read, no retries unless asked for, and it is stopped when the
// test ends. The programs are found through package component: a test
// whose proxy is not installed skips, naming the Debian package, or fails
// under IRON_REQUIRE_COMPONENTS=1.
//
//	addr := servetest.Engine(t, handler)
//	for _, kind := range proxytest.Both {
//		p := kind.Start(t, []string{addr}, proxytest.RequestBuffering(false))
//		res, err := http.Post(p.URL+"/echo", "application/octet-stream", body)
//		// ...
//		assert.Empty(t, p.UpstreamErrors())
//	}
//
// What a proxy logged is read with [Proxy.Entries] (one [Entry] per request,
// in a format this package sets) and [Proxy.UpstreamErrors] (the lines that
// show an upstream connection failing: nginx's "upstream prematurely
// closed", "Connection reset by peer", "Broken pipe"...; HAProxy's
// server-side termination states such as SD-- and SH--).
package proxytest
