package library

// SetFaults installs the write hooks of fault.go: put runs before each
// store write, add before each index write; a non-nil error fails it.
func SetFaults(l *Library, put, add func() error) {
	l.write.Lock()
	defer l.write.Unlock()
	l.faults = faults{put: put, add: add}
}
