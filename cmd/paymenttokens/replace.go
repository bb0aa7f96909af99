package main

import (
	"errors"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

// checkReplaceable refuses, before any request, an output path (given by
// flag) that names an existing file this tool may not replace (see
// safefile.MayReplace: a regular file of at most maxBytes that ours
// recognises). notOurs says what the file is not ("is not a probe report").
func checkReplaceable(flag, path, notOurs string, maxBytes int64, ours func([]byte) bool) error {
	ok, err := safefile.MayReplace(path, maxBytes, true, ours)
	if err != nil && !errors.Is(err, safefile.ErrTooLarge) && !errors.Is(err, safefile.ErrNotRegular) {
		return usagef("%s %s: %v", flag, path, err)
	}
	if ok {
		return nil
	}
	return usagef("%s %s: the file exists and %s; choose another name", flag, path, notOurs)
}
