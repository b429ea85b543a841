package indexer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	bbolterrors "go.etcd.io/bbolt/errors"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/normalize"
	"github.com/zhenggai/zhenggai/corpus/segment"
	"github.com/zhenggai/zhenggai/corpus/sound"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

// themeName returns a theme's name, or "" for an unknown id.
func (ix *Index) themeName(id string) string {
	if th, ok := ix.themes.Lookup(id); ok {
		return th.Name
	}
	return ""
}

// Defaults for Options' zero values.
const (
	// DefaultBoltTimeout is how long Open waits for another process's lock
	// on the index before giving up.
	DefaultBoltTimeout = 10 * time.Second
	// DefaultBatchSize is how many measure documents Add writes per batch.
	DefaultBatchSize = 1000
)

// Keys of the versions stored inside the index (bleve's internal storage).
const (
	internalDictVersion    = "zhenggai.dict_version"
	internalMappingVersion = "zhenggai.mapping_version"
)

// Log attribute keys.
const (
	logDir     = "dir"
	logStored  = "stored"
	logRunning = "running"
)

// Options configures Open. The zero value is usable.
type Options struct {
	// Logger receives open and rebuild notices; nil discards them.
	Logger *slog.Logger
	// DictVersion is the running segmenter's dictionary version
	// (segment.Segmenter.DictVersion). Empty means the shared segmenter's,
	// which is the one the analyzers use.
	DictVersion string
	// BoltTimeout bounds the wait for the index lock held by another
	// process; zero means DefaultBoltTimeout.
	BoltTimeout time.Duration
	// BatchSize is the number of measure documents per write batch; zero
	// means DefaultBatchSize. A disclosure is never split across batches.
	BatchSize int
	// SynonymsFile is the editable synonym table (see DefaultSynonyms),
	// written with the default when absent and re-read when it changes;
	// empty means the default table alone.
	SynonymsFile string
	// Taxonomy names the themes a measure's heading field holds; nil means
	// the built-in 44.
	Taxonomy *theme.Taxonomy
	// RandomReads advises the kernel that the index files' memory maps
	// are read at random (Linux: madvise MADV_RANDOM, see adviseRandom):
	// a page fault then reads its page, not a read-ahead window around it.
	// For a service whose memory is capped below what its heap and its
	// index need: in a 1,280 MB control group at 30,000 disclosures, with
	// a 640 MB heap limit, it answered 40 clients at 179 queries/s against
	// 17 with read-ahead (README, "Memory a service needs"). With memory
	// to spare it gains nothing and costs the first searches after the
	// page cache lost the index (a start, a reclaim) a read per page.
	RandomReads bool
}

// Versions identify how an index's content was analysed: the segmenter's
// dictionary version and the mapping version.
type Versions struct {
	Dict    string `json:"dict"`
	Mapping string `json:"mapping"`
}

// String returns "dict/mapping".
func (v Versions) String() string { return v.Dict + "/" + v.Mapping }

// Index is the bleve index of measures and disclosures. It is safe for
// concurrent use; Close waits for calls in progress.
type Index struct {
	mu        sync.RWMutex
	idx       bleve.Index // nil once closed
	dir       string      // "" for an in-memory index
	log       *slog.Logger
	stored    Versions
	running   Versions
	batchSize int
	norm      *normalize.Normalizer // folds query text as documents were folded
	sound     *sound.Reader         // reads characters for corrections

	// segmenter cuts queries into words: segment.SharedContext, loaded on
	// first use (or in the background by serve), so that opening an index
	// (stats, list, export) never pays for the dictionary; a search that
	// arrives during the load waits for it within its deadline.
	segmenter func(context.Context) (*segment.Segmenter, error)
	synonyms  *synonymSource
	words     map[string]string // failing and generic query words (segment.QueryWords)
	themes    *theme.Taxonomy
	gen       atomic.Uint64 // counts writes, for the caches below
	cache     termCache
	facets    genCache[map[string][]Bucket] // facets by facetCacheKey
	// facetNames turns coded unit and round facet keys back into values.
	facetNames facetNames
	// columns keep each segment's combined facet keys and date sort keys
	// in memory (collect.go).
	columns *segmentColumns
	// checked: Check passed in this process (Close then records the files
	// as known good, see checkStampFile); a read that finds damage clears it.
	checked atomic.Bool
	probes  atomic.Int64 // full checks run (tests)
	// bleveCollects leaves every search to bleve's own collector (tests
	// compare the two).
	bleveCollects bool
	dups          genCache[[]Duplicate] // copies by text key (addDuplicates)
	// bleveWalks leaves every tree of words to bleve's searchers, not
	// nativeTree (tests compare the two).
	bleveWalks bool
	// fan splits a search that runs alone over the cores (fanout.go).
	fan fanout
	// impacts bound terms' scores by blocks of documents (impacts.go).
	impacts *impacts
	// skips lets the searches reach a common term's entries in a segment
	// from the nearest point instead of its chunk's start (rawpostings.go).
	skips *skipLists
	// arenas keeps the memory of indexed fields between Adds (fieldArena).
	arenas sync.Pool
}

