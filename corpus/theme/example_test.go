package theme_test

import (
	"fmt"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

func ExampleTagger_TagWithContext() {
	tg := theme.NewTagger(theme.Default())
	heading := "（二）聚焦群众身边腐败问题和不正之风方面存在的问题"
	measure := "修订信访接待制度，对信访举报及问题线索实行专人负责。"
	for _, id := range tg.TagWithContext(measure, heading) {
		th, _ := tg.Taxonomy().Lookup(id)
		fmt.Println(id, th.Name)
	}
	for _, h := range tg.HitsWithContext(measure, heading) {
		fmt.Printf("%s %s [%d:%d]\n", h.ID, h.Keyword, h.Start, h.End)
	}
	// Output:
	// B4 信访和群众诉求
	// C4 问题线索和追责问责
	// B4 信访 [6:12]
	// B4 信访举报 [30:42]
	// C4 问题线索 [45:57]
}
