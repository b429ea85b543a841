// Package analytics compares the problem themes of inspection rectification
// disclosures between units and between rounds, and finds problems that
// recur for a unit across rounds (屡查屡犯) or are common to many units in
// one round (共性问题).
//
// It is pure computation over [Row] values — one per stored measure, with its
// theme tags and its disclosure's unit and round — that package store reads
// with one SQL query. It does no I/O and imports neither bleve nor gin nor
// database/sql. Every count it reports comes with the ids of the measures
// behind it, so an analyst can read them.
//
// # Units and rounds
//
// Units are matched by [UnitKey]: the printed name without spaces, without
// a leading 中国共产党 or 中共, and without one trailing party-organ word
// (委员会, 党工委, 党总支, 党支部, 党组, 党委). 中共青石镇委员会 and
// 青石镇党委 are therefore one unit. They are reported under their printed
// name — the form most of their measures carry. Common short forms are
// written out (市卫健委 is 市卫生健康委员会), but a short form that also drops
// the place (区文旅体局 for 婺城区文化和旅游体育局) stays another unit.
//
// A round is its key (the label store.RoundKey gives, e.g. 十届县委第二轮),
// or its number when the key is missing. Rows with no round are left out of
// round groupings, Recurring and Common; rows with no unit out of unit
// groupings, Recurring and Common.
//
// # Counts and shares
//
// [Compare] groups the rows by unit or by round. A group's measures counts
// all its measures, with or without themes; a theme's count is the number of
// the group's measures that carry it (a measure carries a theme at most
// once), and its share is count ÷ measures, to two decimals. Themes are
// listed by count, highest first, then by id (A2 before A10).
//
// # Distinctive themes: weighted log-odds with an informative prior
//
// Shares alone favour themes that are frequent everywhere. A theme is
// distinctive for a group when the group carries it more often than the
// other groups do, by more than chance would explain. Compare measures this
// with the weighted log-odds ratio with an informative Dirichlet prior of
// Monroe, Colaresi and Quinn ("Fightin' Words", Political Analysis 16(4),
// 2008, §3.5). The "words" are theme tags: a group's total n is its number
// of tags (a measure with two themes counts twice; a measure without themes
// adds nothing to the statistic, though it counts among the measures).
//
// For theme w in group i against the rest j (all other compared groups
// together), with y the tags of w and n all tags, and the prior α_w the count
// of w in the whole selection (all compared groups), α₀ = Σ α_w:
//
//	δ_w = log((y_wi + α_w) / (n_i + α₀ − y_wi − α_w)) − log((y_wj + α_w) / (n_j + α₀ − y_wj − α_w))
//	σ²_w ≈ 1/(y_wi + α_w) + 1/(y_wj + α_w)
//	z_w = δ_w / σ_w
//
// The prior shrinks the log-odds of rare themes towards zero, so a theme seen
// twice in a small unit does not outrank one seen forty times in a large one;
// dividing by σ turns the estimate into a z-score. Every theme of every
// group carries its z (log_odds_z). The distinctive list holds the themes
// with z ≥ 1.96 ([DistinctiveZ], the two-sided 5% point of the normal; the
// tests are many and not independent, so read it as a ranking, not as a
// test), highest first. z is undefined, and reported as 0, when there is
// one group only or the selection has one theme only.
//
// Worked example. Unit P has 14 measures: 12 tagged D2 (三会一课), 2 tagged
// E4 (招投标). Unit Q has 14: 2 D2, 12 E4. The prior is the selection's
// counts: α_D2 = 14, α_E4 = 14, α₀ = 28. For D2 in P:
//
//	δ = log((12+14)/(14+28−12−14)) − log((2+14)/(14+28−2−14))
//	  = log(26/16) − log(16/26) = 0.971
//	σ² = 1/26 + 1/16 = 0.101, σ = 0.318
//	z = 0.971 / 0.318 = 3.06
//
// so D2 is distinctive for P (z 3.06) and, by symmetry, E4 for Q; D2 in Q
// and E4 in P score −3.06. With 3 and 1 instead of 12 and 2 (4 measures
// each) the same shape gives only z = 1.15: too little evidence.
//
// # Recurring and common problems
//
// [Recurring] lists, for each unit, the themes its measures carry in at least
// minRounds distinct rounds (default 2), with the round numbers, round keys
// and measure ids. [Common] lists, for each round, the themes carried by the
// measures of at least minUnits distinct units (default 2), with the units'
// printed names. Both are ordered: most rounds (units) first, then unit
// (round), then theme id; measure ids keep the order of the rows.
//
// # Grouped, ranked and paged views
//
// The lists above are flat. For an analyst working on hundreds of
// disclosures the package also groups, ranks and pages (offset and limit,
// DefaultLimit 20, MaxLimit 200; every list reports its Total):
//
//   - [RecurringByUnit]: 屡查屡犯 by unit — each unit with every theme its
//     measures carry in at least MinRounds rounds, the measures of each round
//     side by side, and the later measures whose words repeat an earlier
//     round's (Jaccard ≥ 0.8 on character 3-shingles, package similar, when
//     [Row.Text] is set). Units rank by strength: Σ (rounds − 1) over their
//     recurring themes, then repeats, then measures.
//   - [CommonByTheme]: 共性问题 by theme within a round — the units of the
//     round carrying it and their measures, with the share of the round's
//     units and the lift over the theme's usual share; ranked by units, then
//     share, then lift.
//   - [RankDistinctive]: every compared group's themes ranked by z, each with
//     a significant mark (z ≥ MinZ) and an only mark (no other group carries
//     it), so a small corpus still shows what stands out and how sure it is.
//   - [Trends]: theme counts and shares per round or per year of
//     publication ([Row.Published]).
//   - [Profile]: one unit's disclosures, rounds, themes per round and
//     recurring themes.
//
// All are pure and linear in the rows (the text comparisons of one
// unit-theme are capped), and none changes what Compare, Recurring or
// Common return.
//
// # Caveats
//
// The prior is the selection's own counts, so it weighs as much as the data:
// groups of a dozen measures (one disclosure each) rarely reach z ≥ 1.96,
// and the z-scores are best read as a ranking.
//
// Themes are tagged per measure from keywords (package theme), so the
// counts inherit the tagger's misses; rounds of different eras may follow
// different focus frameworks (docs/domain.md §1.9), so recurrence across a
// framework change compares unlike headings.
package analytics
