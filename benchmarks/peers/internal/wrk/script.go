package wrk

import (
	"fmt"
	"strings"
)

// Script returns a wrk Lua script that sends depth requests in each write,
// cycling through paths (GET, wrk's default headers), so that a connection
// carries depth requests in flight: HTTP/1.1 pipelining, as TechEmpower's
// plaintext test does with 16. With depth 1 and several paths it cycles
// one request per write, which is what a warm-up over every endpoint
// needs. wrk counts every response, so its Requests/sec stays a count of
// requests; its latency becomes the time of a whole batch.
//
// depth below 1 counts as 1; paths must be non-empty and hold no quote or
// backslash (they are written into the script as Lua strings).
func Script(paths []string, depth int) string {
	depth = max(depth, 1)
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `-- Written by the iron peers comparison (internal/wrk): %d request(s) per write,
-- cycling through the paths below.
local paths = {%s}
local depth = %d
local batches = {}
local next_batch = 1

function init(args)
  -- One batch per starting path, so that every path is sent equally often
  -- whatever depth and the number of paths are.
  for b = 1, #paths do
    local reqs = {}
    for i = 1, depth do
      reqs[i] = wrk.format(nil, paths[((b - 1) * depth + i - 1) %% #paths + 1])
    end
    batches[b] = table.concat(reqs)
  end
end

function request()
  local batch = batches[next_batch]
  next_batch = next_batch %% #batches + 1
  return batch
end
`, depth, strings.Join(quoted, ", "), depth)
	return b.String()
}
