package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// statsTimeout bounds the store and index counts taken at each scrape.
const statsTimeout = 5 * time.Second

// metrics are the server's Prometheus metrics, in a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "zhenggai", Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "zhenggai", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "HTTP request latency, by route pattern, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120},
		}, []string{"route", "method", "status"}),
	}
	m.reg.MustRegister(m.requests, m.latency, &libraryCollector{s: s},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// methodLabel is the method label of a request: the standard methods by
// name, any other as OTHER, so that clients cannot grow the label set.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "OTHER"
}

// observe records one answered request. route is a route template of the
// table or "unmatched", never a request's path; method is labelled by
// methodLabel.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	method = methodLabel(method)
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, code).Inc()
	m.latency.WithLabelValues(route, method, code).Observe(d.Seconds())
}

// libraryCollector reports what the store and the index hold, read at
// scrape time, and the ingest jobs running.
type libraryCollector struct{ s *Server }

func gaugeDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc("zhenggai_"+name, help, nil, nil)
}

func (lc *libraryCollector) descs() []*prometheus.Desc {
	return []*prometheus.Desc{
		gaugeDesc("store_disclosures", "Disclosures in the store."),
		gaugeDesc("store_measures", "Measures in the store."),
		gaugeDesc("index_measures", "Measures in the search index."),
		gaugeDesc("index_disclosures", "Disclosures in the search index."),
		gaugeDesc("store_units", "Distinct units in the store."),
		gaugeDesc("store_rounds", "Distinct rounds in the store."),
		gaugeDesc("ready", "1 when the library is open and answers, else 0."),
		gaugeDesc("ingest_jobs_running", "Ingest jobs running."),
	}
}

// Describe implements prometheus.Collector.
func (lc *libraryCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range lc.descs() {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (lc *libraryCollector) Collect(ch chan<- prometheus.Metric) {
	d := lc.descs()
	gauge := func(i int, v float64) { ch <- prometheus.MustNewConstMetric(d[i], prometheus.GaugeValue, v) }
	gauge(7, float64(lc.s.jobs.running()))
	b := lc.s.backend.Load()
	if b == nil {
		gauge(6, 0)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
	defer cancel()
	st, err := b.Stats.Stats(ctx)
	if err != nil {
		gauge(6, 0)
		return
	}
	gauge(6, 1)
	for i, v := range []int{st.Disclosures, st.Measures, st.Indexed, st.IndexedDisclosures, st.Units, st.Rounds} {
		gauge(i, float64(v))
	}
}
