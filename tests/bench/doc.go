// Package bench measures the wrapper against the smallest correct
// hand-written client (net/http and encoding/json only) on the same
// in-process server, and bulk jobs against the sandbox's leaky bucket.
// Its one non-test file is that server (PreEncoded), shared with the
// benchmark against an ogen-generated client in the nested module ./ogen;
// run everything with `make bench`.
package bench
