package extract_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/extract"
)

func TestSupported(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"a.txt", true}, {"dir/B.HTML", true}, {"c.htm", true}, {"d.docx", true}, {"e.PDF", true},
		{"f.doc", true}, {"g.shtml", true}, {"h.xlsx", false}, {"i.png", false}, {"noext", false},
		{".hidden.txt", false}, {"~$lock.docx", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			if got := extract.Supported(tc.path); got != tc.want {
				t.Errorf("Supported(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

// TestWalk walks a mixed folder tree: supported files in lexical order,
// hidden folders and unsupported files skipped, explicit files passed
// whatever their extension, duplicates once.
func TestWalk(t *testing.T) {
	root := t.TempDir()
	files := []string{
		"b.txt", "a.html", "notes.md", "image.png", "~$a.docx",
		"2024/第一轮/c.docx", "2024/第一轮/d.PDF", "2024/e.doc", "2024/f.htm",
		".git/config.txt", "2024/.cache/g.txt", "z/.hidden.txt",
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatalf("mkdir: %v", err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "b.txt"), filepath.Join(root, "link.txt")); err != nil {
		t.Fatalf("symlink: %v", err)
	}
	explicit := filepath.Join(root, "notes.md")

	var got []string
	err := extract.Walk(context.Background(), []string{root, explicit, filepath.Join(root, "b.txt")}, func(p string) error {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	want := []string{"2024/e.doc", "2024/f.htm", "2024/第一轮/c.docx", "2024/第一轮/d.PDF", "a.html", "b.txt", "link.txt", "notes.md"}
	if !slices.Equal(got, want) {
		t.Errorf("Walk gave\n%q\nwant\n%q", got, want)
	}

	t.Run("fn error stops the walk", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := extract.Walk(context.Background(), []string{root}, func(string) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("err %v after %d calls, want stop after 1", err, n)
		}
	})
	t.Run("missing root", func(t *testing.T) {
		err := extract.Walk(context.Background(), []string{filepath.Join(root, "nope")}, func(string) error { return nil })
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err %v, want not exist", err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := extract.Walk(ctx, []string{root}, func(string) error { return nil })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v, want canceled", err)
		}
	})
}
