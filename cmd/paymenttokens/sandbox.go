package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/shift4shop-go/paymenttokens/tests/contract"
	"github.com/shift4shop-go/paymenttokens/tests/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// maxSeed bounds --seed: the sandbox keeps everything in memory.
const maxSeed = 1_000_000

// shutdownGrace is how long requests in flight may take to finish on interrupt.
const shutdownGrace = 5 * time.Second

func runSandbox(c *cli, args []string) error {
	p := pacing{burst: 50}
	var addr string
	var seed int
	fs := c.newFlags("sandbox", "[--addr HOST:PORT] [--seed N] [--rate R --burst B]",
		"Serves the in-memory PaymentTokens API (the same one the Go tests use) as a standalone server for tests in\n"+
			"any language, prints the four export lines that point this tool or any client at it, and runs until\n"+
			"interrupted. Its credentials are random for each run and worthless elsewhere.",
		&p, "the sandbox's leak rate: `R` requests per second, answering 429 beyond the burst (the real API: 2 and 50; default 0: no limit)")
	fs.StringVar(&addr, "addr", "127.0.0.1:0", "`HOST:PORT` to listen on (port 0: any free port)")
	fs.IntVar(&seed, "seed", 0, "store `N` sample tokens before serving")
	if _, err := c.parse(fs, args, 0, 0, ""); err != nil {
		return err
	}
	if err := p.check(); err != nil {
		return err
	}
	if seed < 0 || seed > maxSeed {
		return usagef("--seed %d: want 0 to %d", seed, maxSeed)
	}
	var opts []sandbox.Option
	if p.rate > 0 {
		opts = append(opts, sandbox.WithRateLimit(p.rate, p.burst))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on --addr %s: %w", addr, err)
	}
	sb := sandbox.New(opts...)
	defer sb.Close()
	for i := range seed {
		sb.Seed(seedToken(int32(i + 1)))
	}
	srv := &http.Server{Handler: sb.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	creds := sb.Credentials()
	fmt.Fprintf(c.stdout, "export %s=%s\nexport %s=%s\nexport %s=%s\nexport %s=%s\n",
		envSecureURL, creds.SecureURL, envPrivateKey, creds.PrivateKey, envToken, creds.Token,
		envBaseURL, baseURL(ln.Addr()))
	if !c.quiet {
		fmt.Fprintf(c.stderr, "sandbox: serving %d tokens at %s; stop with Ctrl-C\n", seed, baseURL(ln.Addr()))
	}
	select {
	case err := <-served:
		return fmt.Errorf("the server stopped: %w", err)
	case <-c.ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(ctx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("stopping the server: %w", err)
	}
	if !c.quiet {
		fmt.Fprintln(c.stderr, "sandbox: stopped")
	}
	return nil
}

// baseURL is the API's base URL on the listener, with a loopback host when it
// listens on every interface (clients allow plain http to loopback only).
func baseURL(addr net.Addr) string {
	host, port := "127.0.0.1", ""
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = fmt.Sprint(tcp.Port)
		if !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	}
	return "http://" + net.JoinHostPort(host, port) + contract.BasePath
}

// seedToken is the sandbox's sample token n with a payment profile of its
// own, so that seeded tokens have distinct keys and export and import cleanly.
func seedToken(n int32) wrapper.PaymentToken {
	t := sandbox.SampleToken(n)
	t.PaymentProfileID = fmt.Sprintf("pay-profile-%d", n)
	return t
}
