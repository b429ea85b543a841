package similar

import (
	"cmp"
	"fmt"
	"slices"
)

// DefaultClusterThreshold is the Jaccard index at which two measures count
// as near-duplicates when ClusterOptions.Threshold is zero.
const DefaultClusterThreshold = 0.8

// Cluster paging bounds: a page of clusters holds DefaultClusterLimit
// clusters unless asked otherwise, and never more than MaxClusterLimit.
const (
	DefaultClusterLimit = 50
	MaxClusterLimit     = 500
)

// ClusterOptions say which texts to group and how to describe the groups.
type ClusterOptions struct {
	// Threshold is the least Jaccard index of a member to its
	// cluster's representative; 0 means DefaultClusterThreshold.
	Threshold float64
	// MinSize is the least number of members a cluster is reported with;
	// values below 2 mean 2.
	MinSize int
	// Keep restricts clustering to the texts it accepts; nil keeps all.
	Keep func(id string) bool
	// Involving, when set, reports only the clusters with at least one
	// member it accepts (a unit's copied measures: the clusters holding one
	// of its measures, with the other units' copies); nil reports all.
	Involving func(id string) bool
	// Attr returns a text's unit and round (any labels the caller likes;
	// "" for unknown). Nil leaves Units and Rounds empty and ranks by size.
	Attr func(id string) (unit, round string)
	// Text returns a text's words for the representative; nil leaves
	// RepresentativeText empty.
	Text func(id string) string
	// Offset and Limit page the ranked clusters; Limit 0 means
	// DefaultClusterLimit, and Limit is capped at MaxClusterLimit.
	Offset, Limit int
	// All returns every cluster on one page, ignoring Offset and Limit:
	// for a caller that clusters once and pages from its own cache.
	All bool
}

// ClusterMember is one text of a cluster and its Jaccard index to
// the representative (1 for the representative itself).
type ClusterMember struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"`
	Unit       string  `json:"unit,omitempty"`
	Round      string  `json:"round,omitempty"`
}

// Cluster is a group of near-duplicate texts: every member is at least the
// threshold similar to the representative, so a chain of small edits never
// joins texts that are far apart.
type Cluster struct {
	Representative     string          `json:"representative"`
	RepresentativeText string          `json:"representative_text,omitempty"`
	Size               int             `json:"size"`
	Units              []string        `json:"units"`  // distinct, sorted; "" left out
	Rounds             []string        `json:"rounds"` // distinct, sorted; "" left out
	MinSimilarity      float64         `json:"min_similarity"`
	MaxSimilarity      float64         `json:"max_similarity"`
	Members            []ClusterMember `json:"members"` // representative first, then by similarity, then id
}

// ClusterPage is one page of clusters ranked by the number of distinct
// units (then size, then the highest similarity, then representative id).
type ClusterPage struct {
	Total    int       `json:"total"`    // clusters in all
	Members  int       `json:"members"`  // texts in any cluster
	Offset   int       `json:"offset"`   // of this page
	Limit    int       `json:"limit"`    // as applied
	Clusters []Cluster `json:"clusters"` // this page
}

