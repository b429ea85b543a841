// Package memcap reads the memory limit that the process's control group
// (a container, a systemd unit, a job scheduler's slot) puts on it: cgroup
// v2's memory.max or cgroup v1's memory.limit_in_bytes, on the process's
// group or any group above it, whichever is lowest. The files are read
// under a root folder so that tests can give a tree of their own.
package memcap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// unlimited is the least value a cgroup v1 limit file holds when no limit
// is set (the kernel writes the largest page-aligned int64 there).
const unlimited = int64(1) << 62

// maxFileBytes caps every file read: the files read here are a few
// hundred bytes, mountinfo a few kilobytes even on a busy host.
const maxFileBytes = 1 << 20

// Limit is a memory limit found: Bytes, read from File.
type Limit struct {
	Bytes int64
	File  string
}

// Read returns the lowest memory limit set on the process's control
// groups (v2 and v1 memory) and their ancestors, read under root ("/" on
// a running system). ok is false when no group sets one; err reports a
// file that exists and cannot be understood (missing files are not
// errors: most of them are absent on any given host).
func Read(root string) (lim Limit, ok bool, err error) {
	groups, err := readFile(filepath.Join(root, "proc/self/cgroup"))
	if err != nil {
		return Limit{}, false, ignoreMissing(err)
	}
	mounts, err := readFile(filepath.Join(root, "proc/self/mountinfo"))
	if err != nil {
		return Limit{}, false, ignoreMissing(err)
	}
	for _, m := range parseMounts(mounts) {
		group, found := groupOf(groups, m.v2)
		if !found {
			continue
		}
		rel, inside := strings.CutPrefix(path.Clean(group), path.Clean(m.root))
		if !inside {
			continue // the group lies outside what this mount shows
		}
		name := "memory.limit_in_bytes"
		if m.v2 {
			name = "memory.max"
		}
		// From the process's group up to the mount's root.
		for dir := path.Clean("/" + rel); ; dir = path.Dir(dir) {
			file := filepath.Join(root, m.point, filepath.FromSlash(dir), name)
			b, found, err := readLimit(file)
			if err != nil {
				return Limit{}, false, err
			}
			if found && (!ok || b < lim.Bytes) {
				lim, ok = Limit{Bytes: b, File: file}, true
			}
			if dir == "/" {
				break
			}
		}
	}
	return lim, ok, nil
}

// mount is a cgroup file system: v2, or v1 with the memory controller.
type mount struct {
	root  string // the group shown at the mount point
	point string
	v2    bool
}

// parseMounts finds the cgroup2 mounts and the cgroup v1 mounts of the
// memory controller in /proc/self/mountinfo's text.
func parseMounts(text string) []mount {
	var out []mount
	for line := range strings.Lines(text) {
		left, right, found := strings.Cut(line, " - ")
		if !found {
			continue
		}
		lf, rf := strings.Fields(left), strings.Fields(right)
		if len(lf) < 5 || len(rf) < 1 {
			continue
		}
		m := mount{root: unescape(lf[3]), point: unescape(lf[4])}
		switch {
		case rf[0] == "cgroup2":
			m.v2 = true
		case rf[0] == "cgroup" && len(rf) >= 3 && hasOption(rf[2], "memory"):
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// groupOf returns the process's group in /proc/self/cgroup's text: the
// v2 line ("0::/path"), or the v1 line whose controllers include memory.
func groupOf(text string, v2 bool) (string, bool) {
	for line := range strings.Lines(text) {
		parts := strings.SplitN(strings.TrimRight(line, "\n"), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if v2 && parts[0] == "0" && parts[1] == "" {
			return parts[2], true
		}
		if !v2 && hasOption(parts[1], "memory") {
			return parts[2], true
		}
	}
	return "", false
}

// readLimit reads a limit file: "max" or a v1 value of 2^62 or more means
// none; a missing file is not found.
func readLimit(file string) (int64, bool, error) {
	text, err := readFile(file)
	if err != nil {
		return 0, false, ignoreMissing(err)
	}
	v := strings.TrimSpace(text)
	if v == "max" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, false, fmt.Errorf("read memory limit %s: %q is not a number of bytes", file, v)
	}
	if n >= unlimited {
		return 0, false, nil
	}
	return n, true, nil
}

func readFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(bufio.NewReader(f), maxFileBytes+1))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > maxFileBytes {
		return "", fmt.Errorf("read %s: over %d bytes", name, maxFileBytes)
	}
	return string(b), nil
}

// ignoreMissing drops the errors of files that are not there (or not
// readable to this user): no limit can be read from them.
func ignoreMissing(err error) error {
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
		return nil
	}
	return err
}

func hasOption(list, name string) bool {
	for o := range strings.SplitSeq(list, ",") {
		if o == name {
			return true
		}
	}
	return false
}

// unescape undoes mountinfo's octal escapes (\040 for a space, and so on).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
