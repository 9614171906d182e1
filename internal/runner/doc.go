// Package runner runs the benchmark suite and saves a results file.
//
// The contract with the bench/<family> packages:
//
//   - Every package under bench/ has a test binary, from package workers:
//     built once from source (`go list ./bench/...`, then one `go test -c`)
//     in a clone with Go, or unpacked from the archive embedded in a
//     binary from make dist (no Go, no clone); either way into a new
//     temporary directory, removed when the run ends. It is started once,
//     as a worker (package benchmain: its TestMain calls benchmain.Run),
//     with the package directory (the source's, or the unpacked copy's) as
//     working directory, so testdata/ is found:
//
//     pkg.test -test.run '^$' -test.timeout 10m -test.v=test2json   (LATENCY_WORKER=1)
//
//     and answers each command with events, one JSON record a line
//     (benchmain.Event): result and configuration lines as go test prints
//     them, skips and failures with their reasons, then "done".
//
//   - The run is a series of rounds, one per sample (profile "default": 10
//     rounds, benchtime 100ms; "quick": 6 rounds, 20ms). Each round sends
//     every top-level benchmark to its worker once, in a new shuffled order:
//     "run 1 100ms ^BenchmarkX$". Chart-only benchmarks with fewer samples
//     (overrides) take part in rounds spread over the run. A package's setup
//     (scratch file, rings, servers) is done in its first round and kept.
//     `make test` runs every benchmark once with -benchtime=1x, no worker.
//
//   - Before each sample's results the runner writes a line benchfmt and
//     benchstat ignore: "# sample round=N bench=pkg.Name" and the noise
//     monitor's fields (what else the machine did meanwhile, package noise).
//     The core clock is estimated at the start of every round
//     (cpu-clock-ghz-by-round).
//
//   - The environment tells a benchmark what the user asked for:
//     LATENCY_PROFILE  test | quick | default (unset means default sizes; make
//     test sets "test" so benchmarks may shrink files and buffers)
//     LATENCY_SCRATCH  directory for the storage rows' scratch file
//     LATENCY_PEER     host:port of a `latency echo` server for peer mode
//
//   - A benchmark that cannot measure on this machine calls
//     benchmain.Skipf(b, ...) with the reason, which hands it to the worker
//     as it is; the worker sends it as a skip event, and the runner records
//     "skip-<Name>: <reason>" as a configuration line and the report shows
//     the reason in the row. A failure's message (its b.Fatal log lines, or
//     a dead worker's last line of stderr) is recorded as "fail-<Name>".
//
//   - Results are plain `go test -bench` output; the runner prepends machine
//     facts as "key: value" configuration lines (package machine), which
//     suite measured (suite-version, suite-commit, and workers: built or
//     embedded), and benchfmt "Unit" lines saying which way is better for
//     every unit.
//
//   - A worker dies with its runner (Linux: parent-death signal) or when its
//     standard input closes; binaries left by a killed run are removed by the
//     next one.
package runner
