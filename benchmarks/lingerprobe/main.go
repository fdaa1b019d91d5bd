// Command lingerprobe measures what the engine's lingering close must do for
// an early answer to reach clients behind real proxies: it serves an engine
// on loopback whose handler reads the body (413 past MaxBodyBytes), puts
// nginx (request buffering on and off) and HAProxy in front of it, posts
// over-limit bodies through each with Go's http.Client, and prints the
// statuses the client saw and the upstream resets the proxies logged.
//
//	go run ./benchmarks/lingerprobe [-linger 5s] [-linger-bytes 67108864] [-size 20971520] [-n 10]
//
// It needs nginx and haproxy (Debian packages nginx and haproxy).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

func main() {
	linger := flag.Duration("linger", engine.DefaultLingerTimeout, "the engine's LingerTimeout")
	lingerBytes := flag.Int64("linger-bytes", engine.DefaultLingerBytes, "the engine's LingerBytes")
	size := flag.Int64("size", 20<<20, "the body size posted, in bytes (over the 10 MiB limit)")
	n := flag.Int("n", 10, "requests per proxy and framing")
	flag.Parse()

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	e := engine.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		b, err := io.ReadAll(req.Body())
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, b), nil
	}), engine.Logger(slog.New(slog.DiscardHandler)), engine.LingerTimeout(*linger), engine.LingerBytes(*lingerBytes))
	go e.Serve(l)
	defer e.Shutdown(context.Background())
	upstream := l.Addr().String()

	dir, err := os.MkdirTemp("", "lingerprobe")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777) // nginx's workers run as another user and write bodies here

	var proxies []proxy
	for _, buffering := range []string{"on", "off"} {
		p, err := startNginx(dir, upstream, buffering)
		if err != nil {
			log.Fatal(err)
		}
		defer p.stop()
		proxies = append(proxies, p)
	}
	p, err := startHAProxy(dir, upstream)
	if err != nil {
		log.Fatal(err)
	}
	defer p.stop()
	proxies = append(proxies, p)
	time.Sleep(500 * time.Millisecond) // let them bind

	fmt.Printf("LingerTimeout %v, LingerBytes %d, body %d bytes, %d requests each\n", *linger, *lingerBytes, *size, *n)
	for _, p := range proxies {
		for _, chunked := range []bool{false, true} {
			counts := map[string]int{}
			client := &http.Client{Timeout: 30 * time.Second}
			for range *n {
				req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+"/", io.LimitReader(zeros{}, *size))
				if !chunked {
					req.ContentLength = *size
				}
				res, err := client.Do(req)
				if err != nil {
					counts["client error"]++
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				counts[res.Status]++
			}
			client.CloseIdleConnections()
			fmt.Printf("%-22s chunked=%-5v %v\n", p.name, chunked, sorted(counts))
		}
		fmt.Printf("%-22s upstream resets logged: %d\n", p.name, p.resets())
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func sorted(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %d  ", k, m[k])
	}
	return b.String()
}

type proxy struct {
	name, addr string
	cmd        *exec.Cmd
	log        string
	resetMark  string // a log line naming an upstream reset or close
}

func (p proxy) stop() { p.cmd.Process.Kill(); p.cmd.Wait() }

func (p proxy) resets() int {
	b, _ := os.ReadFile(p.log)
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, p.resetMark) {
			n++
		}
	}
	return n
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	p := "/usr/sbin/" + name
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", errors.New(name + " is not installed (Debian package " + name + ")")
}

func startNginx(dir, upstream, buffering string) (proxy, error) {
	bin, err := lookPath("nginx")
	if err != nil {
		return proxy{}, err
	}
	d := filepath.Join(dir, "nginx-"+buffering)
	os.MkdirAll(d, 0o777)
	os.Chmod(d, 0o777)
	addr := freeAddr()
	conf := fmt.Sprintf(`worker_processes 1; pid %[1]s/nginx.pid; error_log %[1]s/error.log error;
events {}
http {
  access_log off;
  client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy; fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
  client_max_body_size 1g;
  upstream engine { server %[2]s; keepalive 8; }
  server {
    listen %[3]s;
    location / {
      proxy_pass http://engine; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_request_buffering %[4]s;
    }
  }
}
`, d, upstream, addr, buffering)
	confPath := filepath.Join(d, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return proxy{}, err
	}
	cmd := exec.Command(bin, "-p", d, "-c", confPath, "-g", "daemon off;")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return proxy{}, err
	}
	return proxy{name: "nginx buffering=" + buffering, addr: addr, cmd: cmd, log: filepath.Join(d, "error.log"), resetMark: "upstream"}, nil
}

func startHAProxy(dir, upstream string) (proxy, error) {
	bin, err := lookPath("haproxy")
	if err != nil {
		return proxy{}, err
	}
	addr := freeAddr()
	conf := fmt.Sprintf(`defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
frontend web
  bind %s
  log stderr format raw local0
  option httplog
  default_backend engine
backend engine
  server s1 %s
`, addr, upstream)
	confPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return proxy{}, err
	}
	logPath := filepath.Join(dir, "haproxy.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return proxy{}, err
	}
	cmd := exec.Command(bin, "-f", confPath, "-db")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return proxy{}, err
	}
	// "SD": the server closed (or reset) the connection during the data phase.
	return proxy{name: "haproxy", addr: addr, cmd: cmd, log: logPath, resetMark: " SD"}, nil
}
