// Package web holds the embedded web page: static HTML, CSS and JavaScript
// written by hand, with no build step and no third-party or remote assets,
// so the page works on an isolated intranet.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var files embed.FS

// Assets returns the page's files: index.html, app.js, app.css.
func Assets() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	return sub
}

// Index returns index.html.
func Index() []byte {
	b, err := fs.ReadFile(Assets(), "index.html")
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}
