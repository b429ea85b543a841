package extract_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// TestDocxStructure pins how WordprocessingML becomes lines.
func TestDocxStructure(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"paragraphs, tabs and breaks",
			corpustest.Docx([]string{"一、总体情况", "序号\t内容", "第一行\n第二行"}),
			"一、总体情况\n序号\t内容\n第一行\n第二行"},
		{"table rows with tab-separated cells",
			corpustest.Docx([]string{"整改台账"}, [][]string{{"序号", "问题", "状态"}, {"1", "制度不健全", "已完成"}}),
			"整改台账\n序号\t问题\t状态\n1\t制度不健全\t已完成"},
		{"tab stops, deleted text, field codes and fallbacks are not text",
			corpustest.ZipFiles(map[string]string{"word/document.xml": `<?xml version="1.0"?><w:document ` + wordNS + `><w:body>` +
				`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>现将</w:t></w:r>` +
				`<w:del><w:r><w:delText>删除的</w:delText></w:r></w:del><w:ins><w:r><w:t>整改</w:t></w:r></w:ins>` +
				`<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t xml:space="preserve">情况 予以公示。</w:t></w:r></w:p>` +
				`<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
				`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
				`</w:body></w:document>`}),
			"现将整改情况 予以公示。\n文本框"},
		{"nested table flattened into its cell",
			corpustest.ZipFiles(map[string]string{"word/document.xml": `<?xml version="1.0"?><w:document ` + wordNS + `><w:body><w:tbl>` +
				`<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>措施一</w:t></w:r></w:p><w:p><w:r><w:t>措施二</w:t></w:r></w:p>` +
				`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>` +
				`</w:tbl></w:body></w:document>`}),
			"1\t措施一 措施二 内表"},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ex.Bytes(context.Background(), "a.docx", tc.data)
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if got := strings.TrimRight(doc.Text, "\n"); got != tc.want {
				t.Errorf("text\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// TestSniffing: the content decides the format, the extension only when the
// content says nothing.
func TestSniffing(t *testing.T) {
	page := corpustest.HTMLPage(corpustest.HTMLPageOptions{Title: "公示", Paragraphs: []string{
		"按照市委统一部署，市委第一巡察组对市财政局党组开展了常规巡察，现将整改情况予以公示。",
		"一是完善制度，二是加强监督，三是压实责任。",
	}})
	docx := corpustest.Docx([]string{"整改情况"})
	tests := []struct {
		name, file, format string
		data               []byte
		tool               string
	}{
		{"html named .docx", "a.docx", "html", page, ""},
		{"html named .pdf", "a.pdf", "html", page, ""},
		{"docx named .txt", "a.txt", "docx", docx, ""},
		{"docx without extension", "a", "docx", docx, ""},
		{"text named .pdf", "a.pdf", "txt", []byte("整改情况的公示"), ""},
		{"text named .doc", "a.doc", "txt", corpustest.GBK("整改情况的公示"), ""},
		{"text with an unknown extension", "a.md", "txt", []byte("整改情况"), ""},
		{"html fragment named .htm", "a.htm", "html", []byte("按照要求，现将整改情况予以公示。<br>一是完善制度，二是加强监督。<br>三是压实责任，四是健全机制。"), ""},
		{"pdf named .txt", "a.txt", "pdf", readFixture(t, "minzheng.pdf"), "pdftotext"},
		{"doc named .docx", "a.docx", "doc", readFixture(t, "minzheng.doc"), "catdoc"},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tool != "" {
				if _, err := exec.LookPath(tc.tool); err != nil {
					t.Skipf("%s not installed", tc.tool)
				}
			}
			doc, err := ex.Bytes(context.Background(), tc.file, tc.data)
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if doc.Format != tc.format {
				t.Errorf("format %q, want %q", doc.Format, tc.format)
			}
		})
	}
}

