# drapi: the two commands a newcomer needs are `go run ./cmd/drapi --sandbox customers list`
# and `make test`. Everything here runs with only Go installed.

GO ?= go
BASE ?= origin/main
BREAKING_FLAGS ?=

# GENERATED lists what go generate writes: the public models in gen/, and the
# request builders and strict server only drapi's own packages use.
GENERATED := gen internal/genclient internal/genserver

.PHONY: all generate check-generate check-importer vet test bench check-breaking

all: test

## generate: regenerate gen/ and internal/gen*/ from openapi.yaml (run after every change to the contract)
generate:
	$(GO) generate ./...

## check-generate: fail when the generated code or go.mod is not what openapi.yaml and the code make them (changes nothing)
check-generate:
	@tmp=$$(mktemp -d) && tar cf "$$tmp/before.tar" $(GENERATED) && \
	if ! $(GO) generate ./...; then \
		msg="go generate failed (see above): fix openapi.yaml or the *.cfg.yaml files"; \
	else \
		mkdir "$$tmp/before" && tar xf "$$tmp/before.tar" -C "$$tmp/before" && \
		for d in $(GENERATED); do \
			diff -rq "$$tmp/before/$$d" "$$d" || msg="the generated code is not what openapi.yaml and the *.cfg.yaml files make (a contract change not regenerated, or a hand edit): run 'make generate' and commit $(GENERATED)."; \
		done; \
	fi; \
	rm -rf $(GENERATED) && tar xf "$$tmp/before.tar" && rm -rf "$$tmp"; \
	if [ -n "$$msg" ]; then echo "$$msg"; exit 1; fi
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit them."; exit 1; }

## check-importer: fail when a module importing client gets more than 6 requirements in its go.mod
check-importer:
	@GO=$(GO) bash .ci/check-importer

## vet: go vet and gofmt
vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## test: everything CI runs
test: check-generate check-importer vet
	$(GO) test -race ./...

## bench: the speed and memory benchmarks, compared as ratios within one run
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## check-breaking: report contract changes since BASE (a git ref) that would break clients; BREAKING_FLAGS=--format=github in CI
check-breaking:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	if ! git show "$(BASE):openapi.yaml" > "$$tmp/openapi.yaml"; then \
		echo "check-breaking: no openapi.yaml at $(BASE): set BASE to a git ref, as in make check-breaking BASE=origin/main"; exit 2; \
	fi && \
	$(GO) run ./cmd/drapi breaking $(BREAKING_FLAGS) "$$tmp/openapi.yaml" openapi.yaml
