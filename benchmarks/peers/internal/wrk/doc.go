// Package wrk runs the wrk HTTP load generator and reads its report: the
// requests completed, requests per second, latency percentiles (with
// --latency) and the errors wrk counts. It also writes the Lua script that
// makes wrk pipeline N requests per write.
//
// wrk is a Debian package (apt-get install wrk); [Find] says so when it is
// missing.
package wrk