// Open opens the index in dir, creating it (and dir) when absent. An empty
// dir gives an in-memory index, lost on Close. A new index records the
// running versions; an existing one keeps the versions it was built with,
// and NeedsRebuild reports when they differ from the running code's.
//
// Only one process may have an index open: Open waits up to BoltTimeout for
// another process's lock and then fails.
func Open(ctx context.Context, dir string, opts Options) (ix *Index, err error) {
	defer func() {
		// The index library panics on some damage (a garbled segment file);
		// a panic while opening is damage, reported as such.
		if v := recover(); v != nil {
			ix, err = nil, fmt.Errorf("open index %s: %w: panic: %v", dir, ErrDamaged, v)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	useLengthNorm()
	running, err := runningVersions(m, opts.DictVersion)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	timeout := opts.BoltTimeout
	if timeout <= 0 {
		timeout = DefaultBoltTimeout
	}
	cfg := map[string]any{"bolt_timeout": timeout.String()}

	ix = &Index{dir: dir, log: log, running: running, batchSize: opts.BatchSize, norm: normalize.New(), sound: sound.New(), themes: opts.Taxonomy,
		facets: newGenCache[map[string][]Bucket](maxFacetEntries), dups: newGenCache[[]Duplicate](maxDupEntries),
		columns: newSegmentColumns(), impacts: newImpacts(maxImpactBytes), skips: newSkipLists(maxSkipBytes)}
	if ix.themes == nil {
		ix.themes = theme.Default()
	}
	if opts.RandomReads {
		ix.columns.advise = adviseRandom
	}
	ix.segmenter = segment.SharedContext
	if ix.words, err = segment.QueryWords(); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	if ix.synonyms, err = newSynonymSource(opts.SynonymsFile, log); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	if ix.batchSize <= 0 {
		ix.batchSize = DefaultBatchSize
	}
	exists, err := indexExists(dir)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	switch {
	case dir == "":
		ix.idx, err = bleve.NewMemOnly(m)
	case exists:
		ix.idx, err = bleve.OpenUsing(dir, cfg)
	default:
		ix.idx, err = bleve.NewUsing(dir, m, scorch.Name, bleve.Config.DefaultKVStore, cfg)
	}
	if err != nil {
		if errors.Is(err, bbolterrors.ErrTimeout) {
			return nil, fmt.Errorf("open index %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if exists {
		if ix.stored, err = ix.readVersions(); err != nil {
			return nil, errors.Join(fmt.Errorf("open index %s: %w", dir, err), ix.idx.Close())
		}
		log.Info("index opened", logDir, dir, logStored, ix.stored.String())
		if ix.NeedsRebuild() {
			log.Warn("index was built by other analysis code and needs a rebuild",
				logDir, dir, logStored, ix.stored.String(), logRunning, running.String())
		}
		return ix, nil
	}
	if err := ix.writeVersions(running); err != nil {
		return nil, errors.Join(fmt.Errorf("create index %s: %w", dir, err), ix.idx.Close())
	}
	ix.stored = running
	// Every file of a new index is this process's: a clean close records
	// them as known good, so that the next open need not probe (after a
	// rebuild of 30,000 disclosures, the probe made serve ready in 2 s).
	ix.checked.Store(true)
	log.Info("index created", logDir, dir, logStored, running.String())
	return ix, nil
}

// runningVersions returns the versions the running code indexes with.
func runningVersions(m *mapping.IndexMappingImpl, dict string) (Versions, error) {
	mv, err := mappingVersion(m)
	if err != nil {
		return Versions{}, err
	}
	if dict == "" {
		if dict, err = segment.Version(segment.Options{}); err != nil {
			return Versions{}, err
		}
	}
	return Versions{Dict: dict, Mapping: mv}, nil
}

// indexExists reports whether dir holds a bleve index. A missing or empty
// dir does not; a non-empty dir without index metadata is an error, so
// that Open never writes an index into an unrelated folder.
func indexExists(dir string) (bool, error) {
	if dir == "" {
		return false, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		if err := os.Remove(dir); err != nil { // bleve creates it and refuses an existing path
			return false, err
		}
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return false, fmt.Errorf("not a bleve index: %w", err)
	}
	return true, nil
}

func (ix *Index) readVersions() (Versions, error) {
	d, err := ix.idx.GetInternal([]byte(internalDictVersion))
	if err != nil {
		return Versions{}, fmt.Errorf("read dictionary version: %w", err)
	}
	m, err := ix.idx.GetInternal([]byte(internalMappingVersion))
	if err != nil {
		return Versions{}, fmt.Errorf("read mapping version: %w", err)
	}
	return Versions{Dict: string(d), Mapping: string(m)}, nil
}

func (ix *Index) writeVersions(v Versions) error {
	if err := ix.idx.SetInternal([]byte(internalDictVersion), []byte(v.Dict)); err != nil {
		return fmt.Errorf("write dictionary version: %w", err)
	}
	if err := ix.idx.SetInternal([]byte(internalMappingVersion), []byte(v.Mapping)); err != nil {
		return fmt.Errorf("write mapping version: %w", err)
	}
	return nil
}

// Versions returns the versions the index was built with and those of the
// running code.
func (ix *Index) Versions() (stored, running Versions) { return ix.stored, ix.running }

// NeedsRebuild reports whether the index was built with another dictionary
// or mapping than the running code's. Its documents then analyse
// differently from new queries: rebuild it from the store into a fresh
// directory.
func (ix *Index) NeedsRebuild() bool { return ix.stored != ix.running }

// IndexVersion identifies what this index's content was analysed with
// (dictionary and mapping versions, "dict/mapping"), for recording which
// records an index holds. A freshly created index has the running code's.
func (ix *Index) IndexVersion() string { return ix.stored.String() }

// Close closes the index, waiting for calls in progress. Closing twice is
// not an error; other calls after Close return ErrIndexClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	// The segments the index reads as it closes; their sizes and times are
	// read once it is closed.
	files, listed := snapshotFiles(ix.idx)
	err := ix.idx.Close()
	ix.idx = nil
	if err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	// The files passed Check in this process and are as it closed them.
	if ix.checked.Load() && listed {
		ix.stampChecked(ix.fingerprintOf(files))
	}
	return nil
}

// ErrDamaged marks an index that cannot be used as it is on disk: a
// missing, truncated or garbled segment, index_meta.json or root.bolt. The
// store is the system of record: the library moves such an index aside and
// rebuilds it.
var ErrDamaged = errors.New("index damaged")

// Damaged reports whether an error of Open means the index on disk is
// damaged (and not locked by another process, nor cancelled). Every failure
// to read what is there counts: bleve's messages for damage vary (a
// missing segment reads as "error parsing mapping JSON").
func Damaged(err error) bool {
	if err == nil || errors.Is(err, ErrLocked) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return true
}

// Check reads what every segment must have to answer a search: the
// document counts (the type field's dictionary) and a lookup by id (the
// id field's). It returns an error wrapping ErrDamaged when that fails or
// panics.
func (ix *Index) Check(ctx context.Context) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("check index: %w: panic: %v", ErrDamaged, v)
		}
	}()
	measures, disclosures, err := ix.Count(ctx)
	if err != nil {
		return fmt.Errorf("check index: %w: %w", ErrDamaged, err)
	}
	// bleve opens an index whose snapshot names a missing or cut segment
	// as an empty one ("unable to load snapshot … continuing"): no
	// document readable beside segment files on disk is that damage.
	if measures == 0 && disclosures == 0 && ix.dir != "" {
		if zaps, _ := filepath.Glob(filepath.Join(ix.dir, "store", "*.zap")); len(zaps) > 0 {
			return fmt.Errorf("check index: %w: no document readable, though %d segment files are on disk (one is missing or cut)", ErrDamaged, len(zaps))
		}
	}
	idx, err := ix.acquire()
	if err != nil {
		return fmt.Errorf("check index: %w", err)
	}
	defer ix.mu.RUnlock()
	if _, err := idx.Document(disclosureDocPrefix + "\x00check"); err != nil {
		return fmt.Errorf("check index: %w: %w", ErrDamaged, err)
	}
	// A search of the commonest domain word with every facet reads the
	// text field's dictionary and postings, the doc values and the stored
	// fields of up to MaxLimit hits: a garbled segment whose counts still
	// read fails here (a few milliseconds; damage elsewhere in the stored
	// fields shows as a search error later). A term query analyses
	// nothing, so the check does not load the dictionary.
	// The files as the probe finds them are those it records as good.
	fp := ix.fingerprint(idx)
	if ix.checkedBefore(fp) {
		ix.checked.Store(true)
		return nil
	}
	ix.probes.Add(1)
	probe := bleve.NewTermQuery("整改")
	probe.SetField(fieldText)
	req := bleve.NewSearchRequestOptions(probe, MaxLimit, 0, false)
	req.Fields = []string{"*"}
	// The fields with doc values: the combined facets, the three counted
	// on their own, the text key and the date sort keys.
	for _, name := range []string{FacetCategory, FacetType, FacetBody} {
		field, _ := facetField(name)
		req.AddFacet(name, bleve.NewFacetRequest(field, DefaultFacetSize))
	}
	addCombinedFacet(req)
	req.SortByCustom(search.SortOrder{&search.SortField{Field: fieldDateAsc, Type: search.SortFieldAsString},
		&search.SortField{Field: fieldTextKey, Type: search.SortFieldAsString}, &search.SortDocID{}})
	if _, err := idx.SearchInContext(ctx, req); err != nil {
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("check index: %w: %w", ErrDamaged, err)
		}
		return nil
	}
	ix.checked.Store(true)
	ix.stampChecked(fp)
	return nil
}

