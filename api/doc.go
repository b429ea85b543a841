// Package api is zhenggai's HTTP API: gin handlers that decode a request,
// call the library through small interfaces (Searcher, Records, Ingester,
// StatsReader) and encode the answer. It never imports bleve.
//
// # Basics
//
//	srv := api.New(api.Options{Backend: api.LibraryBackend(lib), Logger: log, APIKeys: keys})
//	http.Server{Handler: srv.Handler(), …}
//	…
//	httpServer.Shutdown(ctx); srv.Close(ctx); lib.Close()
//
// The engine is gin.New() with our own middleware: a request id
// (X-Request-ID, taken from the request when sane, echoed always), a slog
// access log (method, route, path without query, status, latency, bytes,
// client, request id; never a header, so never an API key), Prometheus
// metrics, JSON recovery (a panic answers 500 problem+json and the server
// stays up), trusted proxies set (none by default), a per-request context
// deadline (Options.RequestTimeout, 30 s; exports 10 min; event streams
// none). The request context reaches every library call.
//
// # Endpoints
//
//	GET    /                                   the web page (api/web); /?q=… opens it on that search
//	GET    /assets/{filepath}                  the page's CSS and JavaScript, embedded
//	GET    /healthz                            liveness
//	GET    /readyz                             200 once the library is open, 503 before
//	GET    /metrics                            Prometheus (own registry)
//	GET    /api/v1/openapi.json                the OpenAPI 3.0 document (openapi.yaml, embedded)
//	GET    /api/v1/measures/search             search: q unit round round_label theme year category body
//	                                           kind level group type term disclosure_id from to sort
//	                                           limit offset search_after facets facet_size highlight
//	GET    /api/v1/measures/{id}               one measure
//	GET    /api/v1/disclosures                 list: unit round round_label kind year limit offset
//	POST   /api/v1/disclosures                 upload, multipart field "file" (key)
//	GET    /api/v1/disclosures/{id}            one parsed disclosure
//	DELETE /api/v1/disclosures/{id}            delete (key)
//	GET    /api/v1/disclosures/{id}/original   the original file
//	GET    /api/v1/units | rounds | themes     reference lists with counts (units, rounds: limit offset)
//	GET    /api/v1/measures/{id}/similar       k (1–100) all_units
//	GET    /api/v1/analytics/compare|recurring|common   limit offset (pages of groups or entries)
//	GET    /api/v1/analytics/duplicates        threshold same_unit limit offset
//	POST   /api/v1/ingest/jobs                 {"paths": [...]} → 202 + Location (key)
//	GET    /api/v1/ingest/jobs/{id}            progress and per-file outcomes (key)
//	GET    /api/v1/ingest/jobs/{id}/events     server-sent events: "file" per file, then "summary" (key)
//	GET    /api/v1/export/measures.xlsx|csv    every hit of a search (package export), capped
//
// Defaults, echoed in every page: limit 20 (at most 100), offset 0 (at
// most 10,000; deeper pages use search_after = the response's
// next_search_after). Without q, hits come newest first; without facets,
// unit, round, theme and year are counted. Units, rounds and the analytics
// lists page by limit 100 (at most 1,000) and offset; duplicates by limit
// 50 (at most 500) and offset (at most 10,000), found within a memory
// bound (only offset+limit pairs are ever kept); every page echoes
// total, offset and limit.
//
// Every response carries X-Content-Type-Options: nosniff and a content
// security policy with frame-ancestors 'none' (the page's HTML its own,
// an original a sandbox). Every GET route but the event stream answers
// HEAD. Metrics label methods outside the standard nine as OTHER and
// unmatched paths as "unmatched". Ingest jobs read only inside
// Options.IngestRoots, symbolic links resolved, and only regular files;
// with no root they are refused. Readers never see an absolute server
// path (a stored absolute source path is shown by its base name).
//
// # Errors
//
// Every error is application/problem+json (RFC 9457):
//
//	{"type": "urn:zhenggai:problem:limit_out_of_range", "title": "Limit out of range", "status": 400,
//	 "detail": "limit 500 is outside 1–100", "code": "limit_out_of_range", "parameter": "limit",
//	 "request_id": "…", "instance": "/api/v1/measures/search"}
//
// The code is stable; errors.go holds the one table from code to status.
// Input is strict: unknown query parameters (400 unknown_parameter),
// repeated scalars, malformed numbers, dates and sorts (400
// invalid_parameter), a q beyond 1000 bytes (400 query_too_long), a q not
// UTF-8 (400 query_not_utf8) or of operators alone such as *, - or ""
// (400 query_without_terms; an empty q browses), a URL beyond 16 KiB (400
// url_too_long), more than 100 values of one parameter (400
// too_many_values), limit
// beyond 100 (400 limit_out_of_range), files beyond 50 MB or requests
// beyond 200 MB (413), more than 100 files (400 too_many_files). Limits
// never answer 500. Not found is 404 not_found (route_not_found for
// unknown routes), a wrong method 405 method_not_allowed. Writes without a
// key answer 401 unauthorized; with no key configured, 403
// writes_disabled. Timeouts and a library not yet open answer 503.
//
// # Caveats
//
//   - Ingest jobs run in the process; they are remembered (the last
//     Options.MaxJobs) only until it exits. Close cancels running ones.
//   - Event streams and ingest job routes need a key like every admin
//     route, so a browser's EventSource cannot open them directly.
//   - Analytics read every measure's theme tags to compute (memory grows
//     with the corpus, a few hundred bytes a measure); only their answers
//     are paged. The near-duplicate index likewise holds every measure's
//     shingles, but the pairs it finds are bounded by the page.
package api
