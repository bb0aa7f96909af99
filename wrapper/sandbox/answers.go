package sandbox

import "net/http"

// answerTracker records whether an answer was started, so that an error met
// while writing it (the client left) is not answered a second time.
type answerTracker struct {
	http.ResponseWriter
	started bool
}

func (a *answerTracker) WriteHeader(status int) {
	a.started = true
	a.ResponseWriter.WriteHeader(status)
}

func (a *answerTracker) Write(b []byte) (int, error) {
	a.started = true
	return a.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (a *answerTracker) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// trackAnswers hands next an answerTracker.
func trackAnswers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&answerTracker{ResponseWriter: w}, r)
	})
}

// answerStarted reports whether w, as given by trackAnswers, has begun an answer.
func answerStarted(w http.ResponseWriter) bool {
	a, ok := w.(*answerTracker)
	return ok && a.started
}
