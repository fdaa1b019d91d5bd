package main

import (
	"errors"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConfig(t *testing.T) {
	long := strings.Repeat("s", 32)
	env := func(vars ...string) func(string) string {
		return func(name string) string {
			for i := 0; i+1 < len(vars); i += 2 {
				if vars[i] == name {
					return vars[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name    string
		args    []string
		getenv  func(string) string
		want    config
		wantErr string // "" for none
	}{
		{"defaults", nil, env(), config{addr: "localhost:3000"}, ""},
		{"every flag", []string{"-addr", ":8080", "-redis", "redis:6379", "-secret", long, "-trusted-proxy", "10.0.0.0/8", "-drain-period", "5s"}, env(),
			config{addr: ":8080", redisAddr: "redis:6379", secret: long, trustedProxies: []string{"10.0.0.0/8"}, drainPeriod: 5 * time.Second}, ""},
		{"secret from the environment", nil, env("SITE_SECRET", long), config{addr: "localhost:3000", secret: long}, ""},
		{"the flag wins", []string{"-secret", long + "x"}, env("SITE_SECRET", long), config{addr: "localhost:3000", secret: long + "x"}, ""},
		{"proxies repeated and comma-separated", []string{"-trusted-proxy", "10.0.0.0/8, 192.168.1.7", "-trusted-proxy", "fd00::/8"}, env(),
			config{addr: "localhost:3000", trustedProxies: []string{"10.0.0.0/8", "192.168.1.7", "fd00::/8"}}, ""},

		{"short secret", []string{"-secret", "hunter2"}, env(), config{}, "secret 1 is 7 bytes, at least 32 are needed (make one with: openssl rand -base64 32)"},
		{"short secret in the environment", nil, env("SITE_SECRET", "short"), config{}, "$SITE_SECRET"},
		{"bad proxy", []string{"-trusted-proxy", "10.0.0.0/33"}, env(), config{}, `"10.0.0.0/33" is neither a CIDR prefix`},
		{"empty proxy", []string{"-trusted-proxy", "10.0.0.1,"}, env(), config{}, `"" is neither`},
		{"negative drain period", []string{"-drain-period", "-1s"}, env(), config{}, "-drain-period -1s: want 0 or more"},
		{"bad redis", []string{"-redis", "localhost"}, env(), config{}, `-redis "localhost": want host:port`},
		{"unknown flag", []string{"-port", "80"}, env(), config{}, "flag provided but not defined: -port"},
		{"argument", []string{"serve"}, env(), config{}, `unexpected argument "serve"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseConfig(tc.args, tc.getenv, discardLog())
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				if strings.Contains(tc.wantErr, "flag") || strings.Contains(tc.wantErr, "argument") || strings.Contains(tc.wantErr, "neither") {
					assert.Contains(t, err.Error(), "usage: site", "a mistake in the flags comes with their help")
				}
				return
			}
			require.NoError(t, err)
			got.log = nil
			assert.Equal(t, tc.want, got)
		})
	}

	_, err := parseConfig([]string{"-h"}, env(), discardLog())
	assert.True(t, errors.Is(err, flag.ErrHelp), "-h: main exits 0")
	assert.Contains(t, err.Error(), "-trusted-proxy CIDR")
}
