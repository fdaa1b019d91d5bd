// Package cookie reads the cookies of a request, sets cookies on a response,
// and protects cookie values with a signature or with encryption.
//
// # Reading
//
// [Get] returns the value of one cookie and [All] every cookie the client
// sent, parsed as net/http's Request.Cookies parses them (cookies with an
// invalid name or value are skipped, surrounding double quotes are removed).
// Get scans the Cookie header and copies nothing; All parses it once per
// request and caches the result in the request (a [iron.Plugin]).
//
// # Setting
//
// [Set] appends a cookie to a response as a Set-Cookie line of its own: it
// never replaces another Set-Cookie, whoever set it (Iron's session
// extension used to overwrite them all). Set checks the cookie and returns an
// error wrapping [ErrMalformed] instead of sending one a browser would drop
// or misread: the name must be an RFC 9110 token; the value must be RFC 6265
// cookie-octets (no space, comma, double quote, semicolon, backslash, control
// or non-ASCII byte: encode such values, with base64 say, first); name and
// value together must fit in 4096 bytes, the size every browser keeps
// ([ErrTooLarge]); SameSite=None and Partitioned need Secure. Set's defaults,
// applied to a copy so the caller's cookie is untouched: an empty Path is
// "/" (so the cookie is sent for the whole site, not just the directory of
// the URL that set it) and an unset SameSite is Lax (what browsers assume,
// said explicitly). HttpOnly and Secure are left as given: set HttpOnly on
// every cookie scripts need not read, and Secure on every cookie of an HTTPS
// site. [Delete] sets a cookie that makes the browser drop one.
//
// # Signed and encrypted values
//
// A [Codec] protects cookie values with a list of keys: the first key signs
// or encrypts, every key verifies or decrypts, so keys can be rotated without
// signing everyone out (put the new key first, keep the old one until the
// cookies it made have expired, then drop it). [NewSigned] signs values with
// HMAC-SHA-256: the client can read them but not change them. [NewEncrypted]
// encrypts them with XChaCha20-Poly1305 (golang.org/x/crypto): the client
// can neither read nor change them. XChaCha20-Poly1305 rather than the
// standard library's AES-GCM because cookie values are encrypted by every
// instance of a site under the same key, so nonces can only be random, and
// AES-GCM's 96-bit random nonces bound how many values one key may safely
// encrypt (about 2^32), while XChaCha20's 192-bit nonces put no practical
// bound on it; it is also constant-time in software on every CPU.
//
// The cookie's name is authenticated with its value, so a value cannot be
// moved to another cookie, and so is an expiry time, so a value stops being
// accepted when it expires even if a client keeps it. A value that was
// tampered with, truncated, made for another cookie or under a key no longer
// in the list is reported as [ErrInvalid], one that has expired as
// [ErrExpired]; neither ever panics, and both mean: treat the cookie as
// absent.
//
// Keys are at least 32 random bytes. [DeriveKeys] makes them from secret
// strings (a flag or an environment variable shared by every instance of a
// site) with HKDF-SHA-256, and reports a secret shorter than
// [MinSecretLength] as an error for the program to show its user. Each Codec
// derives its own sub-keys from the keys it is given, so the same keys can
// serve a signed and an encrypted Codec without one's output ever being
// accepted by the other.
//
//	keys, err := cookie.DeriveKeys(os.Getenv("SITE_SECRET"))
//	if err != nil {
//		log.Fatal(err) // "cookie: secret 1 is 12 bytes, at least 32 are needed"
//	}
//	prefs := cookie.NewEncrypted(keys, cookie.MaxAge(30*24*time.Hour))
//	...
//	theme, err := prefs.Get(req, "theme") // "" and an error: use the default
//	err = prefs.Set(res, &http.Cookie{Name: "theme", Value: "dark", HttpOnly: true})
//
// # Costs
//
// Get allocates nothing but the list of Cookie lines the request returns
// (none once its header map is built, one small slice before); Set
// allocates the Set-Cookie line; a Codec's Encode and Decode allocate their output and a working
// buffer, and Decode tries the keys in order, so a value under the third key
// costs three decryptions. Codecs are safe for concurrent use.
package cookie
