package bodyparser

// Helpers that step over JSON text. Binding and error paths run them on
// text encoding/json has already accepted; on anything else they return -1
// rather than panic or loop.

func skipSpace(d []byte, i int) int {
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the string that opens at d[i].
func skipString(d []byte, i int) int {
	if i >= len(d) || d[i] != '"' {
		return -1
	}
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipValue returns the index just past the value that starts at d[i].
func skipValue(d []byte, i int) int {
	if i < 0 || i >= len(d) {
		return -1
	}
	switch d[i] {
	case '"':
		return skipString(d, i)
	case '{', '[':
		depth := 0
		for i < len(d) {
			switch d[i] {
			case '"':
				if i = skipString(d, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	start := i
	for i < len(d) {
		switch d[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if i == start {
				return -1
			}
			return i
		}
		i++
	}
	return i
}

// isNull reports whether the value at d[i] is the literal null.
func isNull(d []byte, i int) bool {
	return i+4 <= len(d) && string(d[i:i+4]) == "null"
}

// each calls fn for each member of the object or element of the array that
// opens at d[i] (key is the raw key between its quotes, nil for an array
// element; at is where the value starts) and returns the index just past
// the closing bracket. fn returns the index just past the value it was
// given, or -1 to stop.
func each(d []byte, i int, fn func(key []byte, at int) int) int {
	object := d[i] == '{'
	i = skipSpace(d, i+1)
	if i < len(d) && (d[i] == '}' || d[i] == ']') {
		return i + 1
	}
	for i >= 0 && i < len(d) {
		var key []byte
		if object {
			end := skipString(d, i)
			if end < 0 {
				return -1
			}
			key = d[i+1 : end-1]
			i = skipSpace(d, end)
			if i >= len(d) || d[i] != ':' {
				return -1
			}
			i = skipSpace(d, i+1)
		}
		if i = fn(key, i); i < 0 {
			return -1
		}
		i = skipSpace(d, i)
		if i >= len(d) {
			return -1
		}
		switch d[i] {
		case ',':
			i = skipSpace(d, i+1)
		case '}', ']':
			return i + 1
		default:
			return -1
		}
	}
	return -1
}
