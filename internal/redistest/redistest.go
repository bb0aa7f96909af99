// Package redistest runs a real redis-server (Debian's package) for tests:
// on a free loopback port, with a directory of its own, no persistence,
// stopped when the test ends.
package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Server is one redis-server process; Stop and Start keep its address.
type Server struct {
	tb   testing.TB
	dir  string
	port int
	cmd  *exec.Cmd
}

// Start runs redis-server on a free port of 127.0.0.1 and stops it when
// tb ends. It fails tb when redis-server is not installed (apt-get install
// redis-server; .ci/run installs it).
func Start(tb testing.TB) *Server {
	tb.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		tb.Fatalf("paymenttokens: redis-server not found (%v): install Debian's redis-server package", err)
	}
	s := &Server{tb: tb, dir: tb.TempDir(), port: freePort(tb)}
	s.Start()
	tb.Cleanup(s.Stop)
	return s
}

// Addr is host:port, for redis.Options.Addr.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// URL is the redis:// URL of the server.
func (s *Server) URL() string { return "redis://" + s.Addr() }

// Start starts the server again after Stop, on the same port, and waits
// until it takes connections (at most 10 s).
func (s *Server) Start() {
	s.tb.Helper()
	if s.cmd != nil {
		return
	}
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		s.tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("paymenttokens: starting redis-server: %v", err)
	}
	s.cmd = cmd
	ready := make(chan struct{})
	go func() { // read until it is ready, then drain, so that it never blocks on its log
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if strings.Contains(lines.Text(), "Ready to accept connections") {
				close(ready)
				break
			}
		}
		for lines.Scan() {
		}
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		s.Stop()
		s.tb.Fatalf("paymenttokens: redis-server on port %d did not become ready within 10 s", s.port)
	}
}

// Stop kills the server (as a crash would: SIGKILL) and waits for it to end.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// freePort asks the kernel for a free port of 127.0.0.1.
func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(fmt.Errorf("paymenttokens: finding a free port: %w", err))
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
