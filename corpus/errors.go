package corpus

import "errors"

// ErrEmptyDocument means a document held no text once normalised.
var ErrEmptyDocument = errors.New("document has no text")
