package api

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestOpenAPISecurity checks that the document declares security the way
// linters want it: a global requirement (the key) and, on every open route,
// an explicit empty one; admin routes name the key schemes.
func TestOpenAPISecurity(t *testing.T) {
	b, err := OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Security []map[string][]string                                           `json:"security"`
		Paths    map[string]map[string]struct{ Security *[]map[string][]string } `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Security) == 0 {
		t.Error("no global security requirement")
	}
	param := regexp.MustCompile(`[:*]([a-z_]+)`)
	for _, rt := range New(Options{}).routes() {
		p := param.ReplaceAllString(rt.path, "{$1}")
		op, ok := doc.Paths[p][strings.ToLower(rt.method)]
		if !ok {
			continue // TestRoutesDocumented reports it
		}
		switch {
		case op.Security == nil:
			t.Errorf("%s %s declares no security", rt.method, p)
		case rt.admin && len(*op.Security) == 0:
			t.Errorf("%s %s needs a key but declares security: []", rt.method, p)
		case !rt.admin && len(*op.Security) != 0:
			t.Errorf("%s %s is open but declares %v", rt.method, p, *op.Security)
		}
	}
}
