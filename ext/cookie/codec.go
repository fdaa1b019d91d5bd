package cookie

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/iron-go/iron"
	"golang.org/x/crypto/chacha20poly1305"
)

// DefaultMaxAge is how long a value a [Codec] encodes stays valid when
// neither the cookie nor the caller says: 24 hours.
const DefaultMaxAge = 24 * time.Hour

var (
	// ErrNoCookie is returned by [Codec.Get] when the request has no cookie
	// of that name.
	ErrNoCookie = errors.New("cookie: no such cookie")
	// ErrInvalid is returned by [Codec.Decode] and [Codec.Get] for a value
	// that was not made by the codec for that cookie name under one of its
	// keys: tampered with, truncated, made for another cookie, made by the
	// other kind of codec, or under a key that has been retired.
	ErrInvalid = errors.New("cookie: value not authentic")
	// ErrExpired is returned by [Codec.Decode] and [Codec.Get] for an
	// authentic value whose expiry has passed.
	ErrExpired = errors.New("cookie: value expired")
)

// Codec signs or encrypts cookie values under a list of keys (see the
// package doc). Make one with [NewSigned] or [NewEncrypted]; it is
// read-only afterwards and safe for concurrent use.
type Codec struct {
	version byte
	aeads   []cipher.AEAD // encrypting codec: one per key, first seals
	macs    []*sync.Pool  // signing codec: HMACs of one key each, first signs
	maxAge  time.Duration
}

// Option configures a [Codec] made by [NewSigned] or [NewEncrypted], which
// check it: a bad value panics there, with an error naming the option and
// the value.
type Option func(*Codec)

// MaxAge sets how long an encoded value stays valid when the caller gives no
// expiry (a zero time to [Codec.Encode], a cookie with neither MaxAge nor
// Expires to [Codec.Set]); [DefaultMaxAge] unless set. The constructor
// panics unless d is at least a second.
func MaxAge(d time.Duration) Option {
	return func(c *Codec) {
		if d < time.Second {
			panic(fmt.Errorf("cookie: MaxAge(%v): must be at least 1s", d))
		}
		c.maxAge = d
	}
}

const (
	versionEncrypted byte = 1
	versionSigned    byte = 2

	expiryLen = 8
	macLen    = sha256.Size
	// maxEncodedLen bounds what Decode reads: twice what a browser keeps,
	// so a client cannot make the server decode megabytes.
	maxEncodedLen = 2 * MaxSize
)

// NewSigned returns a codec that signs values with HMAC-SHA-256 under keys:
// the first key signs, all of them verify. Signed values are readable by
// anyone who has the cookie; use [NewEncrypted] for values the client must
// not read. It panics when keys is empty or a key is shorter than
// [MinKeyLength] bytes; make keys from a secret with [DeriveKeys].
func NewSigned(keys [][]byte, opts ...Option) *Codec {
	c := newCodec("NewSigned", versionSigned, keys, opts)
	for _, k := range keys {
		sk := subkey(k, "signed v1")
		// An HMAC costs several allocations to make and is not safe for
		// concurrent use: keep ready ones, reset before each use.
		c.macs = append(c.macs, &sync.Pool{New: func() any { return hmac.New(sha256.New, sk) }})
	}
	return c
}

// NewEncrypted returns a codec that encrypts and authenticates values with
// XChaCha20-Poly1305 under keys: the first key encrypts, all of them
// decrypt. It panics when keys is empty or a key is shorter than
// [MinKeyLength] bytes; make keys from a secret with [DeriveKeys].
func NewEncrypted(keys [][]byte, opts ...Option) *Codec {
	c := newCodec("NewEncrypted", versionEncrypted, keys, opts)
	for _, k := range keys {
		aead, err := chacha20poly1305.NewX(subkey(k, "encrypted v1"))
		if err != nil {
			panic("cookie: " + err.Error()) // a 32-byte key cannot fail
		}
		c.aeads = append(c.aeads, aead)
	}
	return c
}

