package analytics

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Inspection is what round inference needs of one disclosure.
type Inspection struct {
	DisclosureID string
	Unit         string // as printed, e.g. 中共中山市古镇镇委员会
	Body         string // 市委, 县委 …
	RoundKey     string // as stated, e.g. 十五届市委第六轮; empty when the document states none
	Start        string // inspection period start, ISO; empty when unknown
}

// sameRoundDays is how far apart two inspections of one body may start and
// still belong to one round: a round's groups go out together (domain brief
// §1.5: 中山's units of one round started within four days of each other).
const sameRoundDays = 20

// Jurisdiction is the place a unit belongs to, read from its name: the
// leading name up to its first 省, 市, 州, 盟, 县, 区 or 旗 after at least two
// characters (中共中山市古镇镇委员会 → 中山市, 中共青溪县民政局党组 → 青溪县).
// It is empty when the name does not start with a place (中共市教育局党组).
func Jurisdiction(unit string) string {
	s := strings.Join(strings.Fields(unit), "")
	for _, p := range unitPrefixes() {
		s = strings.TrimPrefix(s, p)
	}
	rs := []rune(s)
	for i, r := range rs {
		if i >= 2 && strings.ContainsRune("省市州盟县区旗", r) {
			return string(rs[:i+1])
		}
		if i >= 8 {
			break
		}
	}
	return ""
}

// InferRounds gives a round to disclosures that state none, from the
// others of the same inspecting body and jurisdiction whose inspections
// started within sameRoundDays of theirs (domain brief §1.5: the round
// follows from level, jurisdiction and period). When exactly one round is
// stated in such a cluster, the others take it; when none is, the cluster
// gets a label of its own, marked 推断 (e.g. 中山市市委2024年9月轮（推断）);
// an inherited round is qualified by the place (中山市十五届市委第六轮), as
// the rounds of analytics are: the documents print the label without it;
// when several are stated, nothing is inferred. The result maps disclosure
// ids to inferred keys, for those inferred only.
func InferRounds(ins []Inspection) map[string]string {
	type member struct {
		in    *Inspection
		start time.Time
	}
	type groupKey struct{ body, place string }
	groups := map[groupKey][]member{}
	places := map[string]string{} // unit → Jurisdiction
	type date struct {
		t  time.Time
		ok bool
	}
	starts := map[string]date{} // start → its date, when it is one
	for i := range ins {
		in := &ins[i]
		j, ok := places[in.Unit]
		if !ok {
			j = Jurisdiction(in.Unit)
			places[in.Unit] = j
		}
		if in.Body == "" || j == "" {
			continue
		}
		d, ok := starts[in.Start]
		if !ok {
			t, err := time.Parse("2006-01-02", in.Start)
			d = date{t, err == nil}
			starts[in.Start] = d
		}
		if !d.ok {
			continue
		}
		t := d.t
		k := groupKey{in.Body, j}
		groups[k] = append(groups[k], member{in, t})
	}
	out := map[string]string{}
	for key, ms := range groups {
		slices.SortFunc(ms, func(a, b member) int {
			if c := a.start.Compare(b.start); c != 0 {
				return c
			}
			return strings.Compare(a.in.DisclosureID, b.in.DisclosureID)
		})
		for i := 0; i < len(ms); {
			j := i + 1
			for j < len(ms) && ms[j].start.Sub(ms[j-1].start) <= sameRoundDays*24*time.Hour {
				j++
			}
			cluster := ms[i:j]
			var stated []string
			for _, m := range cluster {
				if m.in.RoundKey != "" && !slices.Contains(stated, m.in.RoundKey) {
					stated = append(stated, m.in.RoundKey)
				}
			}
			label := ""
			switch len(stated) {
			case 0:
				label = fmt.Sprintf("%s%s%d年%d月轮（推断）", key.place, key.body, cluster[0].start.Year(), cluster[0].start.Month())
			case 1:
				label = stated[0]
				if !strings.HasPrefix(label, key.place) {
					label = key.place + label
				}
			}
			for _, m := range cluster {
				if m.in.RoundKey == "" && label != "" {
					out[m.in.DisclosureID] = label
				}
			}
			i = j
		}
	}
	return out
}
