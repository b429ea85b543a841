package store_test

import (
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestRoundKey(t *testing.T) {
	tests := []struct {
		name string
		in   corpus.Inspection
		want string
	}{
		{"term, body, round", corpus.Inspection{Body: "市委", Term: ptr(10), Round: ptr(2)}, "十届市委第二轮"},
		{"fourteenth term", corpus.Inspection{Body: "县委", Term: ptr(14), Round: ptr(3)}, "十四届县委第三轮"},
		{"twentieth", corpus.Inspection{Body: "中央", Term: ptr(20), Round: ptr(21)}, "二十届中央第二十一轮"},
		{"no term", corpus.Inspection{Body: "区委", Round: ptr(6)}, "区委第六轮"},
		{"term years", corpus.Inspection{Body: "市委", TermYears: "2022-2026", Round: ptr(8)}, "2022-2026年市委第八轮"},
		{"round only", corpus.Inspection{Round: ptr(1)}, "第一轮"},
		{"hundreds", corpus.Inspection{Round: ptr(105)}, "第一百零五轮"},
		{"hundred ten", corpus.Inspection{Round: ptr(110)}, "第一百一十轮"},
		{"thousand", corpus.Inspection{Round: ptr(1001)}, "第一千零一轮"},
		{"zero", corpus.Inspection{Round: ptr(0)}, "第0轮"},
		{"no round", corpus.Inspection{Body: "市委", Term: ptr(10)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.RoundKey(tt.in); got != tt.want {
				t.Errorf("RoundKey = %q, want %q", got, tt.want)
			}
		})
	}
}