// TestHTMLCharsets: declared, missing and wrong charsets.
func TestHTMLCharsets(t *testing.T) {
	body := "<p>按照市委统一部署，市委第一巡察组对市财政局党组开展了常规巡察，现将整改情况予以公示。</p>" +
		"<p>局党组书记王䶮同志和纪检组长陈𠮷同志切实履行整改责任，一是完善制度，二是加强监督。</p>"
	want := []string{
		"按照市委统一部署，市委第一巡察组对市财政局党组开展了常规巡察，现将整改情况予以公示。",
		"局党组书记王䶮同志和纪检组长陈𠮷同志切实履行整改责任，一是完善制度，二是加强监督。",
	}
	page := func(meta string) string {
		return "<html><head>" + meta + "<title>t</title></head><body><div id=\"content\">" + body + "</div></body></html>"
	}
	gbMeta := `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`
	tests := []struct {
		name     string
		data     []byte
		encoding string
	}{
		{"gb2312 label, GB18030-only characters", corpustest.GBK(page(gbMeta)), "gb18030"},
		{"gbk label", corpustest.GBK(page(`<meta charset="gbk">`)), "gb18030"},
		{"no label, GB bytes", corpustest.GBK(page("")), "gb18030"},
		{"utf-8 label on GB bytes", corpustest.GBK(page(`<meta charset="utf-8">`)), "gb18030"},
		{"gb2312 label on UTF-8 bytes", []byte(page(gbMeta)), "utf-8"},
		{"label past the first kilobyte", corpustest.GBK(page("<!--" + strings.Repeat(" ", 2000) + "-->" + gbMeta)), "gb18030"},
		{"no label, UTF-8", []byte(page("")), "utf-8"},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), page("")...), "utf-8"},
		{"UTF-16LE with BOM", corpustest.UTF16LE(page(`<meta charset="utf-16">`)), "utf-16le"},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ex.Bytes(context.Background(), "p.html", tc.data)
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if doc.Encoding != tc.encoding {
				t.Errorf("encoding %q, want %q", doc.Encoding, tc.encoding)
			}
			diffLines(t, nonEmptyLines(doc.Text), want)
		})
	}
}

// TestPageMeta: the labels and formats of page data seen on sites.
func TestPageMeta(t *testing.T) {
	article := `<div class="TRS_Editor"><p>按照市委统一部署，市委第一巡察组对市财政局党组开展了常规巡察，现将整改情况予以公示。</p>` +
		`<p>一是完善制度，二是加强监督，三是压实责任。</p></div>`
	tests := []struct {
		name string
		page string
		want extract.PageMeta
	}{
		{"meta tags only",
			`<html><head><meta name="ArticleTitle" content="关于整改情况的公示"><meta name="PubDate" content="2024-04-15 09:30:00">` +
				`<meta name="ContentSource" content="市财政局"><title>关于整改情况的公示_某某网</title></head><body>` + article + `</body></html>`,
			extract.PageMeta{Title: "关于整改情况的公示", Published: "2024-04-15", Publisher: "市财政局"}},
		{"Chinese date, 信息来源 and a heading",
			`<html><head><title>网站</title></head><body><h1>市财政局党组关于巡察整改情况的通报</h1>` +
				`<div>发布日期：2024年4月5日　信息来源：市财政局　浏览次数：33</div>` + article + `</body></html>`,
			extract.PageMeta{Title: "市财政局党组关于巡察整改情况的通报", Published: "2024-04-05", Publisher: "市财政局"}},
		{"Zhejiang-style grid with 成文日期 and 发布机构",
			`<html><body><table><tr><th>索引号</th><td>002482000/2024-123456</td><th>发布机构</th><td>区委巡察办</td></tr>` +
				`<tr><th>成文日期</th><td>2024/03/08</td><th>公开方式</th><td>主动公开</td></tr></table>` +
				`<div class="title">区委巡察办关于整改情况的公告</div>` + article + `</body></html>`,
			extract.PageMeta{Title: "区委巡察办关于整改情况的公告", Published: "2024-03-08", Publisher: "区委巡察办", IndexNo: "002482000/2024-123456"}},
		{"发布时间 wins over 成文日期, invalid dates ignored",
			`<html><body><div>成文日期：2024-02-30</div><div>成文日期：2024-02-01 发布时间：2024-02-10</div>` + article + `</body></html>`,
			extract.PageMeta{Published: "2024-02-10"}},
		{"nothing", `<html><body>` + article + `</body></html>`, extract.PageMeta{}},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ex.Bytes(context.Background(), "p.html", []byte(tc.page))
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if doc.Page != tc.want {
				t.Errorf("page %+v, want %+v", doc.Page, tc.want)
			}
			if strings.Contains(doc.Text, "发布") || strings.Contains(doc.Text, "索引号") {
				t.Errorf("text holds the page data:\n%s", doc.Text)
			}
		})
	}
}

// TestHTMLTables: cells of a table inside the article are tab-separated.
func TestHTMLTables(t *testing.T) {
	page := `<html><body><div id="zoom"><p>现将巡察整改情况予以公示，整改台账如下。</p>` +
		`<table><tr><td>序号</td><td>问题</td><td>整改措施</td></tr><tr><td>1</td><td>制度不健全</td><td><p>修订制度，</p><p>加强监督。</p></td></tr></table>` +
		`<p>欢迎广大干部群众监督，联系电话：0871-6123456。</p></div></body></html>`
	doc, err := extract.New(extract.Options{}, nil).Bytes(context.Background(), "t.html", []byte(page))
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	want := []string{"现将巡察整改情况予以公示，整改台账如下。", "序号\t问题\t整改措施", "1\t制度不健全\t修订制度，", "加强监督。",
		"欢迎广大干部群众监督，联系电话：0871-6123456。"}
	diffLines(t, nonEmptyLines(doc.Text), want)
}

