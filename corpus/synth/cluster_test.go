package synth_test

import (
	"testing"

	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// PlantedScore is how the near-duplicate clusters of a generated corpus
// match its planted copies.
type plantedScore struct {
	measures, clusters, planted int
	recalled                    int // planted copies in one cluster with their source
	merged                      int // clusters holding two planted sources' groups
	impure                      int // clusters not made of one planted group
}

// scorePlanted clusters every measure of docs at 0.8 and scores the
// clusters against the truth's planted copies. A planted group is a source
// measure and every measure copied from it (copies of copies join their
// first source).
func scorePlanted(t testing.TB, docs []synth.Doc) plantedScore {
	t.Helper()
	ix, err := similar.NewIndex(similar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := map[string]string{} // measure key → its planted group's source key
	var s plantedScore
	for _, d := range docs {
		for _, m := range d.Truth.Measures {
			k := m.Key(d.Name)
			if err := ix.AddText(k, m.Text); err != nil {
				t.Fatal(err)
			}
			s.measures++
			if m.NearCopyOf != "" {
				root := m.NearCopyOf
				if r, ok := src[root]; ok {
					root = r
				}
				src[k] = root
				src[root] = root
				s.planted++
			}
		}
	}
	clusterOf := map[string]int{}
	groupsIn := map[int]map[string]bool{}
	for off := 0; ; off += similar.MaxClusterLimit {
		p, err := ix.Clusters(similar.ClusterOptions{Offset: off, Limit: similar.MaxClusterLimit})
		if err != nil {
			t.Fatal(err)
		}
		for ci, c := range p.Clusters {
			id := off + ci
			groupsIn[id] = map[string]bool{}
			for _, m := range c.Members {
				clusterOf[m.ID] = id
				g, ok := src[m.ID]
				if !ok {
					g = "unplanted:" + m.ID
				}
				groupsIn[id][g] = true
			}
		}
		s.clusters = p.Total
		if len(p.Clusters) < similar.MaxClusterLimit {
			break
		}
	}
	for k, root := range src {
		if k == root {
			continue
		}
		if c, ok := clusterOf[k]; ok && clusterOf[root] == c && root != "" {
			if _, ok := clusterOf[root]; ok {
				s.recalled++
			}
		}
	}
	for _, gs := range groupsIn {
		planted := 0
		for g := range gs {
			if len(g) < 10 || g[:10] != "unplanted:" {
				planted++
			}
		}
		if planted > 1 {
			s.merged++
		}
		if planted != 1 || len(gs) != 1 {
			s.impure++
		}
	}
	return s
}

// TestOnlyPlantedCopiesAreNearDuplicates: on a corpus of 2,500 disclosures
// every planted copy is clustered with its source, no cluster merges two
// planted groups, and every cluster is a planted group (nothing the
// generator did not copy is a near-duplicate).
func TestOnlyPlantedCopiesAreNearDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and clusters 2,500 disclosures")
	}
	docs := synth.Generate(synth.Options{Seed: 5, Disclosures: 2500})
	s := scorePlanted(t, docs)
	t.Logf("%d disclosures, %d measures, %d planted copies, %d clusters: recall %d/%d, %d merged, %d not a planted group",
		len(docs), s.measures, s.planted, s.clusters, s.recalled, s.planted, s.merged, s.impure)
	if s.planted < s.measures/50 {
		t.Fatalf("only %d planted copies in %d measures", s.planted, s.measures)
	}
	if s.recalled != s.planted {
		t.Errorf("cluster recall on planted copies %d/%d, want all", s.recalled, s.planted)
	}
	if s.merged > 0 || s.impure > 0 {
		t.Errorf("%d clusters merge planted groups, %d are not a planted group (precision %d/%d)", s.merged, s.impure, s.clusters-s.impure, s.clusters)
	}
}

// TestLargeCorpus: 7,000 disclosures and more once panicked on round
// numbers above 99; rounds now move on to the next term.
func TestLargeCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 7,500 disclosures")
	}
	docs := synth.Generate(synth.Options{Seed: 1, Disclosures: 7500})
	if len(docs) != 7500 {
		t.Fatalf("got %d disclosures", len(docs))
	}
	for _, d := range docs {
		if d.Truth.Round > 15 || d.Truth.Term > 99 {
			t.Fatalf("%s: term %d round %d", d.Name, d.Truth.Term, d.Truth.Round)
		}
	}
	for n, want := range map[int]string{7: "七", 10: "十", 15: "十五", 99: "九十九", 100: "一百", 105: "一百零五", 112: "一百一十二", 120: "一百二十", 999: "九百九十九", 1000: "1000"} {
		if got := synth.CN(n); got != want {
			t.Errorf("cn(%d) = %s, want %s", n, got, want)
		}
	}
}
