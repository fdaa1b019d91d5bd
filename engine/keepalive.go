package engine

// keepAlive reports whether the connection may stay open after the answer
// to the request whose head was just parsed, as far as the request and the
// engine say: not when the client asked to close (Connection: close, or
// HTTP/1.0 without keep-alive), and not once the engine is draining, so
// that each keep-alive connection, a proxy's to its upstream above all,
// ends cleanly after its next answer rather than being closed under a
// request. The answer and the body may still close it (writeResponse,
// endRequest).
func (s *session) keepAlive() bool {
	return !s.h.close && !s.e.draining.Load()
}