// Clusters groups the index's near-duplicate texts into clusters and
// returns one page of them.
//
// Candidate pairs come from the LSH buckets one text at a time and are
// verified by Jaccard index; a verified pair joins two union-find
// sets and raises both texts' degrees. No pair is kept, so memory stays
// linear in the number of texts whatever the number of pairs. Each
// union-find component is then split by leaders: the member with the
// highest degree (most near-duplicates) leads, every member of its LSH
// buckets at least the threshold similar to it joins its cluster, and the
// rest form further clusters the same way. A member is thus never joined
// through a chain of small edits, and the work stays that of the candidate
// scan (no component is compared all against all). A copied measure seen in 14 units is one cluster
// of 14, not 91 pairs.
func (ix *Index) Clusters(opts ClusterOptions) (ClusterPage, error) {
	th := opts.Threshold
	if th == 0 {
		th = DefaultClusterThreshold
	}
	if th < 0 || th > 1 {
		return ClusterPage{}, fmt.Errorf("cluster: %w: threshold %v outside (0, 1]", ErrInvalid, th)
	}
	if opts.Offset < 0 || opts.Limit < 0 {
		return ClusterPage{}, fmt.Errorf("cluster: %w: offset %d, limit %d", ErrInvalid, opts.Offset, opts.Limit)
	}
	minSize := max(opts.MinSize, 2)
	limit := opts.Limit
	if limit == 0 {
		limit = DefaultClusterLimit
	}
	limit = min(limit, MaxClusterLimit)

	n := len(ix.ids)
	kept := make([]bool, n)
	for i := range n {
		kept[i] = ix.setLen(int32(i)) > 0 && (opts.Keep == nil || opts.Keep(ix.ids[i]))
	}
	uf := newUnionFind(n)
	deg := make([]int32, n)
	sb := newSharedBuckets(ix.buckets())
	ix.eachCandidate(sb, kept, clusterMinBands, func(i, j int32) {
		// |A ∩ B| / |A ∪ B| ≤ min/max of the sizes: skip what cannot reach th.
		a, b := ix.setLen(i), ix.setLen(j)
		if float64(min(a, b)) < th*float64(max(a, b)) {
			return
		}
		if _, ok := jaccardAtLeast(ix.set(i), ix.set(j), th); ok {
			uf.union(i, j)
			deg[i]++
			deg[j]++
		}
	})

	// Components of two or more, each a list of members.
	start := make([]int32, n+1) // counting sort by root
	for i := range int32(n) {
		if deg[i] > 0 {
			start[uf.find(i)+1]++
		}
	}
	for i := range n {
		start[i+1] += start[i]
	}
	order := make([]int32, start[n])
	fill := slices.Clone(start[:n])
	for i := range int32(n) {
		if deg[i] > 0 {
			r := uf.find(i)
			order[fill[r]] = i
			fill[r]++
		}
	}
	fill = nil

	type group struct {
		members []int32 // leader first
		sims    []float64
		units   int
		best    float64 // highest similarity of a member to the leader
	}
	var groups []group
	unitOf := func(i int32) (string, string) {
		if opts.Attr == nil {
			return "", ""
		}
		return opts.Attr(ix.ids[i])
	}
	distinctUnits := func(ms []int32) int {
		seen := make(map[string]struct{}, len(ms))
		for _, m := range ms {
			if u, _ := unitOf(m); u != "" {
				seen[u] = struct{}{}
			}
		}
		return len(seen)
	}
	involves := func(ms []int32) bool {
		if opts.Involving == nil {
			return true
		}
		for _, m := range ms {
			if opts.Involving(ix.ids[m]) {
				return true
			}
		}
		return false
	}
	nb := ix.opts.Bands
	assigned := make([]bool, n)
	stamp := make([]int32, n)
	for i := range stamp {
		stamp[i] = -1
	}
	for r := range n {
		comp := order[start[r]:start[r+1]]
		if len(comp) < 2 {
			continue
		}
		// Leaders by degree (most near-duplicates first), then position.
		// A leader's members can only be its LSH candidates, so only its
		// buckets are searched: the cost stays that of the candidate scan.
		slices.SortFunc(comp, func(a, b int32) int { return cmp.Or(cmp.Compare(deg[b], deg[a]), cmp.Compare(a, b)) })
		root := uf.find(comp[0])
		for _, lead := range comp {
			if assigned[lead] {
				continue
			}
			assigned[lead] = true
			g := group{members: []int32{lead}, sims: []float64{1}}
			for b := range nb {
				sb.each(lead, b, func(j int32) {
					if assigned[j] || stamp[j] == lead || deg[j] == 0 || uf.find(j) != root {
						return
					}
					stamp[j] = lead
					if s, ok := jaccardAtLeast(ix.set(lead), ix.set(j), th); ok {
						assigned[j] = true
						g.members = append(g.members, j)
						g.sims = append(g.sims, s)
						g.best = max(g.best, s)
					}
				})
			}
			if len(g.members) >= minSize && involves(g.members) {
				g.units = distinctUnits(g.members)
				groups = append(groups, g)
			}
		}
	}

	page := ClusterPage{Total: len(groups), Offset: opts.Offset, Limit: limit, Clusters: []Cluster{}}
	slices.SortFunc(groups, func(a, b group) int {
		return cmp.Or(cmp.Compare(b.units, a.units), cmp.Compare(len(b.members), len(a.members)),
			cmp.Compare(b.best, a.best), cmp.Compare(ix.ids[a.members[0]], ix.ids[b.members[0]]))
	})
	for _, g := range groups {
		page.Members += len(g.members)
	}
	lo, hi := opts.Offset, min(len(groups), opts.Offset+limit)
	if opts.All {
		lo, hi = 0, len(groups)
		page.Offset, page.Limit = 0, len(groups)
	}
	if lo >= hi {
		return page, nil
	}
	for _, g := range groups[lo:hi] {
		page.Clusters = append(page.Clusters, ix.describe(g.members, g.sims, unitOf, opts.Text))
	}
	return page, nil
}

