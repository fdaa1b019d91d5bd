//go:build !unix

package engine

import "errors"

const canPeek = false

const canStandingWait = false

var errWouldBlock = errors.New("engine: would block")

func (c *conn) peekNow(fd uintptr) (int, error) { return 0, errWouldBlock }

func (c *conn) peekReady(fd uintptr) bool { c.peekN = 1; return true }

func (c *conn) peekGone(fd uintptr) bool { return true }

func (c *conn) peekUnread(fd uintptr) bool { c.peekN, c.peekE = 0, nil; return true }

func (s *session) readRaw(fd uintptr) { s.rawN, s.rawErr = 0, nil }

func (s *session) writeRaw(fd uintptr) { s.rawN, s.rawErr = 0, nil }
