package bodyparser

import (
	"encoding/json"
	"testing"
)

// FuzzPathAt walks arbitrary text for every offset: on invalid JSON the
// scanner gives up without panicking or looping; on valid JSON, the value
// it finds encloses the offset and starts a value.
func FuzzPathAt(f *testing.F) {
	for _, s := range []string{`{"a": [1, {"b": "x\"y"}]}`, `[[], {}, null]`, `"s"`, `{"a":`, `]`, `{"\u00e9": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, d []byte) {
		valid := json.Valid(d)
		for off := int64(0); off <= int64(len(d))+1; off++ {
			_, start, ok := pathAt(d, off)
			if !ok || !valid {
				continue
			}
			end := skipValue(d, start)
			if end < 0 || int64(start) >= off || off > int64(end) {
				t.Fatalf("pathAt(%q, %d) gave the value at %d..%d", d, off, start, end)
			}
		}
		if valid {
			if end := skipValue(d, skipSpace(d, 0)); skipSpace(d, end) != len(d) {
				t.Fatalf("skipValue(%q) stops at %d", d, end)
			}
		}
	})
}
