package indexer_test

import (
	"html"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// markedSpans parses a highlight into its plain text (marks removed, HTML
// unescaped) and the byte ranges of that text each mark covers.
func markedSpans(t *testing.T, hl string) (string, [][2]int) {
	t.Helper()
	var plain strings.Builder
	var spans [][2]int
	rest := hl
	for {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			plain.WriteString(html.UnescapeString(rest))
			break
		}
		plain.WriteString(html.UnescapeString(rest[:i]))
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			t.Fatalf("unclosed mark in %q", hl)
		}
		start := plain.Len()
		plain.WriteString(html.UnescapeString(rest[:j]))
		spans = append(spans, [2]int{start, plain.Len()})
		rest = rest[j+len("</mark>"):]
	}
	return plain.String(), spans
}

// checkHighlight checks a hit's highlight: the marks removed give back the
// text exactly, no mark follows another directly, and every occurrence of
// phrase lies inside one mark.
func checkHighlight(t *testing.T, h indexer.Hit, phrase string) {
	t.Helper()
	if strings.Contains(h.Highlight, "</mark><mark>") {
		t.Errorf("%s: adjacent marks not merged: %s", h.ID, h.Highlight)
	}
	plain, spans := markedSpans(t, h.Highlight)
	if plain != h.Text {
		t.Fatalf("%s: highlight without marks\n%q\nis not the text\n%q", h.ID, plain, h.Text)
	}
	if len(spans) == 0 {
		t.Errorf("%s: nothing marked in %q", h.ID, h.Highlight)
	}
	for from := 0; ; {
		i := strings.Index(h.Text[from:], phrase)
		if i < 0 {
			break
		}
		s, e := from+i, from+i+len(phrase)
		inside := false
		for _, sp := range spans {
			if sp[0] <= s && e <= sp[1] {
				inside = true
			}
		}
		if !inside {
			t.Errorf("%s: occurrence of %q at [%d:%d] is not inside one mark: %s", h.ID, phrase, s, e, h.Highlight)
		}
		from = e
	}
}

func TestHighlight(t *testing.T) {
	ix, ds, _ := openTest(t)
	for _, p := range recallPhrases {
		t.Run(p, func(t *testing.T) {
			want := verbatimIDs(ds, p)
			// Quoted: every hit holds the phrase and has each occurrence
			// marked whole. These marks come from text_cjk locations only,
			// so this also shows they are byte offsets into the text.
			res := search(t, ix, indexer.Query{Text: `"` + p + `"`, Limit: indexer.MaxLimit, Highlight: true})
			if len(res.Hits) != len(want) {
				t.Errorf("quoted %q: %d hits, want %d", p, len(res.Hits), len(want))
			}
			for _, h := range res.Hits {
				if strings.Contains(fold(h.Text), fold(p)) && !strings.Contains(h.Text, p) {
					continue // matched through width folding; occurrences differ in bytes
				}
				checkHighlight(t, h, p)
			}
			// Unquoted: verbatim hits as above; the others still give the
			// text back exactly.
			res = search(t, ix, indexer.Query{Text: p, Limit: indexer.MaxLimit, Highlight: true})
			for _, h := range res.Hits {
				if want[h.ID] && strings.Contains(h.Text, p) {
					checkHighlight(t, h, p)
					continue
				}
				if plain, _ := markedSpans(t, h.Highlight); plain != h.Text {
					t.Errorf("%s: highlight loses characters: %q", h.ID, h.Highlight)
				}
			}
		})
	}
}

func TestHighlightDetails(t *testing.T) {
	ix, _, _ := openTest(t)
	for _, tc := range []struct{ text, id, want string }{
		// Repeated phrases: bleve's highlighter splits or truncates the
		// second occurrence; ours marks both whole.
		{"巡察整改", "d4-006", "<mark>巡察整改</mark>工作领导小组定期调度，<mark>巡察整改</mark>工作有序推进。"},
		{"校长负责制", "d0-006", "<mark>校长负责制</mark>落实情况纳入考核，<mark>校长负责制</mark>运行良好。"},
		// Offsets after ASCII, escaped characters and full-width digits.
		{"重点", "d7-003", "对A&amp;B两类&lt;<mark>重点</mark>&gt;项目开展专项检查，整改率100%。"},
		{"任务", "d5-006", "APP软件上线运行，完成１４项<mark>任务</mark>。"},
		{"１４项", "d5-006", "APP软件上线运行，完成<mark>１４项</mark>任务。"},
		{"软件", "d5-006", "APP<mark>软件</mark>上线运行，完成１４项任务。"},
		// Two parts next to each other merge into one mark.
		{"校长 负责制", "d0-006", "<mark>校长负责制</mark>落实情况纳入考核，<mark>校长负责制</mark>运行良好。"},
		// Words of a part apart: each marked, nothing lost, and a mark
		// inside a word of the text widened to the whole word.
		{"干部建设", "d2-004", "<mark>干部职工</mark>思想认识不足，队伍<mark>建设</mark>有待加强。"},
		// A phrase of three or more characters that cuts a word of the
		// text is widened too: no mark is a fragment of a word.
		{"巡察整", "d4-006", "<mark>巡察整改</mark>工作领导小组定期调度，<mark>巡察整改</mark>工作有序推进。"},
		{"纳入考", "d0-006", "校长负责制落实情况<mark>纳入考核</mark>，校长负责制运行良好。"},
	} {
		res := search(t, ix, indexer.Query{Text: tc.text, DisclosureID: tc.id[:2], Limit: indexer.MaxLimit, Highlight: true})
		found := false
		for _, h := range res.Hits {
			if h.ID != tc.id {
				continue
			}
			found = true
			if h.Highlight != tc.want {
				t.Errorf("%q in %s:\n got %s\nwant %s", tc.text, tc.id, h.Highlight, tc.want)
			}
		}
		if !found {
			t.Errorf("%q: %s not among %v", tc.text, tc.id, hitIDs(res))
		}
	}
	// Without Highlight, no highlight is computed.
	if res := search(t, ix, indexer.Query{Text: "党"}); res.Hits[0].Highlight != "" {
		t.Errorf("highlight without asking: %q", res.Hits[0].Highlight)
	}
}
