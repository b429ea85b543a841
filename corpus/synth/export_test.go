package synth

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