// TestHTMLEmptyCells: an empty cell keeps its tab and does not join rows.
func TestHTMLEmptyCells(t *testing.T) {
	page := `<html><body><div id="zoom"><p>现将巡察整改情况予以公示，整改台账如下。</p>` +
		`<table><tr><td>1</td><td></td></tr><tr><td>2</td><td><p></p></td><td>已完成</td></tr></table>` +
		`<p>欢迎广大干部群众监督，联系电话：0871-6123456。</p></div></body></html>`
	doc, err := extract.New(extract.Options{}, nil).Bytes(context.Background(), "t.html", []byte(page))
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	want := []string{"现将巡察整改情况予以公示，整改台账如下。", "1", "2\t\t已完成", "欢迎广大干部群众监督，联系电话：0871-6123456。"}
	diffLines(t, nonEmptyLines(doc.Text), want)
}

// TestModernPage: an HTML5 layout (header, nav, main, article, aside,
// footer) with the metadata, share widget, QR code and previous/next links
// inside the article element, around the body.
func TestModernPage(t *testing.T) {
	body := []string{
		"根据区委统一部署，2024年5月至7月，区委第三巡察组对区市场监督管理局党组开展了常规巡察，现将整改进展情况予以公布。",
		"一、整改工作开展情况",
		"局党组成立整改工作领导小组，制定整改方案，明确整改措施32条。",
		"二、整改任务落实情况",
		"（一）关于食品安全监管不到位的问题。一是开展校园食品安全专项检查，检查学校食堂46家；二是建立问题整改台账，实行销号管理。",
		"附件：整改情况统计表.xlsx",
		"中共青川区市场监督管理局党组",
		"2025年1月6日",
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>关于巡察整改进展情况的公告 - 青川区人民政府</title></head><body>`)
	b.WriteString(`<header class="site-header"><div class="logo"><a href="/">青川区人民政府</a></div><nav class="main-nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/xcgz/">巡察工作</a><a href="/hdjl/">互动交流</a></nav>`)
	b.WriteString(`<div class="search-box"><input placeholder="搜索"><button>搜索</button></div></header>`)
	b.WriteString(`<div class="breadcrumb"><a href="/">首页</a><span>/</span><a href="/xcgz/">巡察工作</a><span>/</span><span>正文</span></div>`)
	b.WriteString(`<main class="container"><article class="article">`)
	b.WriteString(`<h1 class="article-title">中共青川区市场监督管理局党组关于区委第三轮巡察整改进展情况的公告</h1>`)
	b.WriteString(`<div class="article-meta"><span>来源：区市场监管局</span><span>发布时间：2025-01-06 15:20</span><span>浏览量：256</span></div>`)
	b.WriteString(`<div class="article-content" id="article-content">`)
	for _, p := range body[:5] {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString(`<p style="text-align:center"><img src="/img/zg.jpg" alt=""></p>`)
	b.WriteString(`<p>附件：<a href="/files/zgtj.xlsx">整改情况统计表.xlsx</a></p>`)
	b.WriteString(`<p style="text-align: right;">` + body[6] + `</p><p style="text-align: right;">` + body[7] + `</p></div>`)
	b.WriteString(`<div class="article-share"><span>分享：</span><a href="#">微信</a><a href="#">微博</a></div>`)
	b.WriteString(`<div class="qrcode"><img src="/qr.png"><p>扫一扫在手机打开当前页</p></div>`)
	b.WriteString(`<div class="prev-next"><p>上一篇：<a href="/1.html">区委巡察办召开巡察整改督导会</a></p><p>下一篇：<a href="/2.html">区委第四轮巡察完成进驻</a></p></div>`)
	b.WriteString(`</article><aside class="sidebar"><h3>热点</h3><ul><li><a href="/3.html">全区巡察工作会议召开</a></li><li><a href="/4.html">巡察整改“回头看”</a></li></ul></aside></main>`)
	b.WriteString(`<footer class="site-footer"><p>版权所有 © 2025 青川区人民政府　地址：青川区人民中路2号　电话：028-8000001</p></footer></body></html>`)

	doc, err := extract.New(extract.Options{}, nil).Bytes(context.Background(), "modern.html", []byte(b.String()))
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	diffLines(t, nonEmptyLines(doc.Text), body)
	want := extract.PageMeta{Title: "中共青川区市场监督管理局党组关于区委第三轮巡察整改进展情况的公告", Published: "2025-01-06", Publisher: "区市场监管局"}
	if doc.Page != want {
		t.Errorf("page %+v, want %+v", doc.Page, want)
	}
}
