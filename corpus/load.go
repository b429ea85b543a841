package corpus

import (
	"context"
	"fmt"

	"github.com/zhenggai/zhenggai/corpus/extract"
)

// Outcome is what became of one input file.
type Outcome string

// The outcomes of reading one file.
const (
	OutcomeParsed  Outcome = "parsed"  // a disclosure, parsed
	OutcomeSkipped Outcome = "skipped" // read, but not a disclosure: its kind says what
	OutcomeFailed  Outcome = "failed"  // could not be read: Err says why
)

// Result is the outcome of loading one file.
type Result struct {
	Path       string
	Outcome    Outcome
	Disclosure *Disclosure // set when parsed or skipped
	Err        error       // set when failed; an *extract.Error for read failures
}

// Loader reads files in any supported format and parses them.
type Loader struct {
	ext    *extract.Extractor
	parser *Parser
}

// NewLoader returns a Loader reading with ext and parsing with parser.
func NewLoader(ext *extract.Extractor, parser *Parser) *Loader {
	return &Loader{ext: ext, parser: parser}
}

// File reads and parses one file.
func (l *Loader) File(ctx context.Context, path string) Result {
	doc, err := l.ext.File(ctx, path)
	if err != nil {
		return Result{Path: path, Outcome: OutcomeFailed, Err: err}
	}
	return l.parse(path, doc)
}

// Read returns the bytes of a regular file, bounded by the extractor's size
// cap (see [extract.Extractor.Read]).
func (l *Loader) Read(ctx context.Context, path string) ([]byte, error) {
	return l.ext.Read(ctx, path)
}

// Bytes reads and parses a file held in memory (an upload); name gives the
// extension and the path recorded in the source.
func (l *Loader) Bytes(ctx context.Context, name string, data []byte) Result {
	doc, err := l.ext.Bytes(ctx, name, data)
	if err != nil {
		return Result{Path: name, Outcome: OutcomeFailed, Err: err}
	}
	return l.parse(name, doc)
}

func (l *Loader) parse(path string, doc *extract.Document) Result {
	in := Input{
		Text: doc.Text,
		Source: Source{
			Path: path, SHA256: doc.SHA256, Format: doc.Format,
			Encoding: doc.Encoding, Bytes: doc.Bytes,
		},
		Page: Page{
			Title: doc.Page.Title, Published: doc.Page.Published,
			Publisher: doc.Page.Publisher, IndexNo: doc.Page.IndexNo,
		},
	}
	d, err := l.parser.Parse(in)
	if err != nil {
		return Result{Path: path, Outcome: OutcomeFailed, Err: err}
	}
	if doc.Replaced > 0 {
		d.addFlag(FlagInvalidUTF8, fmt.Sprintf("%d invalid UTF-8 sequences replaced by U+FFFD", doc.Replaced))
	}
	if !d.Kind.Parsed() {
		return Result{Path: path, Outcome: OutcomeSkipped, Disclosure: d}
	}
	return Result{Path: path, Outcome: OutcomeParsed, Disclosure: d}
}

// Walk loads every supported file under the given files and folders, in
// order, calling fn with each result. One broken file never stops the walk,
// nor does a root that cannot be walked (it is reported to fn as a failed
// result); only fn's error or the context's does.
func (l *Loader) Walk(ctx context.Context, roots []string, fn func(Result) error) error {
	for _, root := range roots {
		var stop error
		err := extract.Walk(ctx, []string{root}, func(path string) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(l.File(ctx, path)); err != nil {
				stop = err
				return err
			}
			return nil
		})
		switch {
		case stop != nil:
			return stop
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			if ferr := fn(Result{Path: root, Outcome: OutcomeFailed, Err: fmt.Errorf("walk %s: %w", root, err)}); ferr != nil {
				return ferr
			}
		}
	}
	return nil
}
