package library

// InvalidateSimilar drops the cached similarity index, for benchmarks of
// a cold Duplicates.
func InvalidateSimilar(l *Library) { l.sim.invalidate() }
