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
