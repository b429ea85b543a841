package segment

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
)

var update = flag.Bool("update", false, "rewrite testdata/tokens/*.golden from the current output")

var (
	loadOnce sync.Once
	loadTime time.Duration
	loadHeap uint64
)

// testSegmenter returns the shared Segmenter, loaded once per test binary;
// the first call records the load time and live-heap growth.
func testSegmenter(tb testing.TB) *Segmenter {
	tb.Helper()
	loadOnce.Do(func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		if _, err := Shared(); err != nil {
			tb.Fatalf("load shared segmenter: %v", err)
		}
		loadTime = time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		loadHeap = after.HeapAlloc - before.HeapAlloc
	})
	s, err := Shared()
	if err != nil {
		tb.Fatalf("load shared segmenter: %v", err)
	}
	return s
}

var (
	rawOnce sync.Once
	raw     *gse.Segmenter
	rawErr  error
)

// testRaw returns gse's own segmenter on the dictionaries Load reads,
// loaded once per test binary: the reference the compact dictionary's
// tokens are compared with.
func testRaw(tb testing.TB) *gse.Segmenter {
	tb.Helper()
	rawOnce.Do(func() { raw, rawErr = loadGse(Options{}) })
	if rawErr != nil {
		tb.Fatalf("load gse: %v", rawErr)
	}
	return raw
}

func TestLoadCost(t *testing.T) {
	s := testSegmenter(t)
	t.Logf("load %v, live heap +%d MiB, %d words, DictVersion %s",
		loadTime.Round(time.Millisecond), loadHeap>>20, s.NumWords(), s.DictVersion())
	if v := s.DictVersion(); len(v) != 16 {
		t.Errorf("DictVersion() = %q, want 16 hex digits", v)
	}
	// Opening an index compares versions without loading the dictionary.
	if v, err := Version(Options{}); err != nil || v != s.DictVersion() {
		t.Errorf("Version(Options{}) = %q, %v; the loaded segmenter's is %q", v, err, s.DictVersion())
	}
	if _, err := Version(Options{Base: "nope"}); err == nil {
		t.Errorf("Version of an unknown base dictionary: no error")
	}
	if s2, _ := Shared(); s2 != s {
		t.Errorf("Shared() returned a different instance")
	}
}

func TestDictVersionChanges(t *testing.T) {
	// The base dictionary's content is fixed by gse's version (embedded).
	base := dictVersion(BaseSimplified, Options{})
	for name, v := range map[string]string{
		"extra":     dictVersion(BaseSimplified, Options{Extra: "某词 10 n"}),
		"no domain": dictVersion(BaseSimplified, Options{NoDomain: true}),
		"base":      dictVersion(BaseAll, Options{}),
	} {
		if v == base {
			t.Errorf("%s: DictVersion did not change", name)
		}
	}
	if again := dictVersion(BaseSimplified, Options{}); again != base {
		t.Errorf("DictVersion not deterministic: %s vs %s", again, base)
	}
}

func TestLoadRejects(t *testing.T) {
	// Both fail before any dictionary is loaded, so they are cheap.
	if _, err := Load(Options{Base: "ja"}); err == nil {
		t.Error("Load(Base: ja) succeeded, want error")
	}
	if _, err := Load(Options{Extra: "词 1 n"}); err == nil {
		t.Error("Load(Extra with freq 1) succeeded, want error")
	}
}

func TestParseDict(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Entry
		wantErr  bool
	}{
		{name: "ok", in: "# c\n\n两个维护 3000 nz\n三会一课 1000\n", want: []Entry{{"两个维护", 3000, "nz"}, {"三会一课", 1000, ""}}},
		{name: "low freq", in: "四风 1 nz", wantErr: true},
		{name: "no freq", in: "四风", wantErr: true},
		{name: "bad freq", in: "四风 x nz", wantErr: true},
		{name: "comma space", in: "四风 3 nz, 五风 3", wantErr: true},
		{name: "too many fields", in: "四风 3 nz extra", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDict(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseDict() error = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("ParseDict() = %v, want %v", got, tc.want)
			}
		})
	}
}

