// Package bench measures the wrapper against the smallest correct
// hand-written client (net/http and encoding/json only) on the same
// in-process server, and bulk jobs against the sandbox's leaky bucket.
// It has benchmarks and tests only; run them with `make bench`.
package bench
