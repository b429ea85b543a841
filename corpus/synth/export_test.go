package synth

import "strings"

// BankSentences exposes the phrase banks to the tests: theme id and each
// sentence filled as a unit of the bank's first sector would fill it.
func BankSentences() [][2]string {
	var out [][2]string
	for _, b := range banks() {
		for _, s := range b.sentences {
			out = append(out, [2]string{b.id, s})
		}
	}
	return out
}

// Tails exposes the follow-up clauses.
func Tails() []string { return tails() }

// Parts exposes every theme-neutral part a measure is composed of, the
// actor clauses filled with every lead and office.
func Parts() []string {
	out := append(openers(), tails()...)
	out = append(out, progresses()...)
	for _, f := range actorForms() {
		for _, l := range leads() {
			for _, o := range offices() {
				out = append(out, strings.NewReplacer("{lead}", l, "{office}", o).Replace(f))
			}
		}
	}
	return out
}

// CN exposes the Chinese numerals of 届 and 轮.
func CN(n int) string { return cn(n) }
