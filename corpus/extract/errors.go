package extract

import "strings"

// Reason is the stable code of an extraction failure. Reasons are errors
// themselves, so errors.Is(err, ErrEmpty) tells an [*Error]'s reason.
type Reason string

// Error returns the reason code.
func (r Reason) Error() string { return string(r) }

// The reasons an extraction fails. Their string values are stable codes that
// callers may store and show.
const (
	// ErrEmpty: the file has no bytes, or decodes to no text at all.
	ErrEmpty Reason = "empty"
	// ErrTooLarge: the file is larger than Options.MaxBytes.
	ErrTooLarge Reason = "too_large"
	// ErrBinary: a file taken as text holds binary data (NUL or control bytes).
	ErrBinary Reason = "binary"
	// ErrUnsupported: neither content nor extension is a format we read.
	ErrUnsupported Reason = "unsupported"
	// ErrCorrupt: a broken zip, XML, PDF or Word file, or content that does
	// not match the format its extension names.
	ErrCorrupt Reason = "corrupt"
	// ErrZipBomb: a .docx inflates past Options.MaxDocxUncompressed or holds
	// more than Options.MaxDocxFiles files.
	ErrZipBomb Reason = "zip_bomb"
	// ErrNoTextLayer: a PDF with no text (a scan); it needs OCR first.
	ErrNoTextLayer Reason = "no_text_layer"
	// ErrNoMainContent: a web page that holds only navigation and chrome.
	ErrNoMainContent Reason = "no_main_content"
	// ErrToolMissing: the external program for this format is not installed;
	// Detail names the Debian package.
	ErrToolMissing Reason = "tool_missing"
	// ErrToolTimeout: the external program ran past Options.ToolTimeout.
	ErrToolTimeout Reason = "tool_timeout"
	// ErrUnreadable: the file could not be opened or read (Err says why).
	ErrUnreadable Reason = "unreadable"
	// ErrCanceled: the context was canceled before the file was read.
	ErrCanceled Reason = "canceled"
)

// Error is the error of every failed extraction: the file, a stable reason,
// a human detail and the underlying error, if any.
type Error struct {
	Path   string // file path, or the name given to Extractor.Bytes
	Reason Reason
	Detail string // what was seen, e.g. pdftotext's stderr
	Err    error  // underlying error, may be nil
}

// Error formats "extract PATH: REASON: DETAIL: ERR".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("extract ")
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(string(e.Reason))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is this error's reason.
func (e *Error) Is(target error) bool {
	r, ok := target.(Reason)
	return ok && r == e.Reason
}

func newError(path string, reason Reason, detail string, err error) *Error {
	return &Error{Path: path, Reason: reason, Detail: detail, Err: err}
}
