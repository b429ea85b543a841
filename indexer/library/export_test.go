package library

// SetFaults installs the write hooks of fault.go: put runs before each
// store write, add before each index write; a non-nil error fails it.
func SetFaults(l *Library, put, add func() error) {
	l.write.Lock()
	defer l.write.Unlock()
	l.faults = faults{put: put, add: add}
}

// SetReading installs the hook run around each file a worker reads.
func SetReading(l *Library, fn func(path string, big bool) func()) {
	l.write.Lock()
	defer l.write.Unlock()
	l.faults.reading = fn
}

// DropRows forgets the cached analytics rows and derived results, for
// benchmarks of a first (uncached) analytics call.
func DropRows(l *Library) {
	l.rowc.mu.Lock()
	defer l.rowc.mu.Unlock()
	l.rowc.ok, l.rowc.rows, l.rowc.rowsOK, l.rowc.docs, l.rowc.docsOK, l.rowc.derived = false, nil, false, nil, false, nil
}

// DropDerived forgets the derived results but keeps the cached rows, for
// benchmarks of the analysis alone.
func DropDerived(l *Library) {
	l.rowc.mu.Lock()
	defer l.rowc.mu.Unlock()
	l.rowc.derived = nil
}
