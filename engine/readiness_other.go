//go:build !unix

package engine

const canPeek = false

func (c *conn) peekReady(fd uintptr) bool { c.peekN = 1; return true }

func (c *conn) peekGone(fd uintptr) bool { return true }

func (c *conn) peekUnread(fd uintptr) bool { c.peekN, c.peekE = 0, nil; return true }

func (s *session) readRaw(fd uintptr) bool { s.rawN, s.rawErr = 0, nil; return true }

func (s *session) writeRaw(fd uintptr) bool { s.rawN, s.rawErr = 0, nil; return true }
