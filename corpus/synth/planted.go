package synth

import (
	"fmt"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/similar"
)

// PlantedScore is how the near-duplicate clusters of a generated corpus
// match its planted copies (TruthMeasure.NearCopyOf).
type PlantedScore struct {
	Measures int `json:"measures"`
	Planted  int `json:"planted"`  // planted copies
	Clusters int `json:"clusters"` // clusters found
	// Recalled counts the planted copies in one cluster with their source
	// (a copy of a copy counts with the first source); Recall is
	// Recalled ÷ Planted.
	Recalled int     `json:"recalled"`
	Recall   float64 `json:"recall"`
	// Merged counts clusters holding two planted groups; Impure those that
	// are not exactly one planted group (they hold a measure nobody
	// copied, or two groups). Precision is (Clusters − Impure) ÷ Clusters.
	Merged    int     `json:"merged"`
	Impure    int     `json:"impure"`
	Precision float64 `json:"precision"`
}

// ScorePlanted clusters every truth measure of docs with package similar
// (Jaccard ≥ threshold on character 3-shingles; 0 means
// similar.DefaultClusterThreshold) and scores the clusters against the
// planted copies. The bench and the tests report it.
func ScorePlanted(docs []Doc, threshold float64) (PlantedScore, error) {
	ix, err := similar.NewIndex(similar.Options{})
	if err != nil {
		return PlantedScore{}, fmt.Errorf("score planted copies: %w", err)
	}
	var s PlantedScore
	root := map[string]string{} // measure key → its planted group's source
	for _, d := range docs {
		for _, m := range d.Truth.Measures {
			k := m.Key(d.Name)
			if err := ix.AddText(k, m.Text); err != nil {
				return PlantedScore{}, fmt.Errorf("score planted copies: %w", err)
			}
			s.Measures++
			if m.NearCopyOf != "" {
				r := m.NearCopyOf
				if rr, ok := root[r]; ok {
					r = rr
				}
				root[k] = r
				root[r] = r
				s.Planted++
			}
		}
	}
	clusterOf := map[string]int{}
	var groups []map[string]bool
	for off := 0; ; off += similar.MaxClusterLimit {
		p, err := ix.Clusters(similar.ClusterOptions{Threshold: threshold, Offset: off, Limit: similar.MaxClusterLimit})
		if err != nil {
			return PlantedScore{}, fmt.Errorf("score planted copies: %w", err)
		}
		for _, c := range p.Clusters {
			gs := map[string]bool{}
			for _, m := range c.Members {
				clusterOf[m.ID] = len(groups)
				if r, ok := root[m.ID]; ok {
					gs[r] = true
				} else {
					gs["unplanted "+m.ID] = true
				}
			}
			groups = append(groups, gs)
		}
		s.Clusters = p.Total
		if len(p.Clusters) < similar.MaxClusterLimit {
			break
		}
	}
	for k, r := range root {
		if k == r {
			continue
		}
		ck, ok1 := clusterOf[k]
		cr, ok2 := clusterOf[r]
		if ok1 && ok2 && ck == cr {
			s.Recalled++
		}
	}
	for _, gs := range groups {
		planted := 0
		for g := range gs {
			if !strings.HasPrefix(g, "unplanted ") {
				planted++
			}
		}
		if planted > 1 {
			s.Merged++
		}
		if planted != 1 || len(gs) != 1 {
			s.Impure++
		}
	}
	s.Recall, s.Precision = 1, 1
	if s.Planted > 0 {
		s.Recall = float64(s.Recalled) / float64(s.Planted)
	}
	if s.Clusters > 0 {
		s.Precision = float64(s.Clusters-s.Impure) / float64(s.Clusters)
	}
	return s, nil
}
