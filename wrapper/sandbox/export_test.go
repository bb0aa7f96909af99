package sandbox

import "time"

// WithBodyReadTimeout shortens the wait for a request's body, so that a
// test of the deadline takes milliseconds.
func WithBodyReadTimeout(d time.Duration) Option {
	return func(s *Server) error {
		s.bodyWait = d
		return nil
	}
}
