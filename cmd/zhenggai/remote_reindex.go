package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/zhenggai/zhenggai/api"
)

// reindexRemote rebuilds the index of the server holding the folder
// through its API (a key is needed), following the rebuild to its end.
func reindexRemote(ctx context.Context, e *env, r *remote) error {
	if r.apiKey == "" {
		return r.refuseWrite("reindex")
	}
	resp, err := r.do(ctx, http.MethodPost, "/api/v1/reindex", nil, nil, "")
	if err != nil {
		return err
	}
	var st api.ReindexStatus
	err = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&st)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("read the answer of %s: %w", r.name(), err)
	}
	var bar *progress
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for st.State == api.ReindexRunning {
		if bar == nil && st.Total > 0 {
			bar = newProgress(e.stderr, "reindex", st.Total)
		}
		for bar != nil && bar.done < st.Done {
			bar.step("")
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("reindex through %s: %w (the server goes on rebuilding)", r.name(), ctx.Err())
		case <-tick.C:
		}
		if err := r.getJSON(ctx, "/api/v1/reindex", nil, &st); err != nil {
			return err
		}
	}
	if bar != nil {
		for bar.done < st.Done {
			bar.step("")
		}
		bar.finish()
	}
	if st.State == api.ReindexFailed {
		return fmt.Errorf("reindex through %s failed: %s", r.name(), st.Error)
	}
	fmt.Fprintf(e.stderr, "index rebuilt from the store by %s: %d disclosures\n", r.name(), st.Total)
	return nil
}
