package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// parseContact reads the closing contact lines: phones, e-mails, postal
// address and postcode. Only lines that carry a contact cue are read, so a
// number inside a measure is never taken for a phone.
func (p *Parser) parseContact(w *doc) {
	c := &Contact{Phones: []string{}, Emails: []string{}}
	found := false
	start := max(w.bodyAt, w.sigAt-15)
	for i := start; i < w.sigAt; i++ {
		l := w.lines[i]
		if !isContactLine(l) && !strings.Contains(l, "电话") && !strings.Contains(l, "信箱") && !strings.Contains(l, "邮箱") && !strings.Contains(l, "@") {
			continue
		}
		if strings.ContainsAny(l, "0123456789") {
			for _, ph := range p.re.phone.FindAllString(l, -1) {
				c.Phones = appendUnique(c.Phones, normalPhone(ph))
				found = true
			}
			for _, m := range p.re.mobile.FindAllStringSubmatch(l, -1) {
				c.Phones = appendUnique(c.Phones, m[1])
				found = true
			}
			if m := p.re.postcode.FindStringSubmatch(l); m != nil && c.Postcode == "" {
				c.Postcode = m[1]
				found = true
			}
		}
		if strings.Contains(l, "@") {
			for _, e := range p.re.email.FindAllString(l, -1) {
				c.Emails = appendUnique(c.Emails, e)
				found = true
			}
		}
		if c.Address == "" {
			if a := postalAddress(l); a != "" {
				c.Address = a
				found = true
			}
		}
	}
	if found {
		w.d.Contact = c
	}
}

// normalPhone writes a mainland fixed-line number as AREA-NUMBER whatever
// the spacing, brackets or hyphens it came with: （0760）23226773,
// 0760 2322 6773 and 076023226773 (pdftotext drops a hyphen at a line end)
// all become 0760-23226773. Area codes are three digits for 010 and 02x,
// four otherwise; an extension (转801, -801) is kept after a hyphen. A
// mobile number stays its 11 digits.
func normalPhone(s string) string {
	ext := ""
	if i := strings.Index(s, "转"); i >= 0 {
		ext, s = digitsOf(s[i:]), s[:i]
	}
	var runs []string
	cur := ""
	for _, r := range s {
		if r >= '0' && r <= '9' {
			cur += string(r)
		} else if cur != "" {
			runs = append(runs, cur)
			cur = ""
		}
	}
	if cur != "" {
		runs = append(runs, cur)
	}
	if ext == "" && len(runs) >= 2 {
		last := runs[len(runs)-1]
		if head := strings.Join(runs[:len(runs)-1], ""); len(last) <= 5 && len(head) >= 10 {
			ext, runs = last, runs[:len(runs)-1]
		}
	}
	d := strings.Join(runs, "")
	if len(d) == 11 && d[0] == '1' {
		return d
	}
	if len(d) < 10 || d[0] != '0' {
		return strings.TrimSpace(s)
	}
	area := 4
	if d[1] == '1' || d[1] == '2' {
		area = 3
	}
	out := d[:area] + "-" + d[area:]
	if ext != "" {
		out += "-" + ext
	}
	return out
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// checkCounts compares stated counts with what was found and flags a
// disagreement; the stated figure is kept either way.
func (p *Parser) checkCounts(w *doc) {
	d := w.d
	if len(d.Measures) == 0 && (d.Kind == KindRectification || d.Kind == KindRectificationConcentrated) {
		d.addFlag(FlagNoMeasures, "no numbered rectification measures found")
	}
	if c := d.Counts.Categories; c != nil && len(d.Categories) > 0 && *c != len(d.Categories) {
		d.addFlag(FlagCountMismatch, fmt.Sprintf("states %d categories, %d found", *c, len(d.Categories)))
	}
	if c := d.Counts.Measures; c != nil && len(d.Measures) > 0 && *c != len(d.Measures) {
		d.addFlag(FlagCountMismatch, fmt.Sprintf("states %d measures, %d found", *c, len(d.Measures)))
	}
	// Merged numbers: a count with more digits than a disclosure plausibly has.
	for _, v := range []*int{d.Counts.Problems, d.Counts.Measures, d.Counts.Tasks, d.Counts.Aspects, d.Counts.Categories} {
		if v != nil && *v >= 1000 {
			d.addFlag(FlagMergedNumber, fmt.Sprintf("implausible count %d: units between numbers may be lost", *v))
		}
	}
}

// addressLabels introduce a postal address in a contact line.
var addressLabels = []string{"邮政信箱", "通信地址", "通讯地址", "来信地址", "来信请寄", "邮寄地址", "地址"}

// postalAddress reads the postal address of a contact line: the clause after
// an address label (`邮政信箱：拉萨市城关区林聚路20号`), or the clause holding a
// numbered post-office box (`鹤鸣县1126号信箱`, `中山市1960邮箱转…收`).
func postalAddress(l string) string {
	for _, label := range addressLabels {
		i := strings.Index(l, label)
		if i < 0 {
			continue
		}
		rest := strings.TrimLeft(l[i+len(label):], "：: ")
		if j := strings.IndexAny(rest, "，；。,;"); j >= 0 {
			rest = rest[:j]
		}
		if runeLen(rest) >= 3 && runeLen(rest) <= 60 {
			return rest
		}
	}
	for _, box := range []string{"信箱", "邮箱转"} {
		i := strings.Index(l, box)
		if i < 0 || i == 0 || l[i-1] < '0' || l[i-1] > '9' && !strings.HasSuffix(l[:i], "号") {
			continue
		}
		start := max(strings.LastIndexAny(l[:i], "，；。：:,;"), -1)
		if start >= 0 {
			_, size := utf8.DecodeRuneInString(l[start:])
			start += size
		} else {
			start = 0
		}
		end := len(l)
		if j := strings.IndexAny(l[i:], "，；。,;"); j >= 0 {
			end = i + j
		}
		if a := strings.TrimSpace(l[start:end]); runeLen(a) >= 3 {
			return a
		}
	}
	return ""
}