// describe spells out one cluster.
func (ix *Index) describe(members []int32, sims []float64, attr func(int32) (string, string), text func(string) string) Cluster {
	c := Cluster{Representative: ix.ids[members[0]], Size: len(members), Units: []string{}, Rounds: []string{}, MinSimilarity: 1}
	if text != nil {
		c.RepresentativeText = text(c.Representative)
	}
	for k, m := range members {
		u, r := attr(m)
		c.Members = append(c.Members, ClusterMember{ID: ix.ids[m], Similarity: sims[k], Unit: u, Round: r})
		if u != "" && !slices.Contains(c.Units, u) {
			c.Units = append(c.Units, u)
		}
		if r != "" && !slices.Contains(c.Rounds, r) {
			c.Rounds = append(c.Rounds, r)
		}
		if k > 0 {
			c.MinSimilarity = min(c.MinSimilarity, sims[k])
			c.MaxSimilarity = max(c.MaxSimilarity, sims[k])
		}
	}
	slices.Sort(c.Units)
	slices.Sort(c.Rounds)
	slices.SortFunc(c.Members[1:], func(a, b ClusterMember) int {
		return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), cmp.Compare(a.ID, b.ID))
	})
	return c
}

// clusterMinBands is how many LSH bands two texts must share to be
// compared when clustering. Two bands rather than one drop most pairs below
// 0.5 (a pair of Jaccard index 0.3 shares two of 32 bands with probability
// 0.026, one band with 0.23) while a pair at 0.8 shares fewer than two
// with probability about 1e-6, and one at 0.85 about 1e-9.
const clusterMinBands = 2

// eachCandidate calls f once for every pair (i < j) of kept texts sharing
// at least minBands LSH bands, streaming: no pair is stored, and the
// counters are one per text.
func (ix *Index) eachCandidate(sb sharedBuckets, kept []bool, minBands int, f func(i, j int32)) {
	nb := ix.opts.Bands
	count := make([]int32, len(ix.ids))
	var touched []int32
	for i := range int32(len(ix.ids)) {
		if !kept[i] {
			continue
		}
		touched = touched[:0]
		for b := range nb {
			p := sb.slot[int(i)*nb+b]
			if p < 0 {
				continue
			}
			for _, j := range sb.after(p) {
				if !kept[j] {
					continue
				}
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		slices.Sort(touched)
		for _, j := range touched {
			if int(count[j]) >= minBands {
				f(i, j)
			}
			count[j] = 0
		}
	}
}

// sharedBuckets lay out the LSH buckets of two or more texts one after
// another for clustering, which walks every bucket from each of its
// members: a run of memory is read much faster than a ring is followed.
// slot[i×Bands+b] is the place of text i in members, or -1 when i is alone
// in band b; a bucket's texts are ascending, the first stored as ^i.
type sharedBuckets struct {
	nb      int
	slot    []int32
	members []int32
}

func newSharedBuckets(t *bandTable) sharedBuckets {
	nb := len(t.next)
	sb := sharedBuckets{nb: nb, slot: make([]int32, t.n*nb)}
	for i := range sb.slot {
		sb.slot[i] = -1
	}
	total := 0
	for _, next := range t.next {
		for _, j := range next {
			if j >= 0 {
				total++
			}
		}
	}
	sb.members = make([]int32, 0, total)
	for b, next := range t.next {
		for i := range int32(t.n) {
			if next[i] < 0 || sb.slot[int(i)*nb+b] >= 0 {
				continue
			}
			// Texts come in ascending order: i is its bucket's least.
			sb.slot[int(i)*nb+b] = int32(len(sb.members))
			sb.members = append(sb.members, ^i)
			for j := next[i]; j != i; j = next[j] {
				sb.slot[int(j)*nb+b] = int32(len(sb.members))
				sb.members = append(sb.members, j)
			}
		}
	}
	return sb
}

// after returns the texts of a bucket after the one at place p.
func (sb sharedBuckets) after(p int32) []int32 {
	end := int(p) + 1
	for end < len(sb.members) && sb.members[end] >= 0 {
		end++
	}
	return sb.members[p+1 : end]
}

// each calls f with every other text of i's bucket in band b.
func (sb sharedBuckets) each(i int32, b int, f func(j int32)) {
	p := sb.slot[int(i)*sb.nb+b]
	if p < 0 {
		return
	}
	start := p
	for sb.members[start] >= 0 {
		start--
	}
	if first := ^sb.members[start]; first != i {
		f(first)
	}
	for _, j := range sb.after(start) {
		if j != i {
			f(j)
		}
	}
}

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct {
	parent []int32
	size   []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int32) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
