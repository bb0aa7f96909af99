package rediscoord

// StopRenewing stops the renewals without releasing, as a holder killed
// with SIGKILL would.
func (l *Lease) StopRenewing() {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
	})
}
