package extract

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk calls fn for every file below roots: a root that is a file is passed
// whatever its extension; folders are walked recursively in lexical order,
// passing the files Supported accepts and skipping hidden folders (names
// starting with "."). Symbolic links to files are followed, links to
// folders are not. A path reached twice is passed once. Walk stops at the
// first error of fn, of the file system or of ctx.
func Walk(ctx context.Context, roots []string, fn func(path string) error) error {
	seen := map[string]bool{}
	visit := func(p string) error {
		if seen[p] {
			return nil
		}
		seen[p] = true
		return fn(p)
	}
	for _, root := range roots {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("walk %s: %w", root, err)
		}
		st, err := os.Stat(root)
		if err != nil {
			return fmt.Errorf("walk %s: %w", root, err)
		}
		if !st.IsDir() {
			if err := visit(filepath.Clean(root)); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("walk %s: %w", p, err)
			}
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("walk %s: %w", p, err)
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !Supported(p) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				st, err := os.Stat(p)
				if err != nil || !st.Mode().IsRegular() {
					return nil // a dangling link or a link to a folder
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			return visit(p)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
