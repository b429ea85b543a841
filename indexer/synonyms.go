package indexer

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// SynonymsFile is the synonym table's file name inside a data folder.
const SynonymsFile = "synonyms.txt"

// synonymsHeader opens every synonym table file: its format version.
const synonymsHeader = "# zhenggai synonyms 1"

// maxSynonymsBytes caps the synonym table file read.
const maxSynonymsBytes = 1 << 20

// synonymsReloadEvery is how often a search checks the file's mtime.
const synonymsReloadEvery = time.Second

// defaultSynonyms is the table shipped with the binary and written to a
// data folder that has none (ecosystem notes §2: 公车/公务用车, 津补贴/
// 津贴补贴, 四风 and its four, 三重一大 and its four, 巡察/巡视 …).
//
//go:embed synonyms_default.txt
var defaultSynonyms string

// synonymTable maps a word to what a query for it also searches. Safe
// expansions cannot change a query's meaning and are always searched;
// broad ones (巡察 ↔ 巡视: different levels) only when a query asks.
type synonymTable struct {
	safe, broad map[string][]string
	keys        []string // every word with an expansion, longest first
}

// parseSynonyms reads a table: the header line, then one group per line.
// "a b c" (spaces, commas or 、 between words) is a group: each finds the
// others. "a => b c" is one-way: a finds b and c. A line starting with
// "broad:" is searched only on request. # starts a comment line.
func parseSynonyms(text string) (*synonymTable, error) {
	if !utf8.ValidString(text) {
		return nil, errors.New("parse synonyms: not UTF-8")
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if strings.TrimSpace(lines[0]) != synonymsHeader {
		return nil, fmt.Errorf("parse synonyms line 1: want the header %q", synonymsHeader)
	}
	t := &synonymTable{safe: map[string][]string{}, broad: map[string][]string{}}
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool {
			return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '、' || r == '\u3000'
		})
	}
	for i, line := range lines[1:] {
		n := i + 2
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := t.safe
		if rest, ok := strings.CutPrefix(line, "broad:"); ok {
			m, line = t.broad, rest
		}
		add := func(from string, to []string) {
			for _, w := range to {
				if w != from && !slices.Contains(m[from], w) {
					m[from] = append(m[from], w)
				}
			}
		}
		if from, to, ok := strings.Cut(line, "=>"); ok {
			f, ts := split(from), split(to)
			if len(f) != 1 || len(ts) == 0 {
				return nil, fmt.Errorf("parse synonyms line %d %q: want \"word => word …\"", n, line)
			}
			add(f[0], ts)
			continue
		}
		g := split(line)
		if len(g) < 2 {
			return nil, fmt.Errorf("parse synonyms line %d %q: a group needs at least two words", n, line)
		}
		for _, w := range g {
			add(w, g)
		}
	}
	for _, m := range []map[string][]string{t.safe, t.broad} {
		for k := range m {
			if !slices.Contains(t.keys, k) {
				t.keys = append(t.keys, k)
			}
		}
	}
	slices.SortFunc(t.keys, func(a, b string) int {
		if c := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return t, nil
}

// of returns what word also searches: its safe expansions, and its broad
// ones when broad is set.
func (t *synonymTable) of(word string, broad bool) []string {
	out := slices.Clone(t.safe[word])
	if broad {
		for _, w := range t.broad[word] {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// synonymSource holds the table in use: the default, or a file re-read
// whenever its modification time changes.
type synonymSource struct {
	path string
	log  *slog.Logger

	mu      sync.Mutex
	table   *synonymTable
	mtime   time.Time
	checked time.Time
}

// newSynonymSource loads the table from path, writing the default there
// first when the file is absent; an empty path uses the default alone. A
// file that does not parse is an error at open and, later, logged while
// the last good table stays in use.
func newSynonymSource(path string, log *slog.Logger) (*synonymSource, error) {
	def, err := parseSynonyms(defaultSynonyms)
	if err != nil {
		return nil, fmt.Errorf("load default synonyms: %w", err)
	}
	s := &synonymSource{path: path, log: log, table: def}
	if path == "" {
		return s, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(path, []byte(defaultSynonyms), 0o644); err != nil {
			return nil, fmt.Errorf("write default synonyms %s: %w", path, err)
		}
	}
	if err := s.reload(); err != nil {
		return nil, err
	}
	return s, nil
}

// reload reads the file when its mtime changed since the last read.
func (s *synonymSource) reload() error {
	fi, err := os.Stat(s.path)
	if err != nil {
		return fmt.Errorf("read synonyms: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("read synonyms %s: not a regular file", s.path)
	}
	if fi.ModTime().Equal(s.mtime) {
		return nil
	}
	f, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("read synonyms: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSynonymsBytes+1))
	if err != nil {
		return fmt.Errorf("read synonyms %s: %w", s.path, err)
	}
	if len(b) > maxSynonymsBytes {
		return fmt.Errorf("read synonyms %s: larger than %d bytes", s.path, maxSynonymsBytes)
	}
	t, err := parseSynonyms(string(b))
	if err != nil {
		return fmt.Errorf("read synonyms %s: %w", s.path, err)
	}
	s.table, s.mtime = t, fi.ModTime()
	return nil
}

// current returns the table, re-reading the file at most once per
// synonymsReloadEvery when it changed.
func (s *synonymSource) current() *synonymTable {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path != "" && time.Since(s.checked) >= synonymsReloadEvery {
		s.checked = time.Now()
		if err := s.reload(); err != nil {
			s.log.Error("synonym table not reloaded; the last good one stays in use", "err", err)
		}
	}
	return s.table
}

// DefaultSynonyms returns the synonym table shipped with the binary, the
// text written to a data folder's synonyms.txt when it has none.
func DefaultSynonyms() string { return defaultSynonyms }
