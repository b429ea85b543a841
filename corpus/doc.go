// Package corpus knows the genre of inspection rectification disclosures
// (巡察/巡视反馈意见整改情况的通报/公示): it classifies a document, parses it
// into a [Disclosure] record and holds the domain model every other package
// shares. It has no index, no HTTP and no database.
//
// # Pipeline
//
// Text is normalised first (package corpus/normalize: widths, spaces,
// traditional characters, pinyin glosses, PDF line breaks), then classified
// ([Classify]), then parsed ([Parse]) when it is a disclosure.
//
// # Caveats
//
// Absent values stay absent: a field the document does not state is nil or
// empty, never guessed. Repairs (damaged dates, inferred years) are recorded in
// [Disclosure.Flags] or in explicit fields such as
// [Inspection.FeedbackYearInferred].
package corpus
