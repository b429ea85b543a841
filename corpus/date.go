package corpus

import (
	"fmt"
	"strconv"
	"time"
)

// date is a calendar day; the zero value means absent.
type date struct{ y, m, d int }

func (d date) valid() bool {
	if d.y < 1990 || d.y > 2100 || d.m < 1 || d.m > 12 || d.d < 1 {
		return false
	}
	t := time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.d
}

func (d date) isZero() bool { return d == date{} }

func (d date) iso() string {
	if d.isZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

func (d date) time() time.Time { return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC) }

// before reports whether d is strictly earlier than e.
func (d date) before(e date) bool {
	if d.y != e.y {
		return d.y < e.y
	}
	if d.m != e.m {
		return d.m < e.m
	}
	return d.d < e.d
}

// daysUntil is the number of days from d to e.
func (d date) daysUntil(e date) int { return int(e.time().Sub(d.time()).Hours() / 24) }

func parseISO(s string) date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return date{}
	}
	return date{t.Year(), int(t.Month()), t.Day()}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// splitMonthDay returns every reading of a digit run that lost its 月
// (`717` → 7/17; `1021` → 10/21) as a valid month and day of year y.
func splitMonthDay(y int, digits string) []date {
	var out []date
	for i := 1; i < len(digits) && i <= 2; i++ {
		ms, ds := digits[:i], digits[i:]
		if len(ds) > 2 || ds[0] == '0' && len(ds) == 2 && ds[1] == '0' {
			continue
		}
		d := date{y, atoi(ms), atoi(ds)}
		if ms[0] != '0' && d.valid() {
			out = append(out, d)
		}
	}
	return out
}
