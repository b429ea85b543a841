package library

// HoldSimilar keeps the similarity index from being built until the
// returned release is called, so that a test sees a clustering still
// being computed.
func HoldSimilar(l *Library) (release func()) {
	l.sim.mu.Lock()
	return l.sim.mu.Unlock
}