func newCodec(op string, version byte, keys [][]byte, opts []Option) *Codec {
	if len(keys) == 0 {
		panic(fmt.Errorf("cookie: %s: no key given", op))
	}
	for i, k := range keys {
		if len(k) < MinKeyLength {
			panic(fmt.Errorf("cookie: %s: key %d is %d bytes, at least %d are needed (see DeriveKeys)", op, i+1, len(k), MinKeyLength))
		}
	}
	c := &Codec{version: version, maxAge: DefaultMaxAge}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// Encrypts reports whether the codec encrypts values (made by
// [NewEncrypted]) rather than only signing them.
func (c *Codec) Encrypts() bool { return c.version == versionEncrypted }

// MaxAge returns how long a value stays valid when no expiry is given.
func (c *Codec) MaxAge() time.Duration { return c.maxAge }

// Encode protects value for the cookie called name, valid until expires (a
// zero expires means now plus the codec's MaxAge), and returns it as
// base64url text that is a valid cookie value. It does not keep value.
func (c *Codec) Encode(name string, value []byte, expires time.Time) string {
	if expires.IsZero() {
		expires = time.Now().Add(c.maxAge)
	}
	var raw []byte
	if c.version == versionEncrypted {
		raw = c.seal(name, value, expires)
	} else {
		raw = c.sign(name, value, expires)
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

// Decode returns the value Encode protected for the cookie called name. A
// value that is not authentic is [ErrInvalid], one whose expiry has passed
// [ErrExpired]; any input, however hostile, gives one of those or the value,
// never a panic.
func (c *Codec) Decode(name, encoded string) ([]byte, error) {
	if len(encoded) > maxEncodedLen {
		return nil, ErrInvalid
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(encoded)
	if err != nil || len(raw) == 0 || raw[0] != c.version {
		return nil, ErrInvalid
	}
	var plain []byte
	if c.version == versionEncrypted {
		plain, err = c.open(name, raw)
	} else {
		plain, err = c.verify(name, raw)
	}
	if err != nil {
		return nil, err
	}
	if time.Now().Unix() >= int64(binary.BigEndian.Uint64(plain)) {
		return nil, ErrExpired
	}
	return plain[expiryLen:], nil
}

// Set encodes ck.Value for ck.Name and sets the cookie on res as [Set] does
// (ck itself is not changed). The value expires with the cookie: at
// now+MaxAge for a positive MaxAge, else at Expires when set, else after the
// codec's MaxAge (the browser may keep such a session cookie longer, but it
// is refused after that).
func (c *Codec) Set(res *iron.Response, ck *http.Cookie) error {
	if ck == nil {
		return fmt.Errorf("%w: nil cookie", ErrMalformed)
	}
	var expires time.Time
	switch {
	case ck.MaxAge > 0:
		expires = time.Now().Add(time.Duration(ck.MaxAge) * time.Second)
	case !ck.Expires.IsZero():
		expires = ck.Expires
	}
	cc := *ck
	cc.Value = c.Encode(ck.Name, []byte(ck.Value), expires)
	return Set(res, &cc)
}

// Get returns the decoded value of the request's cookie called name:
// [ErrNoCookie] when there is none, [ErrInvalid] or [ErrExpired] when its
// value does not decode. Whatever the error, treat the cookie as absent.
func (c *Codec) Get(req *iron.Request, name string) (string, error) {
	encoded, ok := Get(req, name)
	if !ok {
		return "", ErrNoCookie
	}
	v, err := c.Decode(name, encoded)
	if err != nil {
		return "", err
	}
	return string(v), nil
}

// seal returns version | nonce | XChaCha20-Poly1305(expiry | value), with
// the version and the cookie name as additional data.
func (c *Codec) seal(name string, value []byte, expires time.Time) []byte {
	aead := c.aeads[0]
	ns := aead.NonceSize()
	head := 1 + ns
	buf := make([]byte, head+expiryLen+len(value), head+expiryLen+len(value)+aead.Overhead())
	buf[0] = c.version
	nonce := buf[1:head]
	rand.Read(nonce) // never fails (crypto/rand)
	binary.BigEndian.PutUint64(buf[head:], uint64(expires.Unix()))
	copy(buf[head+expiryLen:], value)
	plain := buf[head:]
	sealed := aead.Seal(plain[:0], nonce, plain, additionalData(c.version, name))
	return buf[:head+len(sealed)]
}

func (c *Codec) open(name string, raw []byte) ([]byte, error) {
	ns := c.aeads[0].NonceSize()
	if len(raw) < 1+ns+expiryLen+c.aeads[0].Overhead() {
		return nil, ErrInvalid
	}
	nonce, sealed := raw[1:1+ns], raw[1+ns:]
	ad := additionalData(c.version, name)
	for _, aead := range c.aeads {
		// Open into a fresh buffer: opening in place would garble sealed
		// for the next key when this one fails.
		if plain, err := aead.Open(nil, nonce, sealed, ad); err == nil {
			return plain, nil
		}
	}
	return nil, ErrInvalid
}

func additionalData(version byte, name string) []byte {
	ad := make([]byte, 1+len(name))
	ad[0] = version
	copy(ad[1:], name)
	return ad
}

// sign returns version | expiry | value | HMAC-SHA-256(version, len(name),
// name, expiry, value).
func (c *Codec) sign(name string, value []byte, expires time.Time) []byte {
	buf := make([]byte, 1+expiryLen+len(value), 1+expiryLen+len(value)+macLen)
	buf[0] = c.version
	binary.BigEndian.PutUint64(buf[1:], uint64(expires.Unix()))
	copy(buf[1+expiryLen:], value)
	return mac(c.macs[0], name, buf, buf)
}

func (c *Codec) verify(name string, raw []byte) ([]byte, error) {
	if len(raw) < 1+expiryLen+macLen {
		return nil, ErrInvalid
	}
	body, tag := raw[:len(raw)-macLen], raw[len(raw)-macLen:]
	var sum [macLen]byte
	for _, p := range c.macs {
		if hmac.Equal(mac(p, name, body, sum[:0]), tag) {
			return body[1:], nil
		}
	}
	return nil, ErrInvalid
}

// mac appends to dst the MAC of body for the cookie called name; the name
// goes in with its length, so that no name and body can pass for another.
func mac(pool *sync.Pool, name string, body, dst []byte) []byte {
	h := pool.Get().(hash.Hash)
	defer pool.Put(h)
	h.Reset()
	h.Write(body[:1])
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(name)))
	h.Write(n[:])
	io.WriteString(h, name)
	h.Write(body[1:])
	return h.Sum(dst)
}
