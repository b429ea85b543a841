// Package synth generates SYNTHETIC inspection rectification disclosures
// (巡察/巡视整改情况的通报/公示) together with the truth a parser should read
// from them. The demo corpus and the benchmarks use it; tests score the
// parser and the theme tagger against the truth.
//
// Everything is invented: the prefecture 云岭市 with its counties and
// district (青溪县, 石门县, 云湖区, 枫林县, 鹤山县), the province 岚山省, every
// unit, town, street, phone number and postcode, and every measure sentence
// (written for this package in the genre's vocabulary). Phone numbers have a
// local part starting with 0, which no real Chinese landline has. Every
// document opens with the page-data line [Marker]
// (信息来源：zhenggai 合成示例数据（非真实公示）), which the parser treats as
// chrome above the title, and is named synthetic-NNNN.txt.
//
// # Usage
//
//	docs := synth.Generate(synth.Options{Seed: 1, Disclosures: 60, Units: 20})
//	for _, d := range docs { /* d.Name, d.Text, d.Truth */ }
//
// The same options always give byte-identical output: one PCG generator
// seeded from Seed drives every choice, and the package keeps no mutable
// state.
//
// # What is planted
//
//   - Recurrence (屡查屡犯): every unit is inspected in two or three rounds
//     of its committee, and one theme (the unit's persistent theme) appears
//     in each of its disclosures. Options.Units is clamped to
//     [⌈N/3⌉, ⌊N/2⌋] so that this holds (and to the invented units
//     available, about 100).
//   - Common problems (共性问题): each round has a theme every unit of the
//     round lists.
//   - Near-duplicates: about 5% of measures copy a measure of another unit
//     (of the same round when one exists) with one to three characters
//     changed; [TruthMeasure.NearCopyOf] names the source. Every other
//     measure is composed of a theme sentence and five theme-neutral parts
//     (opener, actor, actor form, progress, tail; parts.go), and differs
//     from every earlier measure in at least two of the six, so that only
//     planted copies are near-duplicates (Jaccard ≥ 0.8 on character
//     3-shingles): on 2,500 disclosures every cluster is a planted group
//     and every planted copy sits with its source.
//   - Large corpora: round numbers stay at or below 15 within a term (届);
//     later rounds move on to the next term, so any number of disclosures
//     can be generated.
//   - Metadata in the genre's shapes: 市委/县委/区委 巡察 and a few 省委 巡视;
//     届 and 轮 in Chinese numerals in most titles (Truth.Term and Round are 0
//     when the document does not state them; Truth.RoundKey always names the
//     round); groups 第三巡察组 / 巡察二组 / 第五巡视组; 常规巡察, some
//     专项巡察 with a topic, some 巡察“回头看”; periods of 40–80 days, feedback
//     15–60 days later (a quarter without the year), publication 3–10 months
//     after feedback from the signature or a 发布日期 line.
//   - Layouts rotating by document: A (一、整改工作开展情况 → 二、…（一）… with
//     1. or 一是 measures → 三、下一步工作打算), B ((一)…方面 → 1.关于“…”问题 →
//     整改情况：一是…。二是… or 一是…；二是…), C (聚焦…方面存在的问题 headings
//     with 一是 lines). The opening's count sentence (3个方面[M个问题]，
//     制定整改措施K项) agrees with what is listed.
//
// Truth.Measures[i].Text is the measure as the contract defines it: without
// its numbering word, and without the ； that separates inline items.
//
// # Shapes that once failed
//
// Two faithful shapes first made the parser misread; both were fixed in the
// parser and are generated: a 专项巡察 opened with 进行了 (its topic is
// read), and an organisation name of 20 Han characters or more on the
// letterhead or signature line (中共云岭市城市建设投资集团有限公司委员会),
// which the PDF line-break repair now keeps on its own line.
package synth
