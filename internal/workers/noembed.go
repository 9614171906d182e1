//go:build !embedworkers

package workers

// embedded is empty: without the embedworkers tag the workers are built
// from source.
var embedded []byte
