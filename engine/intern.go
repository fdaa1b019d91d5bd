package engine

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
	// FNV-1a: cheap, and good enough to spread header values over slots.
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	slot := &in.slots[h&(internSlots-1)]
	if *slot == string(b) { // the conversion in a comparison does not allocate
		return *slot
	}
	s := string(b)
	*slot = s
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
