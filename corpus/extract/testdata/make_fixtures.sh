#!/bin/sh
# Rebuilds the committed fixtures of corpus/extract from testdata/src, once,
# on a developer machine; CI only reads the results. The disclosures in src/
# are invented (units, names, numbers and phones are made up).
#
# Needs: LibreOffice (Debian libreoffice-writer-nogui, and fonts-noto-cjk for
# the Chinese glyphs), poppler-utils (pdftoppm), iconv (libc-bin).
#
#   minzheng.txt       → minzheng.pdf, minzheng.doc, minzheng.docx (with a table)
#   minzheng.pdf       → scan.pdf (page 1 as a picture only: no text layer)
#   jiaotong.txt       → jiaotong-utf16.txt (UTF-16LE with BOM)
#   weijian-page.html  → weijian-page.html (GB18030 bytes labelled gb2312)
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Lines with "|" are table rows (the first one a header); the first line is
# the title; everything else a paragraph.
awk -F'|' '
BEGIN { print "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>fixture</title></head><body>" }
NR == 1 { print "<h2 align=\"center\">" $0 "</h2>"; next }
NF > 1 {
	if (!intable) { print "<table border=\"1\" cellpadding=\"4\">"; intable = 1 }
	printf "<tr>"; for (i = 1; i <= NF; i++) printf "<td>%s</td>", $i; print "</tr>"; next
}
{ if (intable) { print "</table>"; intable = 0 } print "<p>" $0 "</p>" }
END { if (intable) print "</table>"; print "</body></html>" }
' src/minzheng.txt > "$tmp/minzheng.html"

soffice_convert() { # FILTER INPUT
	HOME="$tmp" soffice --headless --norestore --infilter="HTML (StarWriter)" \
		--convert-to "$1" --outdir "$tmp" "$2" >/dev/null
}
soffice_convert pdf "$tmp/minzheng.html"
soffice_convert 'doc:MS Word 97' "$tmp/minzheng.html"
soffice_convert 'docx:MS Word 2007 XML' "$tmp/minzheng.html"
cp "$tmp/minzheng.pdf" "$tmp/minzheng.doc" "$tmp/minzheng.docx" .

# A scan: page 1 rendered to a picture, put back into a PDF with no text.
pdftoppm -r 60 -png -f 1 -l 1 -singlefile minzheng.pdf "$tmp/scan"
printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p><img src="scan.png" width="600"></p></body></html>\n' > "$tmp/scan.html"
soffice_convert pdf "$tmp/scan.html"
cp "$tmp/scan.pdf" scan.pdf

{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE src/jiaotong.txt; } > jiaotong-utf16.txt
iconv -f UTF-8 -t GB18030 src/weijian-page.html > weijian-page.html
