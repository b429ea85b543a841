package library

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Bounds of Clusters: members listed per cluster (the size counts them
// all), and how many clusterings (threshold, least size) one store change
// keeps.
const (
	DefaultClusterMembers = 20
	MaxClusterMembers     = 200
	maxClusterings        = 8
)

// ClusterQuery asks for one page of near-duplicate clusters.
type ClusterQuery struct {
	// Threshold is the least Jaccard index of a member to its cluster's
	// representative; 0 means similar.DefaultClusterThreshold.
	Threshold float64
	// MinSize is the least number of members (2 when less).
	MinSize int
	// Unit, when set, keeps the clusters holding a measure of that unit
	// (by analytics.UnitKey): its copied measures and the other units'.
	Unit string
	// Offset and Limit page the ranked clusters: Limit 0 means
	// similar.DefaultClusterLimit, at most similar.MaxClusterLimit.
	Offset, Limit int
	// Members bounds the members listed per cluster: 0 means
	// DefaultClusterMembers, at most MaxClusterMembers.
	Members int
	// Wait bounds the wait for a clustering still being computed (the
	// first use after a store change, unless the warmer got there first):
	// 0 waits as long as the context allows, and when it has a deadline,
	// until a second before it (a tenth of what is left when that is
	// less). A wait that ends first answers Computing, with no clusters;
	// the computation goes on, and a later query is served from it.
	Wait time.Duration
}

// ClusterPage is one page of clusters, or the news that they are still
// being computed.
type ClusterPage struct {
	similar.ClusterPage
	// Computing is true when the clustering was still being computed when
	// the query stopped waiting (ClusterQuery.Wait): the page holds no
	// clusters; ask again shortly.
	Computing bool `json:"computing,omitempty"`
}

// clusterings caches the clusterings of one measure index: it lives and
// dies with it, so a store change (which rebuilds the index) recomputes
// them once, and every page after the first is read from here.
type clusterings struct {
	mu   sync.Mutex
	sets map[[2]float64]*similar.ClusterPage
}

// all returns every cluster of mi at th and minSize, clustering once.
func (mi *measureIndex) clusters(th float64, minSize int) (*similar.ClusterPage, error) {
	mi.cl.mu.Lock()
	defer mi.cl.mu.Unlock()
	key := [2]float64{th, float64(minSize)}
	if p, ok := mi.cl.sets[key]; ok {
		return p, nil
	}
	p, err := mi.ix.Clusters(similar.ClusterOptions{Threshold: th, MinSize: minSize, All: true,
		Attr: mi.unitRound})
	if err != nil {
		return nil, err
	}
	if mi.cl.sets == nil || len(mi.cl.sets) >= maxClusterings {
		mi.cl.sets = map[[2]float64]*similar.ClusterPage{}
	}
	mi.cl.sets[key] = &p
	return &p, nil
}

// Clusters returns one page of the stored measures' near-duplicate
// clusters (see similar.Index.Clusters): a copied measure seen in 14 units
// is one cluster of 14, ranked by the units sharing it. The clustering is
// computed once per store change, in the background (the warmer, or the
// first query, starts it), and paged from the cache; a query that stops
// waiting for it answers Computing (see ClusterQuery.Wait).
func (l *Library) Clusters(ctx context.Context, q ClusterQuery) (ClusterPage, error) {
	if q.Threshold == 0 {
		q.Threshold = similar.DefaultClusterThreshold
	}
	q.MinSize = max(q.MinSize, 2)
	if q.Limit == 0 {
		q.Limit = similar.DefaultClusterLimit
	}
	if q.Members == 0 {
		q.Members = DefaultClusterMembers
	}
	switch {
	case q.Threshold < 0 || q.Threshold > 1:
		return ClusterPage{}, fmt.Errorf("cluster measures: %w: threshold %g outside 0–1", store.ErrInvalid, q.Threshold)
	case q.Limit < 1 || q.Limit > similar.MaxClusterLimit:
		return ClusterPage{}, fmt.Errorf("cluster measures: %w: limit %d outside 1–%d", store.ErrInvalid, q.Limit, similar.MaxClusterLimit)
	case q.Offset < 0:
		return ClusterPage{}, fmt.Errorf("cluster measures: %w: offset %d below 0", store.ErrInvalid, q.Offset)
	case q.Members < 1 || q.Members > MaxClusterMembers:
		return ClusterPage{}, fmt.Errorf("cluster measures: %w: members %d outside 1–%d", store.ErrInvalid, q.Members, MaxClusterMembers)
	case q.Wait < 0:
		return ClusterPage{}, fmt.Errorf("cluster measures: %w: wait %v below 0", store.ErrInvalid, q.Wait)
	}
	_, all, err := l.clustering(ctx, q.Threshold, q.MinSize, q.Wait)
	if errors.Is(err, errComputing) {
		return ClusterPage{ClusterPage: similar.ClusterPage{Offset: q.Offset, Limit: q.Limit, Clusters: []similar.Cluster{}}, Computing: true}, nil
	}
	if err != nil {
		return ClusterPage{}, fmt.Errorf("cluster measures: %w", err)
	}
	list := all.Clusters
	members := all.Members
	if q.Unit != "" {
		uk := analytics.UnitKey(q.Unit)
		keys := map[string]string{}
		list, members = nil, 0
		for _, c := range all.Clusters {
			for _, m := range c.Members {
				k, ok := keys[m.Unit]
				if !ok {
					k = analytics.UnitKey(m.Unit)
					keys[m.Unit] = k
				}
				if m.Unit != "" && k == uk {
					list = append(list, c)
					members += c.Size
					break
				}
			}
		}
	}
	page := similar.ClusterPage{Total: len(list), Members: members, Offset: q.Offset, Limit: q.Limit, Clusters: []similar.Cluster{}}
	list = list[min(q.Offset, len(list)):min(q.Offset+q.Limit, len(list))]
	reps := make([]string, len(list))
	for i, c := range list {
		reps[i] = c.Representative
	}
	texts, err := l.measureTexts(ctx, reps)
	if err != nil {
		return ClusterPage{}, fmt.Errorf("cluster measures: %w", err)
	}
	for _, c := range list {
		c.RepresentativeText = texts[c.Representative]
		if len(c.Members) > q.Members {
			c.Members = c.Members[:q.Members]
		}
		page.Clusters = append(page.Clusters, c)
	}
	return ClusterPage{ClusterPage: page}, nil
}

// UnitProfile is one unit's profile (analytics.Profile) with the clusters
// holding its copied measures.
type UnitProfile struct {
	analytics.UnitProfile
	// Copied is the first page of the clusters holding one of the unit's
	// measures (ClusterQuery.Unit); Computing while the clustering is.
	Copied ClusterPage `json:"copied"`
}

// Profile returns the profile of the unit whose key (or printed name,
// keyed by analytics.UnitKey) is unit: its disclosures and rounds, its
// themes per round, its recurring themes and its copied measures (a page
// of copiedLimit clusters, similar.DefaultClusterLimit when 0). An unknown
// unit is store.ErrNotFound.
func (l *Library) Profile(ctx context.Context, unit string, opts analytics.GroupOptions, copiedLimit int) (UnitProfile, error) {
	names, err := l.unitNames(ctx, []string{unit})
	if err != nil {
		return UnitProfile{}, fmt.Errorf("profile unit %s: %w", unit, err)
	}
	rows, err := l.rows(ctx, store.RowFilter{Units: names, Details: true})
	if err != nil {
		return UnitProfile{}, fmt.Errorf("profile unit %s: %w", unit, err)
	}
	if err := l.rowTexts(ctx, rows); err != nil { // its recurrences show and compare them
		return UnitProfile{}, fmt.Errorf("profile unit %s: %w", unit, err)
	}
	p, ok := analytics.Profile(rows, unit, opts, l.taxonomy())
	if !ok {
		return UnitProfile{}, fmt.Errorf("profile unit %s: %w", unit, store.ErrNotFound)
	}
	copied, err := l.Clusters(ctx, ClusterQuery{Unit: p.UnitKey, Limit: copiedLimit})
	if err != nil {
		return UnitProfile{}, fmt.Errorf("profile unit %s: %w", unit, err)
	}
	return UnitProfile{UnitProfile: p, Copied: copied}, nil
}
