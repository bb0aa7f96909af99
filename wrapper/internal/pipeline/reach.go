package pipeline

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
)

// attemptTrace records what net/http reports of one attempt through
// httptrace: whether it handed the request a fresh or a reused connection,
// and whether a TLS handshake failed. A RoundTripper of the caller's own may
// report nothing (it may drop the trace with the context), so a missing
// event proves nothing: the verdicts below rest on the type of the error,
// and the trace only makes them more cautious, save for a failed handshake
// after which no connection was handed over at all.
type attemptTrace struct {
	fresh, reused, handshakeFailed atomic.Bool
}

func (t *attemptTrace) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				t.reused.Store(true)
			} else {
				t.fresh.Store(true)
			}
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				t.handshakeFailed.Store(true)
			}
		},
	}
}

// notConnected reports whether err says that no connection to the API was
// made: a failed dial (refused, timed out, network or host unreachable, or
// cancelled), a DNS failure, a proxy that could not be reached or refused
// the tunnel, or a failed TLS handshake.
func (t *attemptTrace) notConnected(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	var proxy *proxyRefusedError
	switch {
	case errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect"),
		errors.As(err, &dns), errors.As(err, &proxy), handshakeError(err):
		return true
	}
	return t.handshakeFailed.Load() && !t.fresh.Load() && !t.reused.Load()
}

// unreachable reports whether err means that the API could not be reached
// (ErrUnreachable): no connection was made, and not because the caller
// cancelled.
func (t *attemptTrace) unreachable(err error) bool {
	return !errors.Is(err, context.Canceled) && t.notConnected(err)
}

// connected reports whether net/http handed the request a connection: a
// timeout after that is the API's silence, before it a dial that hung.
func (t *attemptTrace) connected() bool { return t.fresh.Load() || t.reused.Load() }

// neverWritten reports whether err proves that no byte of the request was
// written, so that sending it again cannot apply it twice. Only an error
// saying no connection was made proves it, and not after net/http handed
// the request a fresh connection: it moves a write to another connection
// only off a reused one (that the server closed while it sat idle), and
// only when nothing of it was written there; so a dial error after a fresh
// connection comes from a layer of the caller's own that may have written
// the request first.
func (t *attemptTrace) neverWritten(err error) bool {
	return t.notConnected(err) && !t.fresh.Load()
}

// isTimeout reports whether err is a timeout of the transport or of the
// http.Client (its Timeout), as opposed to a refusal or a cut connection.
func isTimeout(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout()
}

// handshakeError reports the errors only a TLS handshake gives: the
// certificate refused, an answer that is not TLS (plain HTTP included), or
// net/http's handshake timeout (an unexported type: its text is fixed).
func handshakeError(err error) bool {
	var recordHeader tls.RecordHeaderError
	return certificateError(err) || errors.As(err, &recordHeader) || errors.Is(err, http.ErrSchemeMismatch) ||
		strings.Contains(err.Error(), "net/http: TLS handshake timeout")
}

// certificateError reports a server certificate that was refused.
func certificateError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verification *tls.CertificateVerificationError
	return errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verification)
}
