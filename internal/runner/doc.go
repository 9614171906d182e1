// Package runner runs the benchmark suite and saves a results file.
//
// The contract with the bench/<family> packages:
//
//   - Every package under bench/ is discovered with `go list ./bench/...`;
//     its test binary is built once (`go test -c`) and run once per top-level
//     Benchmark function, with the package directory as working directory
//     (so testdata/ is found):
//
//     pkg.test -test.run '^$' -test.bench '^BenchmarkX$' -test.count N -test.benchtime T -test.v
//
//     Profiles: "default" count=10 benchtime=100ms; "quick" count=6
//     benchtime=20ms; chart-only benchmarks may be shortened (overrides).
//     `make test` runs every benchmark once with -benchtime=1x.
//
//   - The environment tells a benchmark what the user asked for:
//     LATENCY_PROFILE  test | quick | default (unset means default sizes; make
//     test sets "test" so benchmarks may shrink files and buffers)
//     LATENCY_SCRATCH  directory for the storage rows' scratch file
//     LATENCY_PEER     host:port of a `latency echo` server for peer mode
//
//   - A benchmark that cannot measure on this machine calls b.Skipf with the
//     reason; the runner records "skip-<Name>: <reason>" as a configuration
//     line and the report shows the reason in the row.
//
//   - Results are plain `go test -bench` output; the runner prepends machine
//     facts as "key: value" configuration lines (package machine).
package runner
