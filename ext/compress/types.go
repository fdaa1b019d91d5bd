package compress

import "strings"

// typeSet is a set of media types, with "type/*" entries for whole types.
type typeSet struct {
	exact  map[string]bool
	prefix []string // "image/", ...
	except map[string]bool
}

// defaultSkipTypes returns the media types whose content is compressed
// already, so that compressing it again costs CPU and saves nothing.
func defaultSkipTypes() typeSet {
	s := typeSet{exact: map[string]bool{}}
	for _, t := range []string{
		"image/*", "audio/*", "video/*",
		"font/woff", "font/woff2", "application/font-woff",
		"application/zip", "application/gzip", "application/x-gzip", "application/zstd",
		"application/x-bzip2", "application/x-xz", "application/x-7z-compressed",
		"application/x-rar-compressed", "application/vnd.rar", "application/x-brotli",
		"application/pdf", "application/epub+zip",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	} {
		s.add(t)
	}
	// Images, but not these, which are text or uncompressed.
	s.except = map[string]bool{
		"image/svg+xml": true, "image/bmp": true, "image/x-icon": true, "image/vnd.microsoft.icon": true,
	}
	return s
}

func (s *typeSet) add(t string) {
	t = strings.ToLower(strings.TrimSpace(t))
	if prefix, ok := strings.CutSuffix(t, "/*"); ok {
		s.prefix = append(s.prefix, prefix+"/")
		for e := range s.except {
			if strings.HasPrefix(e, prefix+"/") {
				delete(s.except, e)
			}
		}
		return
	}
	s.exact[t] = true
	delete(s.except, t)
}

// has reports whether the media type of a Content-Type value is in the set.
func (s *typeSet) has(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	if s.exact[t] {
		return true
	}
	if s.except[t] {
		return false
	}
	for _, p := range s.prefix {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}
