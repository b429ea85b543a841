package api

import (
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// One name for a round across the API: round_label, as the search takes
// and its hits carry it. Older names (round_key, round_keys, common's
// round) stay beside it: the contract renames nothing.

// DisclosureSummary is a disclosure list entry with round_label beside
// round_key.
type DisclosureSummary struct {
	store.Summary
	RoundLabel string `json:"round_label,omitempty"`
}

// MeasureRecord is a measure with round_label beside round_key.
type MeasureRecord struct {
	*store.MeasureRow
	RoundLabel string `json:"round_label,omitempty"`
}

// Recurrence is a recurring theme with round_labels beside round_keys.
type Recurrence struct {
	analytics.Recurrence
	RoundLabels []string `json:"round_labels"`
}

// CommonTheme is a common theme with round_label beside round.
type CommonTheme struct {
	analytics.CommonTheme
	RoundLabel string `json:"round_label"`
}

func summariesWithLabels(list []store.Summary) []DisclosureSummary {
	out := make([]DisclosureSummary, len(list))
	for i, s := range list {
		out[i] = DisclosureSummary{Summary: s, RoundLabel: s.RoundKey}
	}
	return out
}

func recurrencesWithLabels(list []analytics.Recurrence) []Recurrence {
	out := make([]Recurrence, len(list))
	for i, r := range list {
		labels := r.RoundKeys
		if labels == nil {
			labels = []string{}
		}
		out[i] = Recurrence{Recurrence: r, RoundLabels: labels}
	}
	return out
}

func commonWithLabels(list []analytics.CommonTheme) []CommonTheme {
	out := make([]CommonTheme, len(list))
	for i, c := range list {
		out[i] = CommonTheme{CommonTheme: c, RoundLabel: c.Round}
	}
	return out
}
