# Each target is a one-line alias for a command you could type yourself.
GO ?= go

.PHONY: bench bench-quick test cross report compare fuzz readme stability dist image

# LATENCY_STARTED makes the run's time budget count the build of the
# command too (go run compiles it before it starts).
bench:        ## run the whole suite (< 3 min, build included), save results/, print the report
	LATENCY_STARTED=$$(date +%s) $(GO) run ./cmd/latency run -profile $(or $(PROFILE),default)

bench-quick:  ## the quick profile (< 1 min)
	LATENCY_STARTED=$$(date +%s) $(GO) run ./cmd/latency run -profile quick

# report and compare start with @ so that make does not echo the command into
# their output: `make report FORMAT=json > r.json` is JSON.
report:       ## the report of the newest results file (FORMAT=markdown|json|csv|html)
	@$(GO) run ./cmd/latency report -format $(or $(FORMAT),text)

test:         ## unit tests (-short: fast, no side effects), then the integration tests, then every benchmark once
	$(GO) vet ./...
	$(GO) test -short ./...
	$(GO) test ./...
	LATENCY_PROFILE=test $(GO) test -run '^$$' -bench . -benchtime 1x ./bench/...

cross:        ## build and vet every platform, darwin test binaries, linux/arm64 benchmarks once and the arm64 dist file's quick profile under qemu-user
	./scripts/cross.sh

compare:      ## two runs side by side, B tested against A (default: the two newest in results/), FORMAT=
	@$(GO) run ./cmd/latency compare -format $(or $(FORMAT),text) $(A) $(B)

fuzz:         ## fuzz the results reader, report and comparison (FUZZTIME=60s)
	$(GO) test -run '^$$' -fuzz '^FuzzReport$$' -fuzztime $(or $(FUZZTIME),60s) -fuzzminimizetime 5s ./internal/report

readme:       ## put the newest results file's card, estimate examples, report and charts into README.md
	./scripts/readme-report.sh

stability:    ## run the suite twice back to back, then check the two runs agree (latency stability)
	$(GO) run ./cmd/latency run -profile $(or $(PROFILE),default) -charts=false >/dev/null && $(GO) run ./cmd/latency run -profile $(or $(PROFILE),default) -charts=false >/dev/null && $(GO) run ./cmd/latency stability

dist:         ## dist/latency-{linux,darwin}-{amd64,arm64}: one file each, the benchmarks inside, that runs with no Go and no clone (linux: statically linked)
	$(GO) run ./scripts/dist

image:        ## dist/latency-image.tar: an OCI image FROM scratch of the linux/amd64 file (docker load, podman load)
	$(GO) run ./scripts/dist linux/amd64 && $(GO) run ./scripts/image -o dist/latency-image.tar dist/latency-linux-amd64
