package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/synth"
)

func TestGenerateCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, stderr := runCLI(t, nil, "generate", "--disclosures", "12", "--units", "5", "--seed", "3", "--truth", "-o", dir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(out, "wrote 12 synthetic disclosures") {
		t.Errorf("stdout = %q", out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "synthetic-*.txt"))
	if len(files) != 12 {
		t.Fatalf("%d files written, want 12", len(files))
	}
	want := synth.Generate(synth.Options{Seed: 3, Disclosures: 12, Units: 5})
	got, err := os.ReadFile(filepath.Join(dir, want[0].Name))
	if err != nil || string(got) != want[0].Text {
		t.Fatalf("%s does not hold the generated text (%v)", want[0].Name, err)
	}
	f, err := os.Open(filepath.Join(dir, truthFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	lines := 0
	for sc.Scan() {
		var tr synth.Truth
		if err := json.Unmarshal(sc.Bytes(), &tr); err != nil {
			t.Fatalf("truth line %d: %v", lines+1, err)
		}
		if tr.Name != want[lines].Name || len(tr.Measures) == 0 {
			t.Errorf("truth line %d is %s with %d measures", lines+1, tr.Name, len(tr.Measures))
		}
		lines++
	}
	if lines != 12 {
		t.Errorf("%d truth lines, want 12", lines)
	}

	// Generating again over its own files is fine.
	if code, _, stderr := runCLI(t, nil, "generate", "--disclosures", "12", "--units", "5", "--seed", "3", "--truth", "-o", dir); code != exitOK {
		t.Fatalf("regenerate: exit %d, stderr:\n%s", code, stderr)
	}
	// A file that is not synthetic is never overwritten.
	real := filepath.Join(dir, "synthetic-0002.txt")
	if err := os.WriteFile(real, []byte("中共某单位关于巡察整改情况的通报\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, nil, "generate", "--disclosures", "12", "--units", "5", "--seed", "9", "-o", dir)
	if code != exitFailed || !strings.Contains(stderr, "refusing to overwrite") {
		t.Errorf("overwrite of a real file: exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(real); !strings.HasPrefix(string(b), "中共某单位") {
		t.Error("the non-synthetic file was overwritten")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "synthetic-0001.txt")); string(b) != want[0].Text {
		t.Error("a refused run still wrote files")
	}

	if code, _, _ := runCLI(t, nil, "generate", "--disclosures", "3"); code != exitUsage {
		t.Errorf("generate without -o: exit %d, want %d", code, exitUsage)
	}
}
