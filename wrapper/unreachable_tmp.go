package wrapper

import "errors"

// ErrUnreachable matches a transport error meaning the API could not be reached.
var ErrUnreachable = errors.New("the API is unreachable")
