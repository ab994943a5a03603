// Package frameworks embeds cloudward's built-in compliance frameworks:
// one <id>.yaml file per framework (format in docs/compliance.md).
package frameworks

import "embed"

//go:embed *.yaml
var files embed.FS

// FS is the embedded frameworks directory (files at its root).
func FS() embed.FS { return files }
