package normalize

// normLine applies the rules that depend on a character's neighbours to one
// trimmed line, in place, and returns the shortened line and the number of
// pinyin glosses removed. The steps run in an order that makes the function
// idempotent: punctuation first (it looks past spaces), then spaces (which
// may then sit beside Chinese punctuation), then glosses (whose parentheses
// have lost their surrounding spaces), then doubled punctuation.
func normLine(r []rune) ([]rune, int) {
	convertPunct(r)
	r = fixSpaces(r)
	r, glosses := dropGlosses(r)
	r = collapsePunct(r)
	return r, glosses
}

// convertPunct turns half-width , : ; ! ? into their Chinese forms when the
// nearest non-space neighbour on either side is Han or Chinese punctuation.
// A run of such marks (possibly separated by spaces) is decided as a group,
// so that ",," beside Chinese text becomes "，，" whole.
func convertPunct(r []rune) {
	for i := 0; i < len(r); i++ {
		if toCJK(r[i]) == 0 {
			continue
		}
		start, end, k := i, i, i+1
		for ; k < len(r); k++ {
			if r[k] == ' ' {
				continue
			}
			if toCJK(r[k]) == 0 {
				break
			}
			end = k
		}
		conv := k < len(r) && isHanOrPunct(r[k])
		if !conv {
			for j := start - 1; j >= 0; j-- {
				if r[j] != ' ' {
					conv = isHanOrPunct(r[j])
					break
				}
			}
		}
		if conv {
			for j := start; j <= end; j++ {
				if c := toCJK(r[j]); c != 0 {
					r[j] = c
				}
			}
		}
		i = end
	}
}

// fixSpaces trims the line, deletes the runs of spaces that sit between
// Chinese text and Chinese text or digits, and collapses the others to one.
func fixSpaces(r []rune) []rune {
	w := 0
	for i := 0; i < len(r); {
		if r[i] != ' ' {
			r[w] = r[i]
			w++
			i++
			continue
		}
		j := i + 1
		for j < len(r) && r[j] == ' ' {
			j++
		}
		if w > 0 && j < len(r) && keepSpace(r[w-1], r[j]) {
			r[w] = ' '
			w++
		}
		i = j
	}
	return r[:w]
}

// keepSpace decides a run of spaces between prev and next. It is deleted
// beside Chinese punctuation, and between Han and Han or a digit; it stays
// (as one space) between Latin words, digits, and Han and Latin.
func keepSpace(prev, next rune) bool {
	if isCJKPunct(prev) || isCJKPunct(next) {
		return false
	}
	ph, nh := IsHan(prev), IsHan(next)
	if (ph && (nh || isDigit(next))) || (nh && isDigit(prev)) {
		return false
	}
	return true
}

// dropGlosses removes pinyin glosses written right after a Han character:
// 委（wei）（wei） → 委.
func dropGlosses(r []rune) ([]rune, int) {
	n := 0
	w := 0
	for i := 0; i < len(r); {
		c := r[i]
		r[w] = c
		w++
		i++
		if !IsHan(c) {
			continue
		}
		for {
			m := glossLen(r[i:])
			if m == 0 {
				break
			}
			i += m
			n++
		}
	}
	return r[:w], n
}

// glossLen returns the length of the pinyin gloss “（[pinyin]{1,8}）” that r
// starts with, or 0.
func glossLen(r []rune) int {
	if len(r) < 3 || r[0] != '（' {
		return 0
	}
	for k := 1; k < len(r) && k <= 9; k++ {
		switch {
		case r[k] == '）':
			if k == 1 {
				return 0
			}
			return k + 1
		case !isPinyin(r[k]):
			return 0
		}
	}
	return 0
}

// collapsePunct collapses doubled Chinese punctuation (，， 。。 ；； 、、 ：：
// ！！ ？？) to one mark.
func collapsePunct(r []rune) []rune {
	w := 0
	for _, c := range r {
		if w > 0 && c == r[w-1] && isCollapsible(c) {
			continue
		}
		r[w] = c
		w++
	}
	return r[:w]
}

// isPageMark reports whether a normalised line is only a page number:
// "- 3 -", "—3—", "第3页", "第3页共12页".
func isPageMark(r []rune) bool {
	if len(r) < 3 {
		return false
	}
	if r[0] == '第' {
		k := digits(r, 1)
		if k == 1 || k >= len(r) || r[k] != '页' {
			return false
		}
		k++
		if k == len(r) {
			return true
		}
		if r[k] == '，' {
			k++
		}
		if k >= len(r) || r[k] != '共' {
			return false
		}
		e := digits(r, k+1)
		return e > k+1 && e+1 == len(r) && r[e] == '页'
	}
	k := dashes(r, 0)
	if k == 0 {
		return false
	}
	if k < len(r) && r[k] == ' ' {
		k++
	}
	e := digits(r, k)
	if e == k || e-k > 4 {
		return false
	}
	if e < len(r) && r[e] == ' ' {
		e++
	}
	d := dashes(r, e)
	return d > e && d == len(r)
}

func digits(r []rune, i int) int {
	for i < len(r) && isDigit(r[i]) {
		i++
	}
	return i
}

func dashes(r []rune, i int) int {
	for i < len(r) && (r[i] == '-' || r[i] == '—' || r[i] == '–' || r[i] == '―') {
		i++
	}
	return i
}
