package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// maxSeed bounds --seed: the sandbox keeps everything in memory.
const maxSeed = 1_000_000

// shutdownGrace is how long requests in flight may take to finish on interrupt.
const shutdownGrace = 5 * time.Second

// sandboxOptions are what the sandbox is asked to serve.
type sandboxOptions struct {
	pacing    pacing
	addr      string
	envOut    string
	seed      int
	behaviour sandbox.Behaviour
}

// parseSandbox reads the sandbox's flags and checks them, before it serves.
func parseSandbox(c *cli, args []string) (*sandboxOptions, error) {
	o := &sandboxOptions{pacing: pacing{burst: 50}}
	fs := c.newFlags("sandbox", "",
		"Serves the in-memory PaymentTokens API (the same one the Go tests use) as a standalone server for tests in\n"+
			"any language, prints the four export lines that point this tool or any client at it, and runs until\n"+
			"interrupted. Its credentials are random for each run and worthless elsewhere.\n\n"+
			"It answers as the documented API unless told to misbehave as some real stores and gateways do, to rehearse\n"+
			"a migration against them: --page-cap, --merge-put, --unordered, --reuse-ids, --not-found-once-at,\n"+
			"--shift-once-at with --shift-by, --gateway-timeout-every with --apply-late, --create-delay,\n"+
			"--array-create, --rate-limit-headers, --date-layout and --store-offset. The line it prints on stderr\n"+
			"names the misbehaviours that are on. With --json, the export lines are replaced by one JSON document\n"+
			"printed once it serves (outcome \"serving\").")
	c.shared(fs, func() {
		o.pacing.register(fs, "the sandbox's leak rate: `R` requests per second, answering 429 beyond the burst\n(the real API: 2 and 50; default 0: no limit)")
	})
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "`HOST:PORT` to listen on (port 0: any free port)")
	fs.IntVar(&o.seed, "seed", 0, "store `N` sample tokens before serving")
	fs.StringVar(&o.envOut, "env-out", "", "also write the four variables to `FILE` for --env-file (mode 0600; replaces only a file a sandbox wrote)")
	behaviourFlags(fs, &o.behaviour)
	if _, err := c.parse(fs, args, 0, 0, ""); err != nil {
		return nil, err
	}
	if err := o.pacing.check(); err != nil {
		return nil, err
	}
	if o.seed < 0 || o.seed > maxSeed {
		return nil, usagef("--seed %d: want 0 to %d", o.seed, maxSeed)
	}
	if err := checkBehaviour(o.behaviour); err != nil {
		return nil, err
	}
	if err := checkEnvOut(o.envOut); err != nil {
		return nil, err
	}
	return o, nil
}

// sandboxRun serves the sandbox until interrupted.
func sandboxRun(c *cli, o *sandboxOptions) error {
	opts := []sandbox.Option{sandbox.WithBehaviour(o.behaviour)}
	if o.pacing.rate > 0 {
		opts = append(opts, sandbox.WithRateLimit(o.pacing.rate, o.pacing.burst))
	}
	sb, err := sandbox.New(opts...)
	if err != nil {
		return usageFrom("", err)
	}
	defer sb.Close()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return usagef("cannot listen on --addr %s: %v", o.addr, err)
	}
	for i := range o.seed {
		sb.Seed(sandbox.SampleToken(int32(i + 1)))
	}
	srv := &http.Server{Handler: sb.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	creds := sb.Credentials()
	summary := sandboxSummary{BaseURL: baseURL(ln.Addr()), Tokens: o.seed, Env: map[string]string{
		envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: baseURL(ln.Addr()),
	}}
	if o.envOut != "" {
		if err := writeEnvOut(o.envOut, summary); err != nil {
			_ = srv.Close()
			<-served
			return err // safefile.WriteFile names the file
		}
	}
	c.serving(summary)
	if !c.flags.quiet {
		fmt.Fprintf(c.io.errOut, "sandbox: serving %d tokens at %s; stop with Ctrl-C\n", o.seed, baseURL(ln.Addr()))
		if on := describeBehaviour(o.behaviour); len(on) > 0 {
			fmt.Fprintf(c.io.errOut, "sandbox: misbehaving: %s\n", strings.Join(on, "; "))
		}
	}
	return c.serveUntilInterrupted(srv, served)
}

