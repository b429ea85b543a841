package indexer_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

func ExampleIndex_Search() {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "zhenggai-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	ix, err := indexer.Open(ctx, filepath.Join(tmp, "index"), indexer.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	term, round := 10, 2
	d := &corpus.Disclosure{
		ID:         "example",
		Unit:       "中共拉萨市第一中学委员会",
		Published:  "2024-04-15",
		Inspection: corpus.Inspection{Body: "市委", Term: &term, Round: &round},
		Measures: []corpus.Measure{
			{ID: "example-001", Category: 1, Number: 1, Text: "严格落实党组织领导的校长负责制，校长负责制运行良好。"},
			{ID: "example-002", Category: 1, Number: 2, Text: "校长要负责制定年度计划。"},
			{ID: "example-003", Category: 2, Number: 1, Text: "坚决纠正违规发放津补贴问题。"},
		},
	}
	if err := ix.Add(ctx, d); err != nil {
		log.Fatal(err)
	}

	res, err := ix.Search(ctx, indexer.Query{
		Text:      "负责制",
		Facets:    []string{indexer.FacetRound},
		Highlight: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total:", res.Total)
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Highlight)
	}
	for _, b := range res.Facets[indexer.FacetRound] {
		fmt.Println(b.Key, b.Count)
	}
	// Output:
	// total: 2
	// example-001 严格落实党组织领导的<mark>校长负责制</mark>，<mark>校长负责制</mark>运行良好。
	// example-002 校长要<mark>负责制定</mark>年度计划。
	// 十届市委第二轮 2
}
