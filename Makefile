# cloudward — common tasks. `make help` lists them.

GO      ?= go
BIN     ?= bin/cloudward
FUZZTIME ?= 5s

.PHONY: help demo build test test-deps vet unit fuzz-short docs docs-check bench bench-engine clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

demo: ## scan the bundled example inventory
	$(GO) run ./cmd/cloudward scan snapshot examples/demo-inventory.jsonl

build: ## build bin/cloudward
	$(GO) build -o $(BIN) ./cmd/cloudward

test: test-deps vet unit docs-check fuzz-short ## the whole test suite (what CI runs)

test-deps: ## install what tests need beyond Go (the moto AWS emulator, into .cache/)
	scripts/test-deps.sh

vet: ## go vet and gofmt
	$(GO) vet ./...
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit: ## unit and integration tests
	$(GO) test -count=1 ./...

fuzz-short: ## run each parser fuzzer briefly
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./rule FuzzParse
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./asset FuzzDecode
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./inventory FuzzRead
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./compliance FuzzParse
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./exception FuzzParse
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/terraform FuzzLoad -fuzzminimizetime 2s
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/cloudformation FuzzParse -fuzzminimizetime 2s
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/tfplan FuzzParse -fuzzminimizetime 2s
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/arm FuzzParse -fuzzminimizetime 2s
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/arm FuzzExpression -fuzzminimizetime 2s
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/kubernetes FuzzParse -fuzzminimizetime 2s
	GO=$(GO) FUZZTIME=$(FUZZTIME) scripts/fuzz.sh ./iac/ignore FuzzParse -fuzzminimizetime 2s

docs: ## regenerate docs/assets and docs/rules from the schemas, rules and frameworks
	$(GO) run ./cmd/cloudward dev gen-docs

docs-check: ## fail when generated docs are stale
	$(GO) run ./cmd/cloudward dev gen-docs --check

bench-engine: ## engine micro-benchmarks (cost per rule × asset)
	$(GO) test ./engine -run '^$$' -bench . -benchtime 2s -count 3

bench: build ## end-to-end: scan 1,000,000 generated assets (bench/scan.sh)
	bench/scan.sh 1000000

clean:
	rm -rf bin bench/out
