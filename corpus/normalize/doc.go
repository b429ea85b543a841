// Package normalize turns raw decoded text of inspection rectification
// disclosures (巡察/巡视整改情况的公示/通报) into the canonical form the parser
// relies on: one paragraph per line, one width per character class, no
// spaces inside Chinese text, simplified characters, and PDF line and page
// breaks repaired.
//
// # Basics
//
//	n := normalize.New()          // cheap; share it, it is safe for concurrent use
//	text, rep := n.Text(raw)      // rep says which repairs were made
//
// # Output contract
//
//  1. Lines are separated by '\n', one paragraph per line; every line is
//     trimmed and no line is empty. "\r\n", "\r", "\v", "\f", U+0085, U+2028
//     and U+2029 break lines. The BOM, zero-width characters (U+200B..U+200F,
//     U+2060..U+206F, U+FEFF), bidi controls, variation selectors, the soft
//     hyphen and C0/C1 controls are removed; NBSP, U+3000 and the other
//     Unicode spaces become spaces. A tab is kept: it separates the cells of
//     a table row (the .docx and .doc readers write rows that way), and lines
//     holding one are never joined.
//  2. Full-width ASCII (letters, digits, ．－＠＿％＋ …) is folded to half-width,
//     except the Chinese punctuation ！（），：；？, which stays. Half-width
//     ideographic marks ｡､｢｣ become 。、「」; Kangxi radicals and CJK
//     compatibility ideographs, which PDF extraction emits, become their
//     unified ideographs; ⑴ becomes （1） and ⒈ becomes 1.
//  3. Parentheses are always full-width （ ）. Half-width , : ; ! ? become
//     ，：；！？ when the nearest non-space neighbour on either side is Han or
//     Chinese punctuation (a run of such marks is decided together); otherwise
//     (10:30, 1,000, e-mail addresses, Latin text) they are kept. Straight
//     double quotes become “ and ” alternately within each output line.
//  4. A run of spaces is deleted when a neighbour is Chinese punctuation, or
//     when it lies between Han and Han or between Han and a digit
//     (2024 年 4 月 15 日 → 2024年4月15日, 十届市委 第二轮 → 十届市委第二轮);
//     any other run (between Latin words, digits, Han and Latin) becomes one
//     space.
//  5. Pinyin glosses “（[a-zü and tone-marked vowels]{1,8}）” right after a Han
//     character are removed: 委(wei)(wei) → 委. [Report.PinyinGlosses] counts them.
//  6. Doubled ，。；、：！？ are collapsed to one; …… and —— are kept.
//  7. Traditional text is detected with a set of about 500 frequent
//     traditional-only characters ([TradChars]; at least one per fifty Han
//     characters) and only then converted to simplified with OpenCC t2s, which
//     is slow (about 6 MB/s); corner quotes 「」『』 then become “”‘’.
//     Simplified text passes through untouched. [Report.Traditional] says so.
//  8. PDF line breaks are repaired: a line is joined, with nothing between,
//     to the next non-empty line when it holds at least 20 Han characters, does
//     not end a sentence (。；：！？ or their half-width forms or a full stop,
//     possibly followed by closing quotes or brackets: a closer after a Han
//     character does not end a sentence, since breaks fall inside 《…》 and
//     “…”), does not end with a title word (通报 公示 公告 报告 情况 通知), and
//     the next line does not start a numbered item (一、 （一） 1. 1、 （1）
//     1） ① 一是 第一， 反馈问题) or a label such as 整改情况：. The line being
//     built counts as one line, so hard-wrapped paragraphs without blank lines
//     are joined whole. Lines that are only a page number (- 3 -, —3—,
//     第2页共5页) are dropped first, so a page break with a footer is repaired too.
//     [Report.JoinedBreaks] and [Report.PageMarks] count the repairs.
//
// Text is idempotent: Text(Text(x)) == Text(x), and the second call reports
// no repairs. The tests check this on the seed, on every table case, on
// random documents built from the characters the rules look at, and in the
// fuzz target.
//
// # Caveats
//
//   - Joining is a heuristic. A long heading without final punctuation that is
//     followed by a paragraph not starting with a numbering token or label is
//     joined to it; a paragraph that ends without punctuation swallows a short
//     signature line after it. A continuation starting with 一是 or 1、 is
//     left broken.
//   - The straight double quote counts as Chinese punctuation from the start
//     (it becomes “ or ”), so a space beside it is deleted and a comma beside
//     it becomes ，, even in Latin text.
//   - Parentheses become full-width everywhere, also around Latin text and in
//     area codes: (0760) → （0760）.
//   - A gloss-shaped parenthesis after Han is removed even when it was meant
//     (县委（xcb）); upper-case letters are never taken for a gloss.
//   - github.com/longbridgeapp/opencc registers a "-dir" flag on
//     flag.CommandLine when it is imported; a program importing this package
//     must not define its own "-dir" flag there.
package normalize
