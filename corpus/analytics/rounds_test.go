package analytics_test

import (
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
)

func TestJurisdiction(t *testing.T) {
	for unit, want := range map[string]string{
		"中共中山市古镇镇委员会":       "中山市",
		"中共青溪县民政局党组":        "青溪县",
		"中共云湖区卫生健康局党组":      "云湖区",
		"中共巴音塔拉旗农牧局党组":      "巴音塔拉旗",
		"中共南岭省交通运输厅党组":      "南岭省",
		"中共市教育局党组":          "",
		"中共中国远航装备集团有限公司委员会": "",
	} {
		if got := analytics.Jurisdiction(unit); got != want {
			t.Errorf("Jurisdiction(%s) = %q, want %q", unit, got, want)
		}
	}
}

func TestInferRounds(t *testing.T) {
	ins := []analytics.Inspection{
		// 中山's units of one round: one states it, the court does not.
		{DisclosureID: "a", Unit: "中共中山市古镇镇委员会", Body: "市委", RoundKey: "十五届市委第六轮", Start: "2024-09-23"},
		{DisclosureID: "b", Unit: "中共中山市三乡镇委员会", Body: "市委", RoundKey: "十五届市委第六轮", Start: "2024-09-24"},
		{DisclosureID: "c", Unit: "中共中山市第一人民法院党组", Body: "市委", Start: "2024-09-23"},
		// An earlier round of the same body: none states it.
		{DisclosureID: "d", Unit: "中共中山市人民检察院党组", Body: "市委", Start: "2024-04-01"},
		{DisclosureID: "e", Unit: "中共中山市财政局党组", Body: "市委", Start: "2024-04-08"},
		// Another city, same dates: not the same round.
		{DisclosureID: "f", Unit: "中共珠江市财政局党组", Body: "市委", Start: "2024-09-23"},
		// Two stated rounds in one cluster: nothing is inferred.
		{DisclosureID: "g", Unit: "中共青溪县民政局党组", Body: "县委", RoundKey: "十届县委第一轮", Start: "2023-03-01"},
		{DisclosureID: "h", Unit: "中共青溪县财政局党组", Body: "县委", RoundKey: "十届县委第二轮", Start: "2023-03-05"},
		{DisclosureID: "i", Unit: "中共青溪县水利局党组", Body: "县委", Start: "2023-03-03"},
		// Without a place or a start there is nothing to go on.
		{DisclosureID: "j", Unit: "中共市教育局党组", Body: "市委", Start: "2024-09-23"},
		{DisclosureID: "k", Unit: "中共中山市水务局党组", Body: "市委"},
	}
	want := map[string]string{
		"c": "中山市十五届市委第六轮",
		"d": "中山市市委2024年4月轮（推断）",
		"e": "中山市市委2024年4月轮（推断）",
		"f": "珠江市市委2024年9月轮（推断）",
	}
	if got := analytics.InferRounds(ins); !reflect.DeepEqual(got, want) {
		t.Errorf("InferRounds = %v, want %v", got, want)
	}
}
