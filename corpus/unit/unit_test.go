package unit

import "testing"

func TestKey(t *testing.T) {
	same := [][2]string{
		{"中共青石镇委员会", "青石镇党委"},
		{"中国共产党青石镇委员会", "青石镇党委"},
		{"市卫健委党委", "市卫生健康委员会党委"},
		{"省高院党组", "省高级人民法院党组"},
		{"市中院党组", "市中级人民法院党组"},
		{"区法院党组", "区人民法院党组"},
		{"市检察院党组", "中共市人民检察院党组"},
		{"区文旅体局党组", "区文化和旅游体育局党组"},
		{"县人社局党组", "中共县人力资源和社会保障局党组"},
		{"【巡察整改】中共云岭县民政局党组", "云岭县民政局党组"},
		{"中共云岭县 民政局 党组", "云岭县民政局"},
		{"中共云岭县委员会", "云岭县委"},
		{"市卫生健康委员会", "市卫生健康委员会党委"},
		{"市发改委党组", "市发展和改革委员会党组"},
		{"中共青石市经济开发区工作委员会", "青石市经济开发区党工委"},
		{"县农业农村局党组织", "中共县农业农村局党组"},
		{"省卫生健康委党组", "省卫健委党组"},
	}
	for _, c := range same {
		if a, b := Key(c[0]), Key(c[1]); a != b {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", c[0], a, c[1], b)
		}
	}
	differ := [][2]string{
		{"青石镇党委", "青石县党委"},
		{"市卫生健康委员会党委", "市发展和改革委员会党委"},
		{"省高级人民法院党组", "省人民检察院党组"},
		{"区文旅体局党组", "婺城区文化和旅游体育局党组"}, // no place given
	}
	for _, c := range differ {
		if a, b := Key(c[0]), Key(c[1]); a == b {
			t.Errorf("Key(%q) = Key(%q) = %q; want different", c[0], c[1], a)
		}
	}
	exact := map[string]string{
		"中共青石镇委员会":    "青石镇",
		"市卫生健康委员会":    "市卫生健康委员会",
		"省高院党组":       "省高级人民法院",
		"党组":          "党组",
		"":            "",
		"【通报】青石镇党委":   "青石镇",
		"中共拉萨市教育局党组":  "拉萨市教育局",
		"中共青石市委员会":    "青石市",
		"市人民检察院党组":    "市人民检察院",
		"云岭县委":        "云岭县",
		"中共云岭县委组织部":   "云岭县委组织部",
		"中共云岭县纪委监委机关": "云岭县纪委监委机关",
	}
	for in, want := range exact {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlace(t *testing.T) {
	cases := map[string]string{
		"中共云岭县民政局党组":        "云岭县",
		"青石市人民政府":           "青石市",
		"青石市市场监督管理局":        "青石市",
		"市卫健委党委":            "",
		"中共丹江省青石市卫生健康委员会党委": "丹江省青石市",
		"青石镇":     "青石镇",
		"国贸公司党支部": "",
		"":        "",
	}
	for in, want := range cases {
		if got := Place(in); got != want {
			t.Errorf("Place(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyIn(t *testing.T) {
	cases := []struct{ name, place, want string }{
		{"市卫健委党委", "青石市", "青石市卫生健康委员会"},
		{"区文旅体局党组", "婺城区", "婺城区文化和旅游体育局"},
		{"区文旅体局党组", "青石市", "区文化和旅游体育局"}, // level does not match: left as it is
		{"中共云岭县民政局党组", "青石市", "云岭县民政局"}, // has its place already
		{"市卫健委党委", "", "市卫生健康委员会"},
	}
	for _, c := range cases {
		if got := KeyIn(c.name, c.place); got != c.want {
			t.Errorf("KeyIn(%q, %q) = %q, want %q", c.name, c.place, got, c.want)
		}
	}
	if KeyIn("市卫健委党委", "青石市") != Key("中共青石市卫生健康委员会党委") {
		t.Errorf("a short form with its place filled in should key as the full name")
	}
}
