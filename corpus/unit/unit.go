// Package unit resolves the names of inspected units to one canonical key,
// so the spellings a disclosure, the analytics, the search filters and the
// API meet (中共青石镇委员会 and 青石镇党委, 市卫健委党委 and
// 市卫生健康委员会党委, 省高院党组 and 省高级人民法院党组) compare equal.
package unit

import (
	"strings"
	"unicode/utf8"
)

// prefixes are the party words a unit name may start with, longest first.
var prefixes = []string{"中国共产党", "中共"}

// organs are the party-organ words a unit name may end with, longest first
// where one ends another.
var organs = []string{"党组织", "党工委", "党总支", "党支部", "党组", "党委", "工作委员会", "委员会"}

// abbreviations are the common short forms of unit names written out in
// full (domain brief §1.4). A short form is expanded only when the full form
// is not already there, so 人民检察院 stays as it is.
var abbreviations = [][2]string{
	{"文旅体局", "文化和旅游体育局"},
	{"人社局", "人力资源和社会保障局"},
	{"住建局", "住房和城乡建设局"},
	{"市场监管局", "市场监督管理局"},
	{"卫健委", "卫生健康委员会"},
	{"卫生健康委", "卫生健康委员会"},
	{"卫健局", "卫生健康局"},
	{"发改委", "发展和改革委员会"},
	{"发改局", "发展和改革局"},
	{"国资委", "国有资产监督管理委员会"},
	{"文旅局", "文化和旅游局"},
	{"医保局", "医疗保障局"},
	{"高院", "高级人民法院"},
	{"中院", "中级人民法院"},
	{"检察院", "人民检察院"},
	{"法院", "人民法院"},
}

// committeeHolders are the endings of a name whose 委员会 is the party
// committee of the place or body (中共青石镇委员会); any other 委员会 is
// part of an agency's own name (市卫生健康委员会) and stays.
var committeeHolders = []string{"镇", "乡", "街道", "县", "市", "区", "旗", "州", "盟", "省", "自治区", "村", "社区", "公司", "集团", "大学", "学院", "学校", "医院", "开发区", "园区", "管委会"}

// levelCommittees are the short names of a place's party committee
// (云岭县委), which key as the place itself (云岭县).
var levelCommittees = []string{"县委", "市委", "区委", "旗委", "州委", "盟委", "镇委", "乡委"}

// Key is the key units are compared by: the name without spaces, editorial
// brackets (【巡察整改】), a leading 中国共产党 or 中共 and one trailing
// party-organ word (党组, 党委, 党工委, 党总支, 党支部, or 委员会 when it is
// the committee of a place or body), with the common short forms written out
// (市卫健委 → 市卫生健康委员会, 省高院 → 省高级人民法院). A name that would
// become empty is kept whole.
func Key(name string) string {
	s := Clean(name)
	orig := s
	party := false
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s, party = rest, true
			break
		}
	}
	for _, o := range organs {
		rest, ok := strings.CutSuffix(s, o)
		if !ok {
			continue
		}
		if (o == "委员会" || o == "工作委员会") && !party && !endsWithAny(rest, committeeHolders) {
			break
		}
		s = rest
		break
	}
	for _, c := range levelCommittees {
		if rest, ok := strings.CutSuffix(s, c); ok && utf8.RuneCountInString(rest) >= 1 {
			s = rest + strings.TrimSuffix(c, "委")
			break
		}
	}
	if s == "" {
		return orig
	}
	return expand(s)
}

// Clean is the printed name without spaces and editorial brackets:
// `【巡察整改】中共青石镇 委员会` → 中共青石镇委员会.
func Clean(name string) string {
	s := strings.Join(strings.Fields(name), "")
	for {
		i := strings.Index(s, "【")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "】")
		if j < 0 {
			break
		}
		s = s[:i] + s[i+j+len("】"):]
	}
	return s
}

// expand writes a key's short forms out in full.
func expand(s string) string {
	for _, a := range abbreviations {
		if strings.Contains(s, a[0]) && !strings.Contains(s, a[1]) {
			s = strings.Replace(s, a[0], a[1], 1)
		}
	}
	return s
}

// levelChars are the administrative level characters a place name ends with.
const levelChars = "省市州盟县区旗镇乡"

// Place is the place a full unit name starts with, through its last level
// character within the first twelve: 中共云岭县民政局党组 → 云岭县,
// 青石市人民政府 → 青石市, 青石市市场监督管理局 → 青石市 (a level character
// doubled starts the next word). A name that starts with a bare level
// character (市卫健委党委) or holds none has no place: "".
func Place(name string) string {
	s := Clean(name)
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	if startsWithLevel(s) {
		return ""
	}
	r := []rune(s)
	end := 0
	for i := 1; i < len(r) && i < 12; i++ {
		if strings.ContainsRune(levelChars, r[i]) && r[i-1] != r[i] {
			end = i + 1
		}
	}
	return string(r[:end])
}

// startsWithLevel reports whether a name opens with a bare level word, the
// mark of a short form that dropped its place (市卫健委, 区文旅体局).
func startsWithLevel(s string) bool {
	for _, l := range []string{"省", "市", "州", "县", "区", "旗", "镇", "乡"} {
		if strings.HasPrefix(s, l) {
			return true
		}
	}
	return false
}

// KeyIn is Key with a missing place filled in: a short form that starts
// with a bare level word (市卫健委党委) takes the place (青石市) when the
// place ends with that level word, giving 青石市卫生健康委员会. Any other
// name keys as Key does.
func KeyIn(name, place string) string {
	k := Key(name)
	if place == "" || !startsWithLevel(k) {
		return k
	}
	r, _ := utf8.DecodeRuneInString(k)
	if !strings.HasSuffix(place, string(r)) {
		return k
	}
	return place + k[utf8.RuneLen(r):]
}

func endsWithAny(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
