package pipeline

import "errors"

// The sentinels below are exported by package wrapper under the same names,
// where their docs say what they mean.
var (
	// ErrOutcomeUnknown is wrapper.ErrOutcomeUnknown.
	ErrOutcomeUnknown = errors.New("outcome unknown: the write may have been applied")
	// ErrUnreachable is wrapper.ErrUnreachable.
	ErrUnreachable = errors.New("the API could not be reached (check the network, the base URL and any proxy)")
	// ErrNoAnswer is wrapper.ErrNoAnswer.
	ErrNoAnswer = errors.New("the API did not answer in time")
)

// errBodyTooLarge marks a body beyond the WithMaxBodySize cap.
var errBodyTooLarge = errors.New("response body too large")
