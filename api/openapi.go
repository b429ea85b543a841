package api

import (
	_ "embed"
	"fmt"

	"github.com/goccy/go-yaml"
)

// openAPIYAML is the hand-written OpenAPI 3.0 document of every route.
//
//go:embed openapi.yaml
var openAPIYAML []byte

// OpenAPIYAML returns the OpenAPI document as written.
func OpenAPIYAML() []byte { return openAPIYAML }

// OpenAPIJSON returns the OpenAPI document as JSON, as served at
// /api/v1/openapi.json.
func OpenAPIJSON() ([]byte, error) {
	b, err := yaml.YAMLToJSON(openAPIYAML)
	if err != nil {
		return nil, fmt.Errorf("convert openapi.yaml: %w", err)
	}
	return b, nil
}
