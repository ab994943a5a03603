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
	$(GO) test ./rule -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./asset -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./inventory -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME)
	$(GO) test ./compliance -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./exception -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./iac/terraform -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./iac/cloudformation -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./iac/tfplan -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./iac/arm -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./iac/arm -run '^$$' -fuzz '^FuzzExpression$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./iac/kubernetes -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./iac/ignore -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s

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
