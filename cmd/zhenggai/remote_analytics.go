package main

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// The analytics commands through a running server: the same API answers,
// printed as the commands print what they compute themselves.

// pageValues are the limit and offset parameters of a listing.
func pageValues(pg *page) url.Values {
	return url.Values{"limit": {strconv.Itoa(pg.Limit)}, "offset": {strconv.Itoa(pg.Offset)}}
}

// compareRemote is compare through the server.
func compareRemote(ctx context.Context, e *env, r *remote, by string, units, rounds []string, pg *page, extra url.Values, asJSON bool) error {
	v := pageValues(pg)
	for k, xs := range extra {
		v[k] = xs
	}
	v.Set("by", by)
	v.Set("measure_ids", strconv.Itoa(api.MaxCellIDs)) // every id, as the command lists them
	if len(units) > 0 {
		v.Set("units", strings.Join(units, ","))
	}
	if len(rounds) > 0 {
		v.Set("rounds", strings.Join(rounds, ","))
	}
	var res struct {
		analytics.Comparison
		page
		Ranking   []analytics.GroupRanking `json:"ranking"`
		Selection library.Selection        `json:"selection"`
	}
	if err := r.getJSON(ctx, "/api/v1/analytics/compare", v, &res); err != nil {
		return err
	}
	if asJSON {
		return newJSON(e.stdout).Encode(res)
	}
	writeComparison(e.stdout, res.Comparison)
	if len(res.Groups) > 0 {
		writeRanking(e.stdout, res.Ranking, res.MinZ)
	}
	res.page.note(e.stdout, "groups")
	return nil
}

// recurringRemote is recurring through the server: its recurring and
// common routes.
func recurringRemote(ctx context.Context, e *env, r *remote, minRounds, minUnits int, pg *page, asJSON bool) error {
	var rec struct {
		analytics.Recurrences
		page
	}
	var com struct {
		analytics.Commonalities
		page
	}
	v := pageValues(pg)
	v.Set("min_rounds", strconv.Itoa(minRounds))
	v.Set("measure_ids", strconv.Itoa(api.MaxEntryIDs)) // every id, as the command lists them
	if err := r.getJSON(ctx, "/api/v1/analytics/recurring", v, &rec); err != nil {
		return err
	}
	v = pageValues(pg)
	v.Set("min_units", strconv.Itoa(minUnits))
	v.Set("measure_ids", strconv.Itoa(api.MaxEntryIDs))
	if err := r.getJSON(ctx, "/api/v1/analytics/common", v, &com); err != nil {
		return err
	}
	// The command computing them itself leaves the counts out.
	for i := range rec.Recurring {
		rec.Recurring[i].MeasureCount = 0
	}
	for i := range com.Common {
		com.Common[i].MeasureCount = 0
	}
	if asJSON {
		return newJSON(e.stdout).Encode(struct {
			analytics.Recurrences
			analytics.Commonalities
			RecurringTotal int `json:"recurring_total"`
			CommonTotal    int `json:"common_total"`
			Offset         int `json:"offset"`
			Limit          int `json:"limit"`
		}{rec.Recurrences, com.Commonalities, rec.Total, com.Total, pg.Offset, pg.Limit})
	}
	writeRecurring(e.stdout, rec.Recurrences, com.Commonalities, minRounds, minUnits, rec.Total, com.Total)
	rp, cp := *pg, *pg
	rp.Total, cp.Total = rec.Total, com.Total
	rp.note(e.stdout, "recurring themes")
	cp.note(e.stdout, "common themes")
	return nil
}

// similarRemote is similar through the server.
func similarRemote(ctx context.Context, e *env, r *remote, id string, k int, allUnits, asJSON bool) error {
	var res pairsResult
	v := url.Values{"k": {strconv.Itoa(k)}, "all_units": {strconv.FormatBool(allUnits)}}
	if err := r.getJSON(ctx, "/api/v1/measures/"+url.PathEscape(id)+"/similar", v, &res); err != nil {
		return err
	}
	if res.Pairs == nil {
		res.Pairs = []library.MeasurePair{}
	}
	if asJSON {
		return newJSON(e.stdout).Encode(res)
	}
	writeSimilar(e.stdout, id, res.Pairs, allUnits)
	return nil
}

// duplicatesRemote is duplicates through the server.
func duplicatesRemote(ctx context.Context, e *env, r *remote, threshold float64, sameUnit bool, limit, offset int, asJSON bool) error {
	var res pairsPage
	v := url.Values{"threshold": {strconv.FormatFloat(threshold, 'g', -1, 64)}, "same_unit": {strconv.FormatBool(sameUnit)},
		"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
	if err := r.getJSON(ctx, "/api/v1/analytics/duplicates", v, &res); err != nil {
		return err
	}
	if res.Pairs == nil {
		res.Pairs = []library.MeasurePair{}
	}
	if asJSON {
		return newJSON(e.stdout).Encode(pairsPage{Total: res.Total, Offset: offset, Limit: limit, Pairs: res.Pairs})
	}
	writeDuplicates(e.stdout, library.DuplicatePage{Total: res.Total, Pairs: slices.Clip(res.Pairs)}, offset, threshold, sameUnit)
	return nil
}