// serveUntilInterrupted waits for an interrupt, then shuts srv down within
// shutdownGrace; served is what its Serve returned.
func (c *cli) serveUntilInterrupted(srv *http.Server, served chan error) error {
	select {
	case err := <-served:
		return fmt.Errorf("the server stopped: %w", err)
	case <-c.ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(ctx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("stopping the server: %w", err)
	}
	if !c.flags.quiet {
		fmt.Fprintln(c.io.errOut, "sandbox: stopped")
	}
	return nil
}

// sandboxSummary is what the sandbox prints once it serves.
type sandboxSummary struct {
	// BaseURL is the API's base URL on the sandbox.
	BaseURL string `json:"base_url"`
	// Tokens is how many sample tokens it holds (--seed).
	Tokens int `json:"tokens"`
	// Env holds the four variables that point a client at it, by name:
	// THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY, THREEDCART_TOKEN and
	// THREEDCART_BASE_URL. The credentials are the sandbox's own, random for
	// each run and worthless elsewhere.
	Env map[string]string `json:"env"`
}

// printText prints the export lines, in the order of envNames.
func (s sandboxSummary) printText(c *cli) {
	for _, name := range envNames {
		fmt.Fprintf(c.io.out, "export %s=%s\n", name, s.Env[name])
	}
}

// serving reports the sandbox's summary at once: with --json as the run's
// document, with the outcome "serving".
func (c *cli) serving(s sandboxSummary) {
	if !c.flags.json {
		s.printText(c)
		return
	}
	c.writeDocument(document{Command: "sandbox", Outcome: "serving", Summary: s})
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
	return "http://" + net.JoinHostPort(host, port) + sandbox.BasePath
}

// behaviourFlags defines the flags of every sandbox.Behaviour field.
func behaviourFlags(fs *flag.FlagSet, b *sandbox.Behaviour) {
	fs.IntVar(&b.PageCap, "page-cap", 0, fmt.Sprintf("serve at most `N` tokens a page whatever limit asks (0: %d, the API's)", sandbox.MaxLimit))
	fs.BoolVar(&b.MergePUT, "merge-put", false, "merge a PUT (one and bulk) into the stored token: a field the body leaves empty or 0 keeps its value")
	fs.BoolVar(&b.Unordered, "unordered", false, "list tokens in a fixed order other than by id (stable across pages and calls)")
	fs.BoolVar(&b.ReuseIDs, "reuse-ids", false, "give a new token the lowest free id instead of the highest plus one")
	fs.IntVar(&b.NotFoundOnceAt, "not-found-once-at", 0, "answer the first list request at `OFFSET` the API's own 404 \"No payment tokens found.\"")
	fs.IntVar(&b.ShiftOnceAt, "shift-once-at", 0, "serve the first list request at `OFFSET` --shift-by records early")
	fs.IntVar(&b.ShiftBy, "shift-by", 0, "how many records early (`N`) --shift-once-at serves its page")
	fs.IntVar(&b.GatewayTimeoutEvery, "gateway-timeout-every", 0, "answer every `N`th create a gateway's 504 (HTML) at once, and store the token --apply-late later")
	fs.DurationVar(&b.ApplyLate, "apply-late", 0, fmt.Sprintf("when a create that --gateway-timeout-every timed out lands, as a Go `DURATION` such as 2s (default %s)", durationText(sandbox.DefaultApplyLate)))
	fs.DurationVar(&b.CreateDelay, "create-delay", 0, "make every create take `DURATION` (such as 500ms); the token is stored even when the client has gone")
	fs.BoolVar(&b.ArrayCreate, "array-create", false, "take an array of tokens in a POST too, answering like the bulk PUT (200, or 206 with a status per item)")
	fs.BoolVar(&b.RateLimitHeaders, "rate-limit-headers", false, "send X-RateLimit-Limit and X-RateLimit-Remaining with every answer")
	fs.StringVar(&b.DateLayout, "date-layout", "", "emit LastUpdate in the Go time `LAYOUT` such as 2006-01-02T15:04:05 (default the API's 01/02/2006 15:04)")
	fs.DurationVar(&b.StoreOffset, "store-offset", 0, "emit LastUpdate as the wall clock of a store `DURATION` from UTC, such as -5h (-14h to 14h)")
}

// behaviourFlag is the flag of each sandbox.Behaviour field that has one,
// by field name, to name the flag in sandbox.Behaviour.Check's message.
var behaviourFlag = map[string]string{
	"PageCap": "page-cap", "NotFoundOnceAt": "not-found-once-at", "ShiftOnceAt": "shift-once-at", "ShiftBy": "shift-by",
	"GatewayTimeoutEvery": "gateway-timeout-every", "ApplyLate": "apply-late", "CreateDelay": "create-delay", "StoreOffset": "store-offset",
}

// checkBehaviour refuses misbehaviour flags that cannot be meant, naming the
// flags: what sandbox.Behaviour.Check refuses, and --apply-late alone.
func checkBehaviour(b sandbox.Behaviour) error {
	var refused *sandbox.BehaviourError
	if errors.As(b.Check(), &refused) {
		flags := make([]string, len(refused.Fields))
		for i, field := range refused.Fields {
			value := refused.Values[i]
			if d, ok := value.(time.Duration); ok {
				value = durationText(d)
			}
			flags[i] = fmt.Sprintf("--%s %v", behaviourFlag[field], value)
		}
		return usagef("%s: %s", strings.Join(flags, " "), refused.Want)
	}
	if b.ApplyLate > 0 && b.GatewayTimeoutEvery == 0 {
		return usagef("--apply-late %s: it times the creates of --gateway-timeout-every N; give that too", durationText(b.ApplyLate))
	}
	return nil
}

// describeBehaviour names the misbehaviours that are on, for the banner.
func describeBehaviour(b sandbox.Behaviour) []string {
	var on []string
	add := func(when bool, format string, args ...any) {
		if when {
			on = append(on, fmt.Sprintf(format, args...))
		}
	}
	add(b.PageCap > 0, "at most %d tokens a page (--page-cap)", b.PageCap)
	add(b.MergePUT, "PUT merges into the stored token (--merge-put)")
	add(b.Unordered, "lists in an order other than by id (--unordered)")
	add(b.ReuseIDs, "a new token takes the lowest free id (--reuse-ids)")
	add(b.NotFoundOnceAt > 0, "the first list at offset %d is answered 404 (--not-found-once-at)", b.NotFoundOnceAt)
	add(b.ShiftOnceAt > 0, "the first list at offset %d is served %d records early (--shift-once-at, --shift-by)", b.ShiftOnceAt, b.ShiftBy)
	add(b.GatewayTimeoutEvery > 0, "%s is answered 504 by the gateway and lands %s later (--gateway-timeout-every, --apply-late)",
		everyNth(b.GatewayTimeoutEvery, "create"), durationText(cmp.Or(b.ApplyLate, sandbox.DefaultApplyLate)))
	add(b.CreateDelay > 0, "every create takes %s (--create-delay)", durationText(b.CreateDelay))
	add(b.ArrayCreate, "POST takes an array of tokens (--array-create)")
	add(b.RateLimitHeaders, "answers carry X-RateLimit headers (--rate-limit-headers)")
	add(b.DateLayout != "", "LastUpdate in the layout %s (--date-layout)", b.DateLayout)
	add(b.StoreOffset != 0, "LastUpdate on a clock %s from UTC (--store-offset)", durationText(b.StoreOffset))
	return on
}

// everyNth is "every create" for 1, then "every 2nd create", "every 3rd
// create", …, "every 11th create", "every 21st create", ….
func everyNth(n int, what string) string {
	if n == 1 {
		return "every " + what
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("every %d%s %s", n, suffix, what)
}
