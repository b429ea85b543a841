package corpus

import "testing"

// TestNormalPhone covers the spellings a fixed-line number arrives in,
// including the hyphen pdftotext drops at a line end (08916323368).
func TestNormalPhone(t *testing.T) {
	cases := map[string]string{
		"0891-6323368":      "0891-6323368",
		"08916323368":       "0891-6323368",
		"0891 6323368":      "0891-6323368",
		"（0891）6323368":     "0891-6323368",
		"（0891）-6323368":    "0891-6323368",
		"0760—23226773":     "0760-23226773",
		"076023226773":      "0760-23226773",
		"0760 2322 6773":    "0760-23226773",
		"01065123456":       "010-65123456",
		"010 6512 3456":     "010-65123456",
		"（010）65123456":     "010-65123456",
		"02887654321":       "028-87654321",
		"021-6666 8888":     "021-66668888",
		"0760-23226773-801": "0760-23226773-801",
		"0760-23226773转801": "0760-23226773-801",
		"13812345678":       "13812345678",
	}
	for in, want := range cases {
		if got := normalPhone(in); got != want {
			t.Errorf("normalPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPhonePattern checks that the pattern finds a fixed-line number in a
// contact line whatever its spacing, so normalPhone sees all of it.
func TestPhonePattern(t *testing.T) {
	p := newPatterns()
	cases := map[string]string{
		"联系电话：08916323368，邮箱":     "0891-6323368",
		"联系电话：0891 6323368":       "0891-6323368",
		"电话：（0760）2322 6773（工作日）": "0760-23226773",
		"监督电话：010-65123456转801":   "010-65123456-801",
	}
	for line, want := range cases {
		got := p.phone.FindString(line)
		if normalPhone(got) != want {
			t.Errorf("phone in %q = %q → %q, want %q", line, got, normalPhone(got), want)
		}
	}
}
