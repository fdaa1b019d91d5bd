package iron

// Plugin is a lazily computed, cached view of a request: a parsed body, a
// query string, route parameters. The first [Compute] of a plugin for a
// request runs its function and, when it succeeds, caches the value in the
// request's extensions for the rest of the request; a failed computation is
// not cached, so the next Compute tries again. Plugins compose: a plugin's
// function may Compute other plugins, each computed once per request.
type Plugin[T any] struct {
	key     *Key[T]
	compute func(*Request) (T, error)
}

// NewPlugin returns a plugin whose value is compute(req). Declare plugins
// once, at package level; compute must be safe for concurrent use.
func NewPlugin[T any](name string, compute func(req *Request) (T, error)) *Plugin[T] {
	if compute == nil {
		panic("iron: NewPlugin " + name + ": nil compute function")
	}
	return &Plugin[T]{key: NewKey[T](name), compute: compute}
}

// Key returns the extension key under which the plugin caches its value, so
// that a middleware may pre-set it (with [Set]) or a test may inspect it.
func (p *Plugin[T]) Key() *Key[T] { return p.key }

// Compute returns p's value for req, computing it on first use and caching it
// for the rest of the request when the computation succeeds.
func Compute[T any](req *Request, p *Plugin[T]) (T, error) {
	if v, ok := Get(req, p.key); ok {
		return v, nil
	}
	v, err := p.compute(req)
	if err != nil {
		var zero T
		return zero, err
	}
	Set(req, p.key, v)
	return v, nil
}
