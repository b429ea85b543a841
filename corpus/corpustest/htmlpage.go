package corpustest

import (
	"fmt"
	"html"
	"strings"
)

// Defaults of HTMLPageOptions: an invented site whose footer phone and
// address must never be taken for the disclosure's.
const (
	DefaultSiteName    = "中共云岭市委巡察工作领导小组办公室"
	DefaultSitePhone   = "0891-6000000"
	DefaultSiteAddress = "云岭市城关区示范路100号"
)

// HTMLPageOptions describe a saved government page.
type HTMLPageOptions struct {
	Title      string   // article title: <title>, the page heading and, with Meta, ArticleTitle
	Paragraphs []string // article body, one <p> each; none gives a page of navigation only
	// Charset is the declared and actual encoding: "" or "gb2312" (encoded as
	// GB18030, as such sites do), "gbk", "gb18030" or "utf-8".
	Charset   string
	Published string // ISO date shown as 发布时间; "" leaves it out
	Publisher string // shown as 发布机构 and 来源
	IndexNo   string // shown as 信息索引号
	SiteName  string // default DefaultSiteName
	SitePhone string // footer phone, default DefaultSitePhone
	SiteAddr  string // footer address, default DefaultSiteAddress
	// Meta adds <meta name="ArticleTitle|PubDate|ContentSource"> tags.
	Meta bool
	// Bare drops every class and id attribute and uses only div, p, ul and
	// table elements, so that the main content must be found by its text.
	Bare bool
	// Related is the number of related links after the article (default 6)
	// and of items in the side column.
	Related int
}

