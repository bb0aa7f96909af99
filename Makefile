# The whole check is `make check`; the demo on the built-in sandbox is `make demo`.
GO          ?= go
# The tools (oapi-codegen, staticcheck, benchstat) are pinned in their own
# module so that the library's go.mod does not require them; once downloaded
# they run offline.
TOOL        := $(GO) tool -modfile=.ci/tools/go.mod
MINGO       := $(shell sed -n 's/^go //p' go.mod)
BENCHCOUNT  ?= 6
BENCHOUT    ?= $(or $(TMPDIR),/tmp)/paymenttokens-bench.txt
FUZZTIME    ?= 10s
SIZEDIR     ?= $(or $(TMPDIR),/tmp)/paymenttokens-size
PKGS        := ./...

.PHONY: check generate check-generate lint test test-min fuzz demo bench size

check: check-generate lint test fuzz

generate:
	$(GO) generate $(PKGS)

# Regenerates into the tree and fails when gen/ differs from what is committed.
check-generate: generate
	@git diff --exit-code --stat -- gen/ || { echo "gen/ is stale: run 'make generate' and commit the result"; exit 1; }
	@test -z "$$(git status --porcelain -- gen/)" || { git status --porcelain -- gen/; echo "gen/ has untracked files: run 'make generate' and commit the result"; exit 1; }

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt would change: $$out"; exit 1; }
	$(GO) vet $(PKGS)
	$(TOOL) staticcheck $(PKGS)

test:
	$(GO) test -race -count=1 $(PKGS)

# Builds and tests with the oldest Go that go.mod allows (downloaded
# once by the go command), without -race and fuzzing, which `test` covers.
test-min:
	GOTOOLCHAIN=go$(MINGO) $(GO) build $(PKGS)
	GOTOOLCHAIN=go$(MINGO) $(GO) test -count=1 $(PKGS)

# Runs every fuzz target for a bounded time on top of its committed seed corpus.
fuzz:
	@$(GO) list -f '{{.Dir}}' $(PKGS) | while read -r dir; do \
		for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
			echo "fuzz $$target in $$dir for $(FUZZTIME)"; \
			(cd $$dir && $(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZTIME) .) || exit 1; \
		done; \
	done

# The lifecycle on the built-in sandbox; read-only against a real store when
# THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY and THREEDCART_TOKEN are set.
demo:
	$(GO) run ./tests/demo

# Wrapper vs baseline side by side (benchstat, one run), the peak live heap of
# All at 10 000 and 100 000 tokens, and bulk jobs at a scaled rate limit.
bench:
	$(GO) test -run '^$$' -bench 'Get|List500|Create|UpdateMany500|All10k' -benchmem -count $(BENCHCOUNT) ./tests/bench/ | tee $(BENCHOUT)
	$(TOOL) benchstat -col "/impl@(baseline wrapper generated)" $(BENCHOUT)
	$(GO) test -run '^$$' -bench 'AllPeakHeap' -benchtime 3x -v ./tests/bench/ | grep -E 'peak|^Benchmark'
	$(GO) test -run '^$$' -bench 'BulkAtRateLimit' -benchtime 1x ./tests/bench/ | grep -E '^Benchmark'

# The size of the smallest program using the wrapper (New and Count) beside
# the same request made with net/http and encoding/json only.
size:
	@mkdir -p $(SIZEDIR)
	@for p in nethttp wrapper; do $(GO) build -o $(SIZEDIR)/$$p ./tests/bench/size/$$p || exit 1; done
	@$(GO) version
	@base=$$(wc -c < $(SIZEDIR)/nethttp); for p in nethttp wrapper; do \
		size=$$(wc -c < $(SIZEDIR)/$$p); \
		awk -v p=$$p -v s=$$size -v b=$$base 'BEGIN { printf "%-8s %10d bytes  %.3fx\n", p, s, s / b }'; \
	done
