//go:build embedworkers

package workers

import _ "embed"

// embedded is the workers' archive (Pack's format) that make dist writes
// for the target before building the latency binary with -tags
// embedworkers.
//
//go:embed payload/workers.tar.zst
var embedded []byte
