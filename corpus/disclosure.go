package corpus

import "github.com/zhenggai/zhenggai/corpus/theme"

// Kind is what a document turned out to be after classification.
type Kind string

// The kinds of document the classifier tells apart. Only the first four are
// parsed beyond classification.
const (
	KindRectification             Kind = "rectification"              // 巡察/巡视整改(进展/落实)情况的通报/公示
	KindRectificationConcentrated Kind = "rectification_concentrated" // 集中整改进展情况的通报
	KindFeedback                  Kind = "feedback"                   // 巡察情况通报: the published problem list
	KindAggregate                 Kind = "aggregate"                  // a round-level release covering many units
	KindOther                     Kind = "other"                      // news, announcements, audits, templates, spam
)

// Parsed reports whether documents of this kind are parsed into a full record.
func (k Kind) Parsed() bool { return k != KindOther && k != "" }

// Disclosure is one published rectification disclosure (整改情况的通报/公示),
// parsed into the record of docs/contract.md. Absent values stay nil or empty:
// nothing is invented.
type Disclosure struct {
	ID     string `json:"id"`
	Source Source `json:"source"`
	Kind   Kind   `json:"kind"`
	// KindReason says which cue decided Kind, e.g. `title: 巡察整改落实情况的公示`.
	KindReason string `json:"kind_reason,omitempty"`
	Title      string `json:"title,omitempty"`
	// Letterhead is the organisation line printed above the title, if any.
	Letterhead string `json:"letterhead,omitempty"`
	Unit       string `json:"unit,omitempty"`
	// UnitOrgan is the party-organ suffix of Unit: 党组, 党委, 党工委, 党总支, 党支部, 委员会.
	UnitOrgan string `json:"unit_organ,omitempty"`
	// UnitKey is the canonical key of Unit (package corpus/unit), its place
	// filled in from the letterhead, signature or publisher when the text
	// gives only a short form: 市卫健委党委 → 青石市卫生健康委员会.
	UnitKey string `json:"unit_key,omitempty"`
	// UnitAliases are the other names the document gives the inspected unit
	// (a short form, 以下简称“…”, a self-reference such as 我院党组).
	UnitAliases []string   `json:"unit_aliases,omitempty"`
	Inspection  Inspection `json:"inspection"`
	Published   string     `json:"published,omitempty"`
	// PublishedFrom says where Published came from: signature, page, url.
	PublishedFrom string `json:"published_from,omitempty"`
	Publisher     string `json:"publisher,omitempty"`
	// LegalBasis lists the rules the disclosure cites for publishing
	// (党务公开原则, 《中国共产党巡视工作条例》 …).
	LegalBasis []string `json:"legal_basis,omitempty"`
	// Supervisors are the bodies named as guiding or supervising the
	// rectification (市委巡察办, 市纪委监委第八驻纪检监察组 …).
	Supervisors    []string        `json:"supervisors,omitempty"`
	Counts         Counts          `json:"counts"`
	Accountability *Accountability `json:"accountability,omitempty"`
	Figures        *Figures        `json:"figures,omitempty"`
	Categories     []Category      `json:"categories"`
	Measures       []Measure       `json:"measures"`
	Sections       []Section       `json:"sections"`
	// Tables are the tables printed in the body (a ledger of problems and
	// measures, typically), row by row.
	Tables    []Table    `json:"tables,omitempty"`
	NextSteps string     `json:"next_steps,omitempty"`
	Contact   *Contact   `json:"contact,omitempty"`
	Signature *Signature `json:"signature,omitempty"`
	Flags     []Flag     `json:"flags"`
}