// Closed reports whether Close has run (or Open's caller closed it after a
// failure).
func (ix *Index) Closed() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.idx == nil
}

// acquire returns the open bleve index with the read lock held; the caller
// must call ix.mu.RUnlock when it returns no error.
func (ix *Index) acquire() (bleve.Index, error) {
	ix.mu.RLock()
	if ix.idx == nil {
		ix.mu.RUnlock()
		return nil, ErrIndexClosed
	}
	return ix.idx, nil
}

// Add indexes the disclosures: one document per measure and one for the
// disclosure. A disclosure already in the index is replaced, including
// the removal of measures it no longer has. Writes go in batches of about
// BatchSize measure documents, each durable when written; a disclosure is
// never split across batches. On error or cancellation, disclosures in
// batches already written stay indexed.
func (ix *Index) Add(ctx context.Context, ds ...*corpus.Disclosure) error {
	if _, err := ix.segmenter(ctx); err != nil { // loaded here, with its error, not in bleve's analysis
		return fmt.Errorf("add disclosures: %w", err)
	}
	idx, err := ix.acquire()
	if err != nil {
		return fmt.Errorf("add disclosures: %w", err)
	}
	defer ix.mu.RUnlock()

	defer ix.gen.Add(1)
	arena, _ := ix.arenas.Get().(*fieldArena)
	if arena == nil {
		arena = new(fieldArena)
	}
	err = ix.add(ctx, idx, newFuser(arena), ds)
	// Not deferred: after a panic, bleve's workers may still be analysing
	// fields from the arena.
	arena.recycle()
	ix.arenas.Put(arena)
	return err
}

