package accuracy

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/zhenggai/zhenggai/corpus"
)

// Run reads every document a folder's expectations name (see Load) with
// loader and reports the verdicts. A document that cannot be read counts as
// unread, its stated fields as missing; only a bad expectations file, a
// file named outside the folder, or the context stops the run.
func Run(ctx context.Context, loader *corpus.Loader, dir string) (*Report, error) {
	exps, err := Load(dir)
	if err != nil {
		return nil, err
	}
	r := &Report{}
	for _, e := range exps {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("measure accuracy: %w", err)
		}
		if !filepath.IsLocal(e.File) {
			return nil, fmt.Errorf("measure accuracy: %q is not a file inside %s", e.File, dir)
		}
		res := loader.File(ctx, filepath.Join(dir, e.File))
		if res.Outcome == corpus.OutcomeFailed {
			r.AddUnread(e, res.Err)
			continue
		}
		if err := r.Add(e, res.Disclosure); err != nil {
			return nil, err
		}
	}
	return r, nil
}