// Source records where a disclosure was read from.
type Source struct {
	Path     string `json:"path,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Format   string `json:"format,omitempty"`   // txt, html, docx, pdf, doc
	Encoding string `json:"encoding,omitempty"` // utf-8, gb18030, utf-16le, …
	Bytes    int64  `json:"bytes,omitempty"`
}

// Inspection is the inspection the disclosure answers: who inspected whom, when.
type Inspection struct {
	Scope string `json:"scope,omitempty"` // 巡察 or 巡视
	// Body is the inspecting party committee: 中央, 省委, 市委, 区委, 县委, 旗委, …
	Body string `json:"body,omitempty"`
	// Level is Body's administrative level: central, provincial, city, county.
	Level string `json:"level,omitempty"`
	Term  *int   `json:"term,omitempty"`  // 届
	Round *int   `json:"round,omitempty"` // 轮
	// TermYears holds a year range given instead of a 届 (`2022-2026年第八轮`).
	TermYears string `json:"term_years,omitempty"`
	Group     string `json:"group,omitempty"` // 巡察四组, 市委第六巡察组
	// Groups are every group the opening names (第一巡察组, 第六巡察组) when
	// more than one inspected the unit; Group is the first.
	Groups []string `json:"groups,omitempty"`
	Type   string   `json:"type,omitempty"`  // the main type: 常规巡察, 专项巡察, …
	Types  []string `json:"types,omitempty"` // every type named (专项巡察暨巡察“回头看”)
	Topic  string   `json:"topic,omitempty"` // the special topic of a 专项巡察
	Stage  string   `json:"stage,omitempty"` // 集中整改 for concentrated-phase reports
	Start  string   `json:"start,omitempty"`
	End    string   `json:"end,omitempty"`
	// PeriodPrecision is day, month, approx or damaged when a period was found.
	PeriodPrecision string `json:"period_precision,omitempty"`
	DurationDays    *int   `json:"duration_days,omitempty"` // 为期N天
	Feedback        string `json:"feedback,omitempty"`
	// FeedbackYearInferred is set when the feedback date omitted its year.
	FeedbackYearInferred bool `json:"feedback_year_inferred,omitempty"`
}

// Counts are the figures a disclosure states about its problems and progress.
type Counts struct {
	Categories  *int     `json:"categories"`            // 大类
	Aspects     *int     `json:"aspects"`               // 个方面
	Classes     *int     `json:"classes,omitempty"`     // 类 / 大项
	Problems    *int     `json:"problems"`              // 个(具体)问题
	Suggestions *int     `json:"suggestions,omitempty"` // 条意见建议
	Measures    *int     `json:"measures"`              // 项/条整改措施
	Tasks       *int     `json:"tasks,omitempty"`       // 项整改任务
	Rectified   *int     `json:"rectified"`             // 已完成整改
	InProgress  *int     `json:"in_progress"`           // 正在整改
	Unfinished  *int     `json:"unfinished,omitempty"`  // 未完成
	LongTerm    *int     `json:"long_term,omitempty"`   // 长期坚持 / 持续整改
	Rate        *float64 `json:"rate"`                  // stated completion rate, percent
	// RateComputed is rectified / problems × 100 when both are stated.
	RateComputed *float64 `json:"rate_computed,omitempty"`
	AllDone      bool     `json:"all_done,omitempty"` // 已全部完成整改
}

// Accountability holds the discipline figures (人) a disclosure states.
type Accountability struct {
	PartyDiscipline *int `json:"party_discipline,omitempty"` // 党纪处分
	GovDiscipline   *int `json:"gov_discipline,omitempty"`   // 政务处分
	OrgHandling     *int `json:"org_handling,omitempty"`     // 组织处理
	Admonished      *int `json:"admonished,omitempty"`       // 诫勉(谈话)
	Reminded        *int `json:"reminded,omitempty"`         // 提醒谈话
	Criticised      *int `json:"criticised,omitempty"`       // 批评教育/批评帮助
	OrderedReview   *int `json:"ordered_review,omitempty"`   // 责令检查
	Referred        *int `json:"referred,omitempty"`         // 交由纪委调查
	HeldAccountable *int `json:"held_accountable,omitempty"` // 追责问责
}

// Figures are the other outcome numbers: money, rules and meetings.
type Figures struct {
	MoneyYuan    *float64       `json:"money_yuan,omitempty"`   // 追缴/追回/清退/挽回 …, summed, in yuan
	Institutions *int           `json:"institutions,omitempty"` // 制度 N 项
	Meetings     map[string]int `json:"meetings,omitempty"`     // 党组会 → 8
	Lists        []string       `json:"lists,omitempty"`        // 问题清单, 任务清单, …
}

// Category is a focus area or problem category heading under the
// rectification section, with the problems it restates.
type Category struct {
	Number   int       `json:"number"`
	Title    string    `json:"title"`
	Problems []Problem `json:"problems"`
}

// Problem is a problem restated by the disclosure (关于“…”问题).
type Problem struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
}

// Measure is one numbered rectification measure.
type Measure struct {
	ID       string `json:"id"`
	Category int    `json:"category"`
	Problem  *int   `json:"problem"`
	Number   int    `json:"number"`
	// Marker is the numbering word as printed: 一是, 1., （1）.
	Marker string   `json:"marker,omitempty"`
	Text   string   `json:"text"`
	Themes []string `json:"themes"`
	// ThemeEvidence is, for each of Themes in order, the words of the
	// text (or its heading) that decided it.
	ThemeEvidence []theme.Evidence `json:"theme_evidence,omitempty"`
}

// Section is a node of the document's heading tree.
type Section struct {
	Number   string    `json:"number"` // 一, （一）→一, 1, …
	Marker   string    `json:"marker,omitempty"`
	Title    string    `json:"title"`
	Text     string    `json:"text,omitempty"`
	Children []Section `json:"children"`
}

// Table is a table printed in a disclosure: header cells and rows.
type Table struct {
	// Category is the number of the category the table sits under, 0 if none.
	Category int        `json:"category,omitempty"`
	Header   []string   `json:"header"`
	Rows     [][]string `json:"rows"`
}

// Contact is how the public is invited to reach the unit.
type Contact struct {
	Phones   []string `json:"phones"`
	Emails   []string `json:"emails"`
	Address  string   `json:"address,omitempty"`
	Postcode string   `json:"postcode,omitempty"`
}

// Signature is the organisation and date closing the document.
type Signature struct {
	Org  string `json:"org,omitempty"`
	Date string `json:"date,omitempty"`
}

// Flag marks something suspicious or repaired in a document.
type Flag struct {
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"`
}

// Flag codes.
const (
	FlagDamagedDate   = "damaged_date"   // a date with lost characters, repaired
	FlagBadDate       = "bad_date"       // a date that could not be repaired or validated
	FlagDateOrder     = "date_order"     // start < end < feedback < published does not hold
	FlagMergedNumber  = "merged_number"  // counts with lost units between them
	FlagPlaceholder   = "placeholder"    // xx / XX template slots
	FlagPinyinGloss   = "pinyin_gloss"   // pinyin glosses were stripped
	FlagTraditional   = "traditional"    // converted from traditional characters
	FlagMirror        = "mirror"         // looks like a spam mirror of a real page
	FlagRateMismatch  = "rate_mismatch"  // stated rate differs from the recomputed one
	FlagCountMismatch = "count_mismatch" // a stated count differs from what was found
	FlagRoundInferred = "round_inferred" // reserved: round inferred from level and period
	FlagNoMeasures    = "no_measures"    // a rectification with no numbered measures found
)