// add is Add on idx, with the fields' analysis fused by fz, whose arena
// is recycled after each batch written.
func (ix *Index) add(ctx context.Context, idx bleve.Index, fz *fuser, ds []*corpus.Disclosure) error {
	mapper := newDocMapper(idx.Mapping())
	b := idx.NewBatch()
	pending := 0
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := idx.Batch(b); err != nil {
			return translate(err)
		}
		b.Reset()
		fz.recycle()
		pending = 0
		return nil
	}
	for _, d := range ds {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("add disclosures: %w", err)
		}
		if d == nil || d.ID == "" {
			return fmt.Errorf("add disclosure: missing id")
		}
		ids, docs := documents(d, ix.themeName)
		old, err := storedMeasureIDs(idx, d.ID)
		if err != nil {
			return fmt.Errorf("add disclosure %s: %w", d.ID, err)
		}
		for _, id := range old {
			if !slices.Contains(ids, id) {
				b.Delete(id)
			}
		}
		for i, id := range ids {
			// As b.Index, with the document mapped from field templates
			// (idx_docs.go) and the text fields' analysis fused (idx_fields.go).
			doc, err := mapper.document(id, docs[i], fz)
			if err != nil {
				return fmt.Errorf("add disclosure %s: index %s: %w", d.ID, id, err)
			}
			if err := b.IndexAdvanced(doc); err != nil {
				return fmt.Errorf("add disclosure %s: index %s: %w", d.ID, id, err)
			}
		}
		pending += len(ids)
		if pending >= ix.batchSize {
			if err := flush(); err != nil {
				return fmt.Errorf("add disclosures: %w", err)
			}
		}
	}
	if pending > 0 {
		if err := flush(); err != nil {
			return fmt.Errorf("add disclosures: %w", err)
		}
	}
	return nil
}

