package web_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api/web"
)

func TestIndexReferencesEmbeddedAssets(t *testing.T) {
	index := string(web.Index())
	refs := regexp.MustCompile(`(?:src|href)="/assets/([^"]+)"`).FindAllStringSubmatch(index, -1)
	if len(refs) < 2 {
		t.Fatalf("index.html references %d assets", len(refs))
	}
	for _, r := range refs {
		if _, err := fs.Stat(web.Assets(), r[1]); err != nil {
			t.Errorf("index.html references %s, which is not embedded: %v", r[1], err)
		}
	}
}

// TestNoRemoteAssets keeps the page working on an isolated intranet: no file
// loads anything from another host.
func TestNoRemoteAssets(t *testing.T) {
	remote := regexp.MustCompile(`(?i)(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import|fetch\(\s*["'](?:https?:)?//`)
	err := fs.WalkDir(web.Assets(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Assets(), path)
		if err != nil {
			return err
		}
		if m := remote.FindString(string(b)); m != "" {
			t.Errorf("%s loads a remote resource: %q", path, m)
		}
		if strings.Contains(string(b), "cdn") {
			t.Errorf("%s mentions a CDN", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
