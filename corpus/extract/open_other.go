//go:build !linux

package extract

import "os"

// openNonBlocking opens path for reading. Outside Linux the mode checks
// before and after opening are what keep FIFOs out.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}

// pseudoFS is "" outside Linux: the resolved-path check covers /proc, /sys
// and /dev there.
func pseudoFS(*os.File) string { return "" }
