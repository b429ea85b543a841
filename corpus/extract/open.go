package extract

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Read returns the bytes of the file at path through a reader bounded by
// Options.MaxBytes. Only regular files are read: a FIFO, device, socket or
// folder is refused, and so is a file of a pseudo file system (procfs,
// sysfs, debugfs …) whose size says nothing of what a read returns. A
// symbolic link is resolved and its target checked the same way. The file
// is opened without blocking, so a FIFO with no writer cannot hang the
// caller, and checked again once open, so a file swapped after the first
// check is still caught.
func (e *Extractor) Read(ctx context.Context, path string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, newError(path, ErrCanceled, "", err)
	}
	st, err := os.Stat(path) // follows symbolic links
	if err != nil {
		return nil, newError(path, ErrUnreadable, "", err)
	}
	if why := notRegular(st.Mode()); why != "" {
		return nil, newError(path, ErrUnsupported, why, nil)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil && pseudoPath(real) {
		return nil, newError(path, ErrUnsupported, "a file of a pseudo file system ("+real+")", nil)
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, newError(path, ErrUnreadable, "", err)
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, newError(path, ErrUnreadable, "", err)
	}
	if why := notRegular(fst.Mode()); why != "" {
		return nil, newError(path, ErrUnsupported, why, nil)
	}
	if fs := pseudoFS(f); fs != "" {
		return nil, newError(path, ErrUnsupported, "a file of a pseudo file system ("+fs+")", nil)
	}
	if fst.Size() > e.opts.MaxBytes {
		return nil, e.tooLarge(path, fst.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, e.opts.MaxBytes+1))
	if err != nil {
		return nil, newError(path, ErrUnreadable, "", fmt.Errorf("read file: %w", err))
	}
	if int64(len(data)) > e.opts.MaxBytes {
		return nil, newError(path, ErrTooLarge, fmt.Sprintf("more than %d bytes read (the file said %d)", e.opts.MaxBytes, fst.Size()), nil)
	}
	return data, nil
}

// notRegular says why a file of mode m is not read, or "" when it is a
// regular file.
func notRegular(m os.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a folder, not a file"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO), not a regular file"
	case m&os.ModeSocket != 0:
		return "a socket, not a regular file"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "a device, not a regular file"
	}
	return "not a regular file"
}

// pseudoPath reports a resolved path inside the pseudo file systems of a
// Unix system, where sizes are not what a read returns.
func pseudoPath(p string) bool {
	for _, root := range [...]string{"/proc", "/sys"} {
		if p == root || strings.HasPrefix(p, root+"/") {
			return true
		}
	}
	return false
}