// goldenInputs are pinned in testdata/tokens/{precise,search}.golden.
var goldenInputs = []string{
	"整改落实整改巡察整改",
	"整改落实整改巡察整改，整改落实。",
	"APP 2023年4月 0891-6323368 14项",
	"ＡＰＰ软件１４项，２０２３年",
	"三会一课 两个维护 一岗双责 四议两公开",
	"党组织领导的校长负责制",
	"十届市委第二轮巡察反馈意见",
	"中共拉萨市教育局党组关于十届市委 第二轮巡察反馈意见整改落实情况的公示",
	"在市委巡察办的指导和市纪委监委第八驻纪检监察组的监督下",
	"区文旅体局、市卫健委和市市场监管局",
	"开展巡察“回头看”，做到“两个维护”",
	"市直学校年轻干部队伍建设",
	"贯彻落实不到位，落实工作不扎实",
	"认真履行全面从严治党主体责任",
	"",
	" \t，。“”",
}

func formatTokens(in string, toks []Token) string {
	var b strings.Builder
	fmt.Fprintf(&b, "== %q\n", in)
	for _, t := range toks {
		fmt.Fprintf(&b, "%d\t%d:%d\t%s\t%s\n", t.Position, t.Start, t.End, t.Term, [...]string{"ideo", "alnum", "num"}[t.Type])
	}
	return b.String()
}

