package corpus

import "testing"

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"一", 1, true}, {"十", 10, true}, {"十二", 12, true}, {"二十", 20, true},
		{"二十五", 25, true}, {"一百零八", 108, true}, {"两", 2, true}, {"12", 12, true},
		{"九十九", 99, true}, {"", 0, false}, {"是", 0, false}, {"十x", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseNumber(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseNumber(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestChineseNumberRoundTrips(t *testing.T) {
	for n := 1; n <= 9999; n++ {
		s := ChineseNumber(n)
		got, ok := parseNumber(s)
		if !ok || got != n {
			t.Fatalf("ChineseNumber(%d) = %q, read back as %d, %v", n, s, got, ok)
		}
	}
	for n, want := range map[int]string{2: "二", 10: "十", 14: "十四", 20: "二十", 105: "一百零五", 0: "0", 10000: "10000"} {
		if got := ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestRoundLabel(t *testing.T) {
	ten, two, eight := 10, 2, 8
	tests := []struct {
		in   Inspection
		want string
	}{
		{Inspection{Term: &ten, Body: "市委", Round: &two}, "十届市委第二轮"},
		{Inspection{Body: "市委", Round: &eight}, "市委第八轮"},
		{Inspection{TermYears: "2022-2026", Body: "区党工委", Round: &eight}, "2022-2026年区党工委第八轮"},
		{Inspection{Term: &ten, Body: "市委"}, ""},
	}
	for _, tt := range tests {
		if got := tt.in.RoundLabel(); got != tt.want {
			t.Errorf("RoundLabel(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
