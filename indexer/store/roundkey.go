package store

import "github.com/zhenggai/zhenggai/corpus"

// RoundKey is the round a record is grouped by: corpus.Inspection.RoundLabel,
// e.g. 十届市委第二轮; empty when the round is unknown.
func RoundKey(in corpus.Inspection) string { return in.RoundLabel() }
