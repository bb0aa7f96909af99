// Package faults drives the wrapper through the sandbox's fault hook and
// checks, for every fault and every method, the documented outcome and what
// the store holds afterwards. It has tests only.
package faults
