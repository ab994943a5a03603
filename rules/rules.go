// Package rules embeds cloudward's built-in rule library: one folder per
// rule under <provider>/<service>/<slug>/ holding rule.yaml and its
// testdata/pass, testdata/fail (and optional testdata/unknown) fixtures.
package rules

import (
	"embed"
	"io/fs"

	"cloudward/rule"
)

//go:embed all:aws all:kubernetes all:azure
var library embed.FS

// FS is the embedded library.
func FS() fs.FS { return library }

// Builtin loads the built-in rules. Paths in messages are shown relative
// to the repository (rules/aws/...).
func Builtin() ([]*rule.Rule, []error) {
	return rule.Load(library, ".", "builtin", func(p string) string { return "rules/" + p })
}
