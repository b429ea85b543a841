// Package extract reads a disclosure file in any format users keep it in
// (plain text in any common encoding, a saved web page, .docx, .pdf, .doc)
// and returns its decoded text, one paragraph per line, with the page data
// found in a web page's chrome and meta tags.
//
// It does not normalise or parse the text: package corpus does that, and
// imports this one.
//
// # Basics
//
// Build an [Extractor] with [New] and call [Extractor.File] or
// [Extractor.Bytes]. The format is sniffed from the content first (PDF
// header, zip holding word/document.xml, OLE2 header, HTML tags) and from
// the file name's extension second; when they disagree the content wins.
// [Walk] lists the files of folders that [Supported] accepts.
//
//   - Text: UTF-8 with or without BOM, UTF-16 with BOM, otherwise the
//     encoding is sniffed (github.com/saintfish/chardet) and every GB label
//     (GB2312, GBK, GB18030) is decoded as GB18030, its superset.
//   - HTML: charset from BOM, meta tag, then sniffing, as for text. The main
//     content is chosen by scoring blocks of text (length, Chinese
//     punctuation, link density, class and id hints such as content,
//     article, zoom or TRS_Editor; chrome hints such as nav, breadcrumb,
//     share or footer count against a block). Navigation, breadcrumbs,
//     search boxes, related links, share and print widgets and footers are
//     left out. 发布时间/发布日期/成文日期/日期, 来源/信息来源/发布机构 and
//     信息索引号 from the chrome, and the ArticleTitle, PubDate and
//     ContentSource meta tags, fill [PageMeta].
//   - .docx: archive/zip and encoding/xml over the main document part;
//     paragraphs become lines, table rows become lines with tab-separated
//     cells.
//   - .pdf: poppler's pdftotext as a subprocess; .doc: catdoc, then
//     antiword. Both run under [Options.ToolTimeout].
//
// # Caveats
//
// Every failure is an [Error] naming the file and a stable [Reason];
// compare with errors.Is against the Err* reasons ([ErrEmpty],
// [ErrTooLarge], …). Limits ([Options.MaxBytes],
// [Options.MaxDocxUncompressed], [Options.MaxDocxFiles],
// [Options.ToolTimeout]) give a reason, never a crash.
//
// Scanned PDFs have no text layer and are reported as [ErrNoTextLayer]: run
// them through OCR (ocrmypdf, tesseract) first. Headers, footers, footnotes
// and text boxes' fallback copies of a .docx are not read.
package extract
