package sound

import "testing"

func TestAlike(t *testing.T) {
	r := New()
	for _, tc := range []struct {
		a, b rune
		want bool
	}{
		{'棵', '课', true},  // kē / kè
		{'帖', '贴', true},  // tiē (a heteronym)
		{'记', '纪', true},  // jì
		{'课', '课', false}, // the same character is no correction
		{'课', '果', false}, // kè / guǒ
		{'人', '入', false}, // alike in shape, not in sound
		{'a', 'a', false},
		{'课', 'k', false},
	} {
		if got := r.Alike(tc.a, tc.b); got != tc.want {
			t.Errorf("Alike(%c, %c) = %v, want %v (%v / %v)", tc.a, tc.b, got, tc.want, r.Syllables(tc.a), r.Syllables(tc.b))
		}
	}
}
