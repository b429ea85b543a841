package corpus_test

import (
	"slices"
	"strings"
	"testing"
)

// TestThemeEvidence: every theme of a measure keeps the words that decided
// it, in the order of the themes, and each word is in the measure's text
// or its category heading.
func TestThemeEvidence(t *testing.T) {
	p := newParser(t)
	const doc = "中共某县民政局党组关于县委巡察反馈意见整改情况的通报\n" +
		"根据县委统一部署，2024年3月1日至4月30日，县委第一巡察组对县民政局党组开展了常规巡察。6月5日，县委第一巡察组反馈了巡察意见。现将整改情况予以公布。\n" +
		"二、整改落实情况\n（一）关于基层党组织建设方面的问题\n1.严格落实“三会一课”制度，机关各支部每月召开支部党员大会。\n" +
		"2.修订财务报销管理办法，规范票据审核流程，清理违规发放的津补贴。\n3.完善档案室门禁。\n" +
		"欢迎广大干部群众监督。联系电话：0123-4567890。\n中共某县民政局党组\n2025年1月6日\n"
	d := parseText(t, p, "evidence.txt", doc)
	if len(d.Measures) != 3 {
		t.Fatalf("%d measures", len(d.Measures))
	}
	tagged := 0
	for _, m := range d.Measures {
		if len(m.ThemeEvidence) != len(m.Themes) {
			t.Errorf("%q: themes %v, evidence %+v", m.Text, m.Themes, m.ThemeEvidence)
			continue
		}
		for i, ev := range m.ThemeEvidence {
			if ev.ID != m.Themes[i] || len(ev.Words) == 0 {
				t.Errorf("%q: evidence %d is %+v for theme %s", m.Text, i, ev, m.Themes[i])
			}
			for _, w := range ev.Words {
				if !strings.Contains(m.Text, w) && !strings.Contains("关于基层党组织建设方面的问题", w) {
					t.Errorf("%q: evidence word %q is in neither the text nor its heading", m.Text, w)
				}
			}
		}
		tagged += len(m.Themes)
	}
	if tagged < 2 || !slices.Contains(d.Measures[0].Themes, "D2") {
		t.Errorf("themes %v %v %v: want 三会一课 (D2) and more", d.Measures[0].Themes, d.Measures[1].Themes, d.Measures[2].Themes)
	}
}
