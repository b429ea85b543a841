package similar_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/similar"
)

// answers is everything an index answers about a corpus, in one value:
// every pair at 0.3 and at 0.8 with a filter, the first 100 pairs at 0.5,
// every cluster at 0.8 and 0.6, the 10 most similar texts of every 7th
// text (with and without a filter) and the LSH candidates of every 50th.
type answers struct {
	Pairs03, Pairs08 []similar.Pair
	Top05            []similar.Pair
	Total05          int
	Clusters08       similar.ClusterPage
	Clusters06       similar.ClusterPage
	Similar          map[string][]similar.Match
	SimilarKept      map[string][]similar.Match
	Candidates       map[string][]string
}

// indexAnswers adds texts under ids and asks everything; a query after
// each of the first queryAt texts makes the index build its buckets then,
// so that later adds build them again.
func indexAnswers(t *testing.T, ids, texts []string, queryAt ...int) answers {
	t.Helper()
	ix, err := similar.NewIndex(similar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		if err := ix.AddText(ids[i], s); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(queryAt, i+1) {
			ix.Similar(ids[0], 3, nil)
			if err := ix.AddText(ids[0], "again"); err == nil {
				t.Fatalf("%s added twice after a query", ids[0])
			}
		}
	}
	unit := map[string]string{}
	for i, id := range ids {
		unit[id] = fmt.Sprintf("u%d", i%37)
	}
	attr := func(id string) (string, string) { return unit[id], "" }
	var a answers
	a.Pairs03 = ix.Pairs(0.3, nil)
	a.Pairs08 = ix.Pairs(0.8, func(x, y string) bool { return unit[x] != unit[y] })
	if a.Top05, a.Total05, err = ix.TopPairs(context.Background(), 0.5, nil, 100); err != nil {
		t.Fatal(err)
	}
	if a.Clusters08, err = ix.Clusters(similar.ClusterOptions{Attr: attr, All: true}); err != nil {
		t.Fatal(err)
	}
	if a.Clusters06, err = ix.Clusters(similar.ClusterOptions{Threshold: 0.6, MinSize: 3, Attr: attr, All: true}); err != nil {
		t.Fatal(err)
	}
	a.Similar, a.SimilarKept, a.Candidates = map[string][]similar.Match{}, map[string][]similar.Match{}, map[string][]string{}
	for i := 0; i < len(ids); i += 7 {
		a.Similar[ids[i]], _ = ix.Similar(ids[i], 10, nil)
		a.SimilarKept[ids[i]], _ = ix.Similar(ids[i], 5, func(id string) bool { return unit[id] != unit[ids[i]] })
	}
	for i := 0; i < len(ids); i += 50 {
		a.Candidates[ids[i]] = ix.Candidates(ix.Hasher().Signature(similar.Shingle(texts[i])))
	}
	return a
}

func digest(t *testing.T, a answers) string {
	t.Helper()
	b, err := json.Marshal(a) // floats in their shortest exact form
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// equivalenceCorpora are two corpora of about 3,000 texts each: random
// joins of the fixtures' clauses with 40 planted copy groups, and the
// measures of 300 generated disclosures.
func equivalenceCorpora(t *testing.T) map[string][2][]string {
	texts, _, _ := clusterCorpus(t, 3000, 40, 9)
	ids := make([]string, len(texts))
	for i := range texts {
		ids[i] = fmt.Sprintf("m%06d", i)
	}
	gids, gtexts := synthMeasures(300)
	return map[string][2][]string{"clauses": {ids, texts}, "generated": {gids, gtexts}}
}

// TestAnswersUnchanged checks that the index answers exactly what the
// index before the compact representation (64-bit shingles and band keys,
// commit c6e1dae) answered on the same corpora: the digests below were
// printed by that code.
func TestAnswersUnchanged(t *testing.T) {
	want := map[string]string{
		"clauses":   "3702e5adb0893b6a98282190d4d04562fdd45859db0b1f4b76152dacba80de41",
		"generated": "963816cb4c56aa4b69231cde96532d9ef308167a2d5afece60a698874354791d",
	}
	for name, c := range equivalenceCorpora(t) {
		a := indexAnswers(t, c[0], c[1])
		got := digest(t, a)
		if d := os.Getenv("SIMILAR_DUMP"); d != "" {
			b, _ := json.MarshalIndent(a, "", " ")
			os.WriteFile(d+"-"+name+".json", b, 0o644)
		}
		t.Logf("%s: %d texts, %d pairs ≥ 0.3, %d pairs ≥ 0.8 across units, %d ≥ 0.5, %d clusters at 0.8, %d at 0.6; digest %s",
			name, len(c[0]), len(a.Pairs03), len(a.Pairs08), a.Total05, a.Clusters08.Total, a.Clusters06.Total, got)
		if got != want[name] {
			t.Errorf("%s: answers changed: digest %s, want %s", name, got, want[name])
		}
		n := len(c[0])
		if got := digest(t, indexAnswers(t, c[0], c[1], n/3, n/3+1, 2*n/3)); got != want[name] {
			t.Errorf("%s: answers changed when queried after %d, %d and %d texts: digest %s, want %s", name, n/3, n/3+1, 2*n/3, got, want[name])
		}
	}
}