func TestTokensGolden(t *testing.T) {
	s := testSegmenter(t)
	for _, mode := range []Mode{Precise, Search} {
		t.Run(mode.String(), func(t *testing.T) {
			var b strings.Builder
			for _, in := range goldenInputs {
				b.WriteString(formatTokens(in, s.Tokens([]byte(in), mode)))
			}
			path := filepath.Join("testdata", "tokens", mode.String()+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatalf("write golden: %v", err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("tokens differ from %s (run with -update to accept):\n%s", path, diffLines(string(want), got))
			}
		})
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// TestTokensRepeatedWords pins what Analyze gets wrong: each 整改 at its own offset.
func TestTokensRepeatedWords(t *testing.T) {
	s := testSegmenter(t)
	in := []byte("整改落实整改巡察整改")
	var got []string
	for _, tok := range s.Tokens(in, Precise) {
		got = append(got, fmt.Sprintf("%s@%d:%d", tok.Term, tok.Start, tok.End))
	}
	want := "整改落实@0:12 整改@12:18 巡察整改@18:30"
	if strings.Join(got, " ") != want {
		t.Errorf("Tokens = %s, want %s", strings.Join(got, " "), want)
	}
}

// checkTokens verifies the invariants of a token stream over in.
func checkTokens(t *testing.T, in []byte, toks []Token, mode Mode) {
	t.Helper()
	pos, parentStart, parentEnd := 0, 0, 0
	for i, tok := range toks {
		if tok.Start < 0 || tok.End > len(in) || tok.Start >= tok.End {
			t.Fatalf("token %d %+v: offsets out of range for %d bytes", i, tok, len(in))
		}
		if !bytes.Equal(in[tok.Start:tok.End], tok.Term) {
			t.Fatalf("token %d: in[%d:%d] = %q, Term = %q", i, tok.Start, tok.End, in[tok.Start:tok.End], tok.Term)
		}
		if !utf8.Valid(tok.Term) {
			t.Fatalf("token %d: invalid UTF-8 term %q", i, tok.Term)
		}
		switch {
		case tok.Position == pos+1:
			pos, parentStart, parentEnd = tok.Position, tok.Start, tok.End
		case tok.Position == pos && mode == Search && pos > 0:
			if tok.Start < parentStart || tok.End > parentEnd {
				t.Fatalf("token %d %q [%d:%d] outside parent [%d:%d]", i, tok.Term, tok.Start, tok.End, parentStart, parentEnd)
			}
		default:
			t.Fatalf("token %d %q: position %d after %d (mode %v)", i, tok.Term, tok.Position, pos, mode)
		}
		if droppable(tok.Term) {
			t.Fatalf("token %d %q is punctuation or space", i, tok.Term)
		}
	}
}

func TestTokensSeedProperties(t *testing.T) {
	seed := corpustest.Seed(t)
	s := testSegmenter(t)
	for _, mode := range []Mode{Precise, Search} {
		t.Run(mode.String(), func(t *testing.T) {
			checkTokens(t, seed, s.Tokens(seed, mode), mode)
			for _, line := range bytes.Split(seed, []byte("\n")) {
				checkTokens(t, line, s.Tokens(line, mode), mode)
			}
		})
	}
}

func TestTokensEdgeInputs(t *testing.T) {
	s := testSegmenter(t)
	for _, in := range []string{"", " ", "\xff\xfe整改", "整改\xe6\x95", "a", "Ａ", "ＡＢＣ整改１２３", "日本語のテキスト", "Ⱥ整改Ⱦ", "🙂整改🙂", "\u200b巡察\ufeff"} {
		for _, mode := range []Mode{Precise, Search} {
			checkTokens(t, []byte(in), s.Tokens([]byte(in), mode), mode)
		}
	}
	if got := s.Tokens([]byte("ＡＢＣ１２３"), Precise); len(got) != 1 || got[0].Type != AlphaNumeric {
		t.Errorf("full-width run = %+v, want one alphanumeric token", got)
	}
	if got := s.Words("巡察整改，APP"); strings.Join(got, "/") != "巡察整改/APP" {
		t.Errorf("Words = %q", got)
	}
}

func FuzzTokens(f *testing.F) {
	for _, in := range goldenInputs {
		f.Add(in)
	}
	s := testSegmenter(f)
	f.Fuzz(func(t *testing.T, in string) {
		for _, mode := range []Mode{Precise, Search} {
			got := s.Tokens([]byte(in), mode)
			checkTokens(t, []byte(in), got, mode)
			if g, w := formatTokens(in, got), formatTokens(in, referenceTokens(t, []byte(in), mode)); g != w {
				t.Fatalf("%v: Tokens differs from the reference:\n%s", mode, diffLines(w, g))
			}
		}
	})
}

// TestSharedContext: a waiter whose context ends gets its error, and the
// load goes on for the next caller.
func TestSharedContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	loaded := SharedLoaded()
	s, err := SharedContext(ctx)
	switch {
	case loaded && (err != nil || s == nil):
		t.Fatalf("SharedContext after the load = %v, %v; want the segmenter", s, err)
	case !loaded && err != nil && !errors.Is(err, context.Canceled):
		t.Fatalf("SharedContext with a cancelled context = %v, want context.Canceled", err)
	}
	s2, err := Shared()
	if err != nil || s2 == nil || !SharedLoaded() {
		t.Fatalf("Shared after a waiter gave up = %v, %v (loaded %v)", s2, err, SharedLoaded())
	}
	if s != nil && s != s2 {
		t.Errorf("SharedContext and Shared returned different segmenters")
	}
	t.Logf("loaded before the test: %v", loaded)
}

// TestOnceLoader: with a load held open, a waiter whose context ends gets
// its error and the load goes on; the next caller gets its result; a failed
// load (or a panicking one) is retried by the next caller.
func TestOnceLoader(t *testing.T) {
	release := make(chan struct{})
	want := &Segmenter{}
	calls := 0
	o := &onceLoader{load: func() (*Segmenter, error) {
		calls++
		<-release
		return want, nil
	}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := o.get(ctx); s != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("get with an ended context during the load = %v, %v; want context.Canceled", s, err)
	}
	close(release)
	if s, err := o.get(context.Background()); s != want || err != nil {
		t.Fatalf("get after the load = %v, %v", s, err)
	}
	if s, _ := o.get(context.Background()); s != want || calls != 1 {
		t.Fatalf("second get = %v after %d loads, want the first result after 1", s, calls)
	}

	fails := 0
	f := &onceLoader{load: func() (*Segmenter, error) {
		fails++
		switch fails {
		case 1:
			return nil, errors.New("disk on fire")
		case 2:
			panic("gse exploded")
		}
		return want, nil
	}}
	if _, err := f.get(context.Background()); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("failed load: %v", err)
	}
	if _, err := f.get(context.Background()); err == nil || !strings.Contains(err.Error(), "panic: gse exploded") {
		t.Fatalf("panicking load: %v", err)
	}
	if s, err := f.get(context.Background()); s != want || err != nil || fails != 3 {
		t.Fatalf("third get = %v, %v after %d loads", s, err, fails)
	}
}
