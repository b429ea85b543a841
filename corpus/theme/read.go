package theme

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxTaxonomyBytes bounds the size of a taxonomy file [ReadTaxonomy] accepts.
const MaxTaxonomyBytes = 8 << 20

// stopID is the reserved first column of a TSV line listing stop phrases.
const stopID = "!stop"

// ReadTaxonomy reads a user's taxonomy in one of two formats, told apart by
// the first non-blank byte.
//
// JSON ('[' or '{'): an array of themes, or an object
// {"themes": [...], "stop": [...]}, each theme
// {"id": "H1", "group": "H", "name": "…", "keywords": [...], "weak": [...]}.
// Unknown fields are rejected.
//
// TSV (anything else): one theme a line, id<TAB>group<TAB>name<TAB>keywords,
// keywords separated by ',' '，' or '、'; a keyword written ~like~this, with a
// leading '~', is weak, one written with a leading '^' is generic. A line "!stop<TAB>phrase,phrase…" adds stop phrases.
// Blank lines and lines starting with '#' are skipped, and so is a first
// line whose first column is "id" (a header).
//
// Errors are [*ParseError] values naming the 1-based line.
func ReadTaxonomy(r io.Reader) (*Taxonomy, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTaxonomyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read taxonomy: %w", err)
	}
	if len(data) > MaxTaxonomyBytes {
		return nil, &ParseError{Line: lineAt(data, MaxTaxonomyBytes), Err: ErrTooLarge}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		return readJSON(data)
	}
	return readTSV(data)
}

// readTSV parses the tab-separated format.
func readTSV(data []byte) (*Taxonomy, error) {
	var (
		themes []Theme
		stop   []string
		lineOf = map[string]int{}
	)
	for n, line := range strings.Split(string(data), "\n") {
		lineNo := n + 1
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if n == 0 && strings.EqualFold(cols[0], "id") {
			continue
		}
		if cols[0] == stopID {
			if len(cols) != 2 {
				return nil, &ParseError{Line: lineNo, Err: errors.New("want 2 tab-separated columns: !stop, phrases")}
			}
			phrases := splitKeywords(cols[1])
			for _, p := range phrases {
				if err := validateKeyword(p); err != nil {
					return nil, &ParseError{Line: lineNo, Err: fmt.Errorf("stop phrase %q: %w", p, err)}
				}
			}
			stop = append(stop, phrases...)
			continue
		}
		if len(cols) != 4 {
			return nil, &ParseError{Line: lineNo, Err: fmt.Errorf("got %d: %w", len(cols), ErrColumns)}
		}
		th := Theme{ID: cols[0], Group: cols[1], Name: cols[2]}
		th.Keywords, th.Weak, th.Generic = splitWeak(splitKeywords(cols[3]))
		if err := validateTheme(th); err != nil {
			return nil, &ParseError{Line: lineNo, Err: err}
		}
		if first, dup := lineOf[th.ID]; dup {
			return nil, &ParseError{Line: lineNo, Err: fmt.Errorf("theme %s (first on line %d): %w", th.ID, first, ErrDuplicateID)}
		}
		lineOf[th.ID] = lineNo
		themes = append(themes, th)
	}
	t, err := newTaxonomy(themes, stop)
	if err != nil {
		return nil, &ParseError{Line: 1, Err: err} // unreachable: every line was checked
	}
	return t, nil
}

// splitKeywords splits a keyword column on ',', '，' and '、', dropping
// blanks.
func splitKeywords(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' })
	out := fields[:0]
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// splitWeak moves keywords written with a leading '~' to the weak list and
// those written with a leading '^' to the generic list.
func splitWeak(kws []string) (strong, weak, generic []string) {
	for _, kw := range kws {
		if rest, ok := strings.CutPrefix(kw, "~"); ok {
			weak = append(weak, rest)
		} else if rest, ok := strings.CutPrefix(kw, "^"); ok {
			generic = append(generic, rest)
		} else {
			strong = append(strong, kw)
		}
	}
	return strong, weak, generic
}

// readJSON parses the JSON format, keeping track of the line each theme
// starts on so that errors can name it.
func readJSON(data []byte) (*Taxonomy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var (
		themes []Theme
		stop   []string
		lineOf = map[string]int{}
	)
	fail := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &ParseError{Line: lineAt(data, int(se.Offset)), Err: err}
		}
		return &ParseError{Line: lineAt(data, int(dec.InputOffset())), Err: err}
	}
	readThemes := func() error {
		if err := expectDelim(dec, '['); err != nil {
			return fail(err)
		}
		for dec.More() {
			start := elementStart(data, int(dec.InputOffset()))
			line := lineAt(data, start)
			var th Theme
			if err := dec.Decode(&th); err != nil {
				return decodeError(data, start, err)
			}
			s1, w1, g1 := splitWeak(th.Keywords)
			th.Keywords, th.Weak, th.Generic = s1, append(w1, th.Weak...), append(g1, th.Generic...)
			if err := validateTheme(th); err != nil {
				return &ParseError{Line: line, Err: err}
			}
			if first, dup := lineOf[th.ID]; dup {
				return &ParseError{Line: line, Err: fmt.Errorf("theme %s (first on line %d): %w", th.ID, first, ErrDuplicateID)}
			}
			lineOf[th.ID] = line
			themes = append(themes, th)
		}
		if err := expectDelim(dec, ']'); err != nil {
			return fail(err)
		}
		return nil
	}

	first, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if first == json.Delim('[') {
		// Re-read from the start: readThemes consumes the '[' itself.
		dec = json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := readThemes(); err != nil {
			return nil, err
		}
	} else {
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, fail(err)
			}
			key, _ := tok.(string)
			switch key {
			case "themes":
				if err := readThemes(); err != nil {
					return nil, err
				}
			case "stop":
				start := elementStart(data, int(dec.InputOffset()))
				line := lineAt(data, start)
				var s []string
				if err := dec.Decode(&s); err != nil {
					return nil, decodeError(data, start, err)
				}
				for _, p := range s {
					if err := validateKeyword(p); err != nil {
						return nil, &ParseError{Line: line, Err: fmt.Errorf("stop phrase %q: %w", p, err)}
					}
				}
				stop = append(stop, s...)
			default:
				return nil, fail(fmt.Errorf("unknown field %q (want themes, stop)", key))
			}
		}
		if err := expectDelim(dec, '}'); err != nil {
			return nil, fail(err)
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("unexpected data after the taxonomy")
		}
		return nil, fail(err)
	}
	t, err := newTaxonomy(themes, stop)
	if err != nil {
		return nil, &ParseError{Line: 1, Err: err}
	}
	return t, nil
}

// decodeError places an error from Decoder.Decode of the value starting at
// byte start: a syntax error's offset counts from that value's start and
// points just past the offending byte.
func decodeError(data []byte, start int, err error) error {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return &ParseError{Line: lineAt(data, start+int(se.Offset)-1), Err: err}
	}
	return &ParseError{Line: lineAt(data, start), Err: err}
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("got %v, want %q", tok, string(want))
	}
	return nil
}

// elementStart skips the blanks, ',' and ':' that separate the decoder's
// position from the next JSON value.
func elementStart(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// lineAt returns the 1-based line holding byte offset off.
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
