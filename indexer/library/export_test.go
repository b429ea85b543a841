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
