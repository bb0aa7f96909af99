package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Cut says whether and when the sandbox drops the connection.
type Cut int

const (
	// NoCut answers normally.
	NoCut Cut = iota
	// CutBeforeHandling closes the connection without an answer; the request is not handled.
	CutBeforeHandling
	// CutMidBody handles the request (so the store changes), sends the status,
	// the headers and half of the body, then closes the connection: the client
	// cannot know the outcome.
	CutMidBody
)

// Fault describes how the sandbox misbehaves for one request.
type Fault struct {
	// Delay waits before answering; it ends early when the client gives up or the server closes.
	Delay time.Duration
	// Status, when non-zero, answers this status with Header and Body instead
	// of handling the request; the store is untouched.
	Status int
	// Header is added to the answer of Status.
	Header http.Header
	// Body is the answer of Status, sent as is (malformed on purpose if you like).
	Body []byte
	// Cut drops the connection; with Status it cuts that answer instead of the real one.
	Cut Cut
}

// FaultFunc chooses the fault for one request, or nil to answer normally.
// It is called from many goroutines at once.
type FaultFunc func(r *http.Request) *Fault

// serveFault applies f, calling next when the real handler should answer.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault, next http.Handler) {
	if f.Delay > 0 {
		// The server notices a client that went away only once the body is
		// read: read it now, and hand the handler a copy.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		timer := time.NewTimer(f.Delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
	if f.Cut == CutBeforeHandling {
		hijackAndClose(w)
		return
	}
	answer := func(w http.ResponseWriter) {
		if f.Status == 0 {
			next.ServeHTTP(w, r)
			return
		}
		for k, vs := range f.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(f.Status)
		_, _ = w.Write(f.Body)
	}
	if f.Cut != CutMidBody {
		answer(w)
		return
	}
	rec := &recorder{ResponseWriter: w, header: http.Header{}}
	answer(rec)
	for k, vs := range rec.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)))
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body[:len(rec.body)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	hijackAndClose(w)
}

// hijackAndClose drops the client's connection without a clean end.
func hijackAndClose(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // net/http drops the connection for us
	}
	_ = conn.Close()
}

// recorder captures an answer so that only part of it can be sent. The
// embedded writer is the real one, reached only through Unwrap (for the
// body's read deadline): Header, WriteHeader and Write stay in the recorder.
type recorder struct {
	http.ResponseWriter
	header http.Header
	status int
	body   []byte
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	r.body = append(r.body, b...)
	return len(b), nil
}
