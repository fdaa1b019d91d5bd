package engine

import "encoding/binary"

// interner turns bytes of a request head into strings, reusing the string it
// made last time for the same bytes. Handlers get real, immutable Go strings
// that outlive the request, yet a keep-alive client that sends the same
// target and headers again and again costs no allocation after the first
// request. Each worker session owns one, so it needs no lock.
type interner struct {
	slots [internSlots]string
}

const (
	internSlots = 512 // power of two
	internMax   = 256 // longer values are rare and not worth a slot
)

func (in *interner) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > internMax {
		return string(b)
	}
	// Two slots per hash (a pair): a string found in either is reused; a
	// new one takes the first, and what the first held moves to the
	// second. So two strings whose hashes meet both stay, and a head needs
	// three strings in one pair (rare with 256 pairs) before one is made
	// anew per request.
	i := spread(b) & (internSlots - 2)
	first, second := &in.slots[i], &in.slots[i+1]
	if *first == string(b) { // the conversion in a comparison does not allocate
		return *first
	}
	if *second == string(b) {
		return *second
	}
	s := string(b)
	*second, *first = *first, s
	return s
}

// method returns the constant for a common method, so that the usual
// requests do not even hash.
func (in *interner) method(b []byte) string {
	switch string(b) {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "HEAD":
		return "HEAD"
	case "PUT":
		return "PUT"
	case "DELETE":
		return "DELETE"
	case "PATCH":
		return "PATCH"
	case "OPTIONS":
		return "OPTIONS"
	}
	return in.str(b)
}

// spread hashes b (at least one byte) for a slot: its length and at most
// sixteen bytes, its first eight and its last eight, so that a long value
// costs no more than a short one. Values that differ only in their middle
// share a slot and take turns in it: they cost an allocation each, never a
// wrong string, for a slot is only used when its string equals the bytes.
func spread(b []byte) uint32 {
	var x, y uint64
	if len(b) >= 8 {
		x = binary.LittleEndian.Uint64(b)
		y = binary.LittleEndian.Uint64(b[len(b)-8:])
	} else {
		for i, c := range b {
			x |= uint64(c) << (8 * i)
		}
	}
	// MurmurHash3's finalizer over both words and the length.
	h := x ^ (y*0x9E3779B97F4A7C15 + uint64(len(b)))
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return uint32(h)
}

// name returns the string for a header name: a constant for the names
// clients send most (as sent: a name in other cases is hashed as any other
// string), so that they cost no hashing at all.
func (in *interner) name(b []byte) string {
	switch string(b) {
	case "Host":
		return "Host"
	case "User-Agent":
		return "User-Agent"
	case "Accept":
		return "Accept"
	case "Accept-Encoding":
		return "Accept-Encoding"
	case "Accept-Language":
		return "Accept-Language"
	case "Connection":
		return "Connection"
	case "Content-Length":
		return "Content-Length"
	case "Content-Type":
		return "Content-Type"
	case "Cookie":
		return "Cookie"
	case "Referer":
		return "Referer"
	case "Authorization":
		return "Authorization"
	case "Cache-Control":
		return "Cache-Control"
	case "Origin":
		return "Origin"
	case "Upgrade-Insecure-Requests":
		return "Upgrade-Insecure-Requests"
	case "If-None-Match":
		return "If-None-Match"
	case "If-Modified-Since":
		return "If-Modified-Since"
	case "X-Forwarded-For":
		return "X-Forwarded-For"
	case "X-Forwarded-Proto":
		return "X-Forwarded-Proto"
	case "Sec-Fetch-Dest":
		return "Sec-Fetch-Dest"
	case "Sec-Fetch-Mode":
		return "Sec-Fetch-Mode"
	case "Sec-Fetch-Site":
		return "Sec-Fetch-Site"
	case "Priority":
		return "Priority"
	case "Transfer-Encoding":
		return "Transfer-Encoding"
	case "Expect":
		return "Expect"
	case "Pragma":
		return "Pragma"
	}
	return in.str(b)
}