// HTMLPage returns a realistic saved page of a Chinese government site:
// accessibility bar, logo, search box, navigation menu, breadcrumbs
// (当前位置：首页 > …), a metadata grid (信息索引号, 发布机构, 发布时间, 来源),
// font size, print and share widgets, the article in div#zoom.TRS_Editor,
// related links, a side column and a footer carrying the site's own phone
// number and address. The bytes are in opts.Charset, which the page
// declares in a meta tag.
func HTMLPage(opts HTMLPageOptions) []byte {
	if opts.SiteName == "" {
		opts.SiteName = DefaultSiteName
	}
	if opts.SitePhone == "" {
		opts.SitePhone = DefaultSitePhone
	}
	if opts.SiteAddr == "" {
		opts.SiteAddr = DefaultSiteAddress
	}
	if opts.Related == 0 {
		opts.Related = 6
	}
	cs := strings.ToLower(opts.Charset)
	if cs == "" {
		cs = "gb2312"
	}
	esc := html.EscapeString
	var b strings.Builder
	cls := func(c string) string {
		if opts.Bare {
			return ""
		}
		return " " + c
	}
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\r\n")
	w("<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n")
	w("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\" />\r\n", cs)
	w("<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\" />\r\n")
	w("<title>%s_%s</title>\r\n", esc(opts.Title), esc(opts.SiteName))
	w("<meta name=\"SiteName\" content=\"%s\" />\r\n", esc(opts.SiteName))
	if opts.Meta {
		w("<meta name=\"ArticleTitle\" content=\"%s\" />\r\n", esc(opts.Title))
		if opts.Published != "" {
			w("<meta name=\"PubDate\" content=\"%s 10:30\" />\r\n", esc(opts.Published))
		}
		w("<meta name=\"ContentSource\" content=\"%s\" />\r\n", esc(opts.Publisher))
	}
	w("<link href=\"/css/style.css\" rel=\"stylesheet\" type=\"text/css\" />\r\n")
	w("<style type=\"text/css\">.nav li{float:left} #zoom p{text-indent:2em;line-height:2}</style>\r\n")
	w("<script type=\"text/javascript\">var _hmt = _hmt || []; function doZoom(s){document.getElementById('zoom').style.fontSize=s+'px';}</script>\r\n")
	w("</head>\r\n<body>\r\n")

	// Accessibility bar, logo and search box.
	w("<div%s>\r\n<div%s><a href=\"#\">无障碍</a> | <a href=\"#\">长者模式</a> | <a href=\"/m/\">手机版</a> | 今天是：2024年4月20日 星期六</div>\r\n",
		cls(`class="top"`), cls(`class="wza"`))
	w("<div%s><img src=\"/images/logo.png\" alt=\"%s\" /><span>%s</span></div>\r\n", cls(`class="logo"`), esc(opts.SiteName), esc(opts.SiteName))
	w("<div%s><form action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\" value=\"请输入关键字\" /><button type=\"submit\">搜索</button></form> <a href=\"/adv\">高级搜索</a></div>\r\n</div>\r\n",
		cls(`class="search"`))

	// Navigation menu.
	w("<div%s><ul>", cls(`class="nav" id="nav"`))
	for _, item := range []string{"首页", "机构职能", "工作动态", "巡察公告", "整改公示", "政策法规", "理论研究", "举报受理", "下载中心"} {
		w("<li><a href=\"/%s/\">%s</a></li>", "lm", item)
	}
	w("</ul></div>\r\n")

	// Breadcrumbs.
	w("<div%s>当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xcgz/\">巡察工作</a> &gt; <a href=\"/xcgz/zggs/\">整改公示</a></div>\r\n",
		cls(`class="position"`))

	w("<div%s>\r\n", cls(`class="main clearfix"`))
	if len(opts.Paragraphs) > 0 {
		w("<div%s>\r\n", cls(`class="article"`))
		if opts.Bare {
			w("<div>%s</div>\r\n", esc(opts.Title))
		} else {
			w("<h1 class=\"title\">%s</h1>\r\n", esc(opts.Title))
		}
		// Metadata grid.
		w("<table%s><tr><td>信息索引号：</td><td>%s</td><td>发布机构：</td><td>%s</td></tr>\r\n",
			cls(`class="info"`), esc(opts.IndexNo), esc(opts.Publisher))
		date := ""
		if opts.Published != "" {
			date = opts.Published + " 10:30"
		}
		w("<tr><td>发布时间：</td><td>%s</td><td>来源：</td><td>%s</td></tr></table>\r\n", esc(date), esc(opts.Publisher))
		w("<div%s>浏览次数：<span>1024</span> 字体大小：【<a href=\"javascript:doZoom(18)\">大</a> <a href=\"javascript:doZoom(16)\">中</a> <a href=\"javascript:doZoom(14)\">小</a>】 <a href=\"javascript:window.print()\">【打印本页】</a> <a href=\"javascript:window.close()\">【关闭窗口】</a></div>\r\n",
			cls(`class="tool"`))
		w("<div%s>分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>\r\n", cls(`class="bdsharebuttonbox share"`))
		// The article.
		w("<div%s>\r\n", cls(`id="zoom" class="TRS_Editor"`))
		for _, p := range opts.Paragraphs {
			w("<p>%s</p>\r\n", esc(p))
		}
		w("</div>\r\n")
		// Related links.
		w("<div%s><div>相关链接</div><ul>\r\n", cls(`class="related"`))
		for i := range opts.Related {
			w("<li><a href=\"/xcgz/zggs/2024%02d/t2024%02d01_%d.html\">中共云岭市第%s局党组关于巡察整改进展情况的公示</a><span>2024-%02d-01</span></li>\r\n",
				i+1, i+1, 1000+i, chineseDigit(i+1), i%12+1)
		}
		w("</ul></div>\r\n</div>\r\n")
	} else {
		// A column page: a list of links and nothing else.
		w("<div%s><div>整改公示</div><ul>\r\n", cls(`class="list"`))
		for i := range opts.Related * 3 {
			w("<li><a href=\"/xcgz/zggs/t%d.html\">关于十届市委第%s轮巡察整改进展情况的公示</a><span>2024-%02d-%02d</span></li>\r\n",
				i, chineseDigit(i%9+1), i%12+1, i%28+1)
		}
		w("</ul><div%s>共3页 <a href=\"#\">首页</a> <a href=\"#\">上一页</a> <a href=\"#\">下一页</a> <a href=\"#\">尾页</a></div></div>\r\n",
			cls(`class="pagination"`))
	}
	// Side column.
	w("<div%s><div>热点信息</div><ul>", cls(`class="sidebar"`))
	for i := range opts.Related {
		w("<li><a href=\"/rd/%d.html\">市委巡察办召开第%s次工作例会</a></li>", i, chineseDigit(i+1))
	}
	w("</ul></div>\r\n</div>\r\n")

	// Footer with the site's own contact data.
	w("<div%s>\r\n<p><a href=\"/about/\">关于我们</a> | <a href=\"/map/\">网站地图</a> | <a href=\"/contact/\">联系我们</a></p>\r\n", cls(`class="footer"`))
	w("<p>主办单位：%s　版权所有</p>\r\n", esc(opts.SiteName))
	w("<p>地址：%s　邮编：850000　电话：%s</p>\r\n", esc(opts.SiteAddr), esc(opts.SitePhone))
	w("<p>滇ICP备12345678号-1　网站标识码：5301000099</p>\r\n</div>\r\n")
	w("<script type=\"text/javascript\">document.write('<span>统计</span>');</script>\r\n</body>\r\n</html>\r\n")

	switch cs {
	case "utf-8", "utf8":
		return []byte(b.String())
	}
	return GBK(b.String())
}

func chineseDigit(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 0 && n <= 10 {
		return digits[n]
	}
	return fmt.Sprint(n)
}
