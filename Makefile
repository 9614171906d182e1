# Each target is a one-line alias for a command you could type yourself.
GO ?= go

.PHONY: bench bench-quick test cross report compare fuzz readme

bench:        ## run the whole suite (~3 min), save results/, print the report
	$(GO) run ./cmd/latency run -profile $(or $(PROFILE),default)

bench-quick:  ## the quick profile (< 1 min)
	$(GO) run ./cmd/latency run -profile quick

report:       ## the report of the newest results file (FORMAT=markdown|json|csv)
	$(GO) run ./cmd/latency report -format $(or $(FORMAT),text)

test:         ## unit tests, then every benchmark once
	$(GO) vet ./...
	$(GO) test ./...
	LATENCY_PROFILE=test $(GO) test -run '^$$' -bench . -benchtime 1x ./bench/...

cross:        ## build and vet every platform, darwin test binaries, linux/arm64 benchmarks once under qemu-user
	./scripts/cross.sh

compare:      ## two runs side by side, B tested against A (default: the two newest in results/), FORMAT=
	$(GO) run ./cmd/latency compare -format $(or $(FORMAT),text) $(or $(strip $(A) $(B)),$(shell ls -t results/*.txt 2>/dev/null | head -n 2 | tac))

fuzz:         ## fuzz the results reader, report and comparison (FUZZTIME=60s)
	$(GO) test -run '^$$' -fuzz '^FuzzReport$$' -fuzztime $(or $(FUZZTIME),60s) -fuzzminimizetime 5s ./internal/report

readme:       ## put the newest results file's report and charts into README.md
	./scripts/readme-report.sh
