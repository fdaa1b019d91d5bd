// Package health answers the probes of a load balancer or an orchestrator:
// liveness ("is the process alive?") and readiness ("should it get traffic
// now?").
//
// [Live] answers 200 while the process can serve requests at all. [Ready]
// answers 200 when the server should get traffic, and 503 Service
// Unavailable while it drains for a shutdown, so that the load balancer stops
// sending new requests while in-flight ones finish, or while one of the
// user's checks (a database ping, say) fails. It learns about draining
// through the one-method [Drainer] interface, which the engine's *Engine
// satisfies; this package never imports the engine.
//
//	r := router.New()
//	eng := engine.New(r)
//	r.Get("/livez", health.Live())
//	r.Get("/readyz", health.Ready(eng, health.Checks(health.Check{Name: "db", Func: db.PingContext})))
//
// Checks run at once, each bounded by [Timeout] (2 s by default): a check
// past it has failed, and the probe answers without waiting for it, even
// when the check ignores its context; until that run returns, later probes
// fail the check at once instead of starting another run, so a hung
// dependency costs one goroutine, not one per probe.
//
// Bodies are small JSON documents that name what failed, never why (error
// messages can carry internal detail); failures are logged through
// [log/slog] at Warn level with their errors ([Logger] chooses the logger). Answers carry
// Cache-Control: no-store, so that no cache between the probe and the
// server answers for it.
package health
