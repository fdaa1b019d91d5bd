package static

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// webTypes are the content types browsers are strict about: a module script
// must come as JavaScript, a stylesheet in standards mode as text/css,
// streamed WebAssembly as application/wasm. They take precedence over the
// mime package, whose table the operating system extends and may override
// (a mime.types or Windows registry entry that makes .js text/plain breaks
// every module on the site).
var webTypes = map[string]string{
	".avif":  "image/avif",
	".css":   "text/css; charset=utf-8",
	".gif":   "image/gif",
	".htm":   "text/html; charset=utf-8",
	".html":  "text/html; charset=utf-8",
	".ico":   "image/vnd.microsoft.icon",
	".jpeg":  "image/jpeg",
	".jpg":   "image/jpeg",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".mjs":   "text/javascript; charset=utf-8",
	".png":   "image/png",
	".svg":   "image/svg+xml",
	".txt":   "text/plain; charset=utf-8",
	".wasm":  "application/wasm",
	".webp":  "image/webp",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

// contentType returns the type of the file name by its extension: the
// configured types first, then the web's, then the mime package's; for an
// extension none knows, by sniffing the file's first bytes as browsers do.
// Sniffing reads them at position 0 when f can, or reads them and seeks
// back; a file that can do neither has them returned in head, to be sent
// before the rest of f.
func (s *fileServer) contentType(name string, f fs.File) (ctype string, head []byte) {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := s.cfg.types[ext]; ok {
		return ct, nil
	}
	if ct, ok := webTypes[ext]; ok {
		return ct, nil
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct, nil
	}
	buf := make([]byte, 512)
	if ra, ok := f.(io.ReaderAt); ok {
		n, _ := ra.ReadAt(buf, 0)
		return http.DetectContentType(buf[:n]), nil
	}
	n, _ := io.ReadFull(f, buf)
	buf = buf[:n]
	if sk, ok := f.(io.Seeker); ok {
		if _, err := sk.Seek(0, io.SeekStart); err == nil {
			return http.DetectContentType(buf), nil
		}
	}
	return http.DetectContentType(buf), buf
}
