package otel

import (
	"net"
	"net/http"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/iron-go/iron"
)

// knownMethod reports whether m is one of the methods semantic conventions
// name (RFC 9110's and PATCH); any other goes in spans as "_OTHER".
func knownMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return true
	}
	return false
}

// spanName is "{method} {route}", "{method}" without a route, and "HTTP"
// for a method outside the known set, as the HTTP semantic conventions say.
func spanName(method, route string) string {
	if !knownMethod(method) {
		return "HTTP"
	}
	if route == "" {
		return method
	}
	return method + " " + route
}

// requestAttributes are the attributes known before the handler runs, so a
// sampler sees them.
func requestAttributes(req *iron.Request) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 9)
	if m := req.Method(); knownMethod(m) {
		attrs = append(attrs, semconv.HTTPRequestMethodKey.String(m))
	} else {
		attrs = append(attrs, semconv.HTTPRequestMethodOther, semconv.HTTPRequestMethodOriginal(m))
	}
	attrs = append(attrs, semconv.URLPath(req.OriginalPath()), semconv.URLScheme(req.Scheme()))
	if host, port := splitHostPort(req.Host()); host != "" {
		attrs = append(attrs, semconv.ServerAddress(host))
		if port > 0 {
			attrs = append(attrs, semconv.ServerPort(port))
		}
	}
	if addr := req.RemoteAddr(); addr != nil {
		if host, _ := splitHostPort(addr.String()); host != "" {
			attrs = append(attrs, semconv.ClientAddress(host))
		}
	}
	if v, ok := strings.CutPrefix(req.Proto(), "HTTP/"); ok {
		attrs = append(attrs, semconv.NetworkProtocolVersion(v))
	}
	if ua := req.HeaderValue("User-Agent"); ua != "" {
		attrs = append(attrs, semconv.UserAgentOriginal(ua))
	}
	return attrs
}

// splitHostPort splits "host:port", "[v6]:port", "host" and "v6"; port is 0
// when absent or not a number.
func splitHostPort(hostport string) (string, int) {
	host, p, err := net.SplitHostPort(hostport)
	if err != nil {
		return strings.Trim(hostport, "[]"), 0
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		port = 0
	}
	return host, port
}
