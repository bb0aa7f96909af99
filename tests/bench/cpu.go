package bench

import (
	"syscall"
	"testing"
	"time"
)

// ReportCPU starts counting the process's CPU time; the function it returns
// reports it per operation as cpu-ns/op. On a machine shared with other
// work, CPU time varies far less than wall time, which counts the time the
// benchmark waited for a core. Use it as `defer bench.ReportCPU(b)()`.
func ReportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

// cpuTime is the user and system time of the process so far (Unix only).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic("getrusage: " + err.Error())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