// storedMeasureIDs returns the measure ids recorded on a disclosure's
// document, or none when it is not indexed.
func storedMeasureIDs(idx bleve.Index, id string) ([]string, error) {
	doc, err := idx.Document(disclosureDocPrefix + id)
	if err != nil {
		return nil, translate(err)
	}
	if doc == nil {
		return nil, nil
	}
	var ids []string
	doc.VisitFields(func(f index.Field) {
		if f.Name() == fieldMeasureIDs {
			ids = append(ids, string(f.Value()))
		}
	})
	return ids, nil
}

// Delete removes a disclosure's documents: its measures and its own.
// Deleting a disclosure that is not indexed is not an error.
func (ix *Index) Delete(ctx context.Context, d *corpus.Disclosure) error {
	if d == nil || d.ID == "" {
		return fmt.Errorf("delete disclosure: missing id")
	}
	idx, err := ix.acquire()
	if err != nil {
		return fmt.Errorf("delete disclosure %s: %w", d.ID, err)
	}
	defer ix.mu.RUnlock()

	ids, err := docIDsOf(ctx, idx, d.ID)
	if err != nil {
		return fmt.Errorf("delete disclosure %s: %w", d.ID, err)
	}
	for i := range d.Measures {
		ids = append(ids, MeasureID(d, i))
	}
	ids = append(ids, disclosureDocPrefix+d.ID)
	defer ix.gen.Add(1)
	b := idx.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("delete disclosure %s: %w", d.ID, translate(err))
	}
	return nil
}

// docIDsOf returns the ids of every document carrying disclosure id.
func docIDsOf(ctx context.Context, idx bleve.Index, id string) ([]string, error) {
	const page = 1000
	q := bleve.NewTermQuery(id)
	q.SetField(fieldDisclosureID)
	var ids []string
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortDocID{}})
		req.SearchAfter = after
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, translate(err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < page {
			return ids, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// Count returns how many measures and disclosures the index holds.
func (ix *Index) Count(ctx context.Context) (measures, disclosures uint64, err error) {
	idx, err := ix.acquire()
	if err != nil {
		return 0, 0, fmt.Errorf("count documents: %w", err)
	}
	defer ix.mu.RUnlock()
	adv, err := idx.Advanced()
	if err != nil {
		return 0, 0, fmt.Errorf("count documents: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, 0, fmt.Errorf("count documents: %w", translate(err))
	}
	defer r.Close()
	count := func(docType string) (uint64, error) {
		// Counted from the posting lists where the reader allows it, by a
		// search otherwise.
		if n, ok, err := liveCount(ctx, r, fieldDocType, docType); ok {
			if err != nil {
				return 0, fmt.Errorf("count %s documents: %w", docType, err)
			}
			return n, nil
		}
		q := bleve.NewTermQuery(docType)
		q.SetField(fieldDocType)
		res, err := idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
		if err != nil {
			return 0, fmt.Errorf("count %s documents: %w", docType, translate(err))
		}
		return res.Total, nil
	}
	if measures, err = count(docTypeMeasure); err != nil {
		return 0, 0, err
	}
	if disclosures, err = count(docTypeDisclosure); err != nil {
		return 0, 0, err
	}
	return measures, disclosures, nil
}

// Fields returns the names of the fields that hold indexed terms, sorted:
// what a query can match. Stored-only fields are not among them.
func (ix *Index) Fields(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list fields: %w", err)
	}
	idx, err := ix.acquire()
	if err != nil {
		return nil, fmt.Errorf("list fields: %w", err)
	}
	defer ix.mu.RUnlock()
	all, err := idx.Fields()
	if err != nil {
		return nil, fmt.Errorf("list fields: %w", translate(err))
	}
	var out []string
	for _, f := range all {
		if f == "_id" || f == "_all" {
			continue
		}
		dict, err := idx.FieldDict(f)
		if err != nil {
			return nil, fmt.Errorf("list fields: read %s: %w", f, translate(err))
		}
		entry, err := dict.Next()
		cerr := dict.Close()
		if err != nil || cerr != nil {
			return nil, fmt.Errorf("list fields: read %s: %w", f, errors.Join(err, cerr))
		}
		if entry != nil {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out, nil
}
