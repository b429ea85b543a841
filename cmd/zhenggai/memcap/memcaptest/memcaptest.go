// Package memcaptest writes the /proc and /sys files memcap reads into a
// test's own folder.
package memcaptest

import (
	"os"
	"path/filepath"
	"testing"
)

// Tree writes files (slash-separated paths under the root, and their
// text) into a new temporary folder and returns it.
func Tree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// V2Unit is a tree where the process runs in a cgroup v2 group
// zhenggai.service whose memory.max holds limit ("" for no such file).
func V2Unit(t testing.TB, limit string) string {
	t.Helper()
	files := map[string]string{
		"proc/self/cgroup":    "0::/zhenggai.service\n",
		"proc/self/mountinfo": "29 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n",
	}
	if limit != "" {
		files["sys/fs/cgroup/zhenggai.service/memory.max"] = limit + "\n"
	}
	return Tree(t, files)
}
