// Command searchlat times the page's search on one or more running zhenggai
// servers with the same queries, taking turns, so two builds can be compared
// on one corpus and one machine: the latency the client sees (p50, p90,
// p99) and, for a server on this machine, its CPU time per query.
//
//	searchlat -texts measures.txt -queries 1000 -rounds 3 \
//	    http://127.0.0.1:18001=PID1 http://127.0.0.1:18002=PID2
//
// Queries are 2–6 character pieces of the given measure texts (one per line),
// drawn as `zhenggai bench` draws them; each is sent as the page sends it
// (default facets, highlights).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhenggai/zhenggai/corpus/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "searchlat:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("searchlat", flag.ContinueOnError)
	texts := fs.String("texts", "", "measure texts, one per line (required)")
	n := fs.Int("queries", 1000, "queries per round")
	rounds := fs.Int("rounds", 3, "rounds; each round asks every server every query")
	extra := fs.String("params", "", "extra query parameters, e.g. &facets=")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *texts == "" || fs.NArg() == 0 {
		return errors.New("usage: searchlat -texts FILE URL[=PID] ...")
	}
	lines, err := readLines(*texts, 64<<20)
	if err != nil {
		return err
	}
	qs := pieces(lines, *n)
	if len(qs) == 0 {
		return fmt.Errorf("no query pieces in %s", *texts)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	for r := range *rounds {
		for _, target := range fs.Args() {
			base, pid, _ := strings.Cut(target, "=")
			c0, _ := cpuSeconds(pid)
			lat := make([]float64, 0, len(qs))
			for _, q := range qs {
				start := time.Now()
				if err := ask(client, base+"/api/v1/measures/search?q="+url.QueryEscape(q)+*extra); err != nil {
					return fmt.Errorf("%s: %q: %w", base, q, err)
				}
				lat = append(lat, float64(time.Since(start).Microseconds())/1000)
			}
			slices.Sort(lat)
			line := fmt.Sprintf("round %d %s: p50 %.2f p90 %.2f p99 %.2f ms", r, base,
				lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)*99/100])
			if c1, err := cpuSeconds(pid); err == nil && pid != "" {
				line += fmt.Sprintf(", server CPU %.2f ms/query", (c1-c0)*1000/float64(len(qs)))
			}
			fmt.Fprintln(out, line)
		}
	}
	return nil
}

func ask(client *http.Client, u string) error {
	res, err := client.Get(u)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(res.Body, 16<<20)); err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", res.StatusCode)
	}
	return nil
}

func readLines(path string, limit int64) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read texts: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(io.LimitReader(f, limit))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read texts %s: %w", path, err)
	}
	return out, nil
}

// pieces draws n pieces of 2–6 characters as zhenggai bench does.
func pieces(texts []string, n int) []string { return synth.Pieces(texts, n, 7, 11) }

// cpuSeconds reads a local process's user+system CPU time from /proc.
func cpuSeconds(pid string) (float64, error) {
	if pid == "" {
		return 0, errors.New("no pid")
	}
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 > len(s) {
		return 0, errors.New("unexpected stat")
	}
	f := strings.Fields(s[i+2:])
	if len(f) < 13 {
		return 0, errors.New("unexpected stat")
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (u + st) / 100, nil
}
