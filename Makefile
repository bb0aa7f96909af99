# The whole check is `make check`; the demo on the built-in sandbox is `make demo`.
GO          ?= go
# The tools (oapi-codegen, staticcheck, benchstat) are pinned in their own
# module so that the library's go.mod does not require them; once downloaded
# they run offline.
TOOL        := $(GO) tool -modfile=.ci/tools/go.mod
MINGO       := $(shell sed -n 's/^go //p' go.mod)
BENCHCOUNT  ?= 10
BENCHTIME   ?= 300ms
BENCHDIR    ?= $(or $(TMPDIR),/tmp)/paymenttokens-bench
OGENDIR     := tests/bench/ogen
FUZZTIME    ?= 10s
SIZEDIR     ?= $(or $(TMPDIR),/tmp)/paymenttokens-size
PKGS        := ./...
# The CLI's release binaries: `make dist`; `make dist-check` builds them twice.
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
DISTDIR     ?= dist
PLATFORMS   := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
DISTCHECK   ?= $(or $(TMPDIR),/tmp)/paymenttokens-dist

.PHONY: check generate check-generate lint test test-min fuzz demo bench ogen size install dist dist-check

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
	cd $(OGENDIR) && $(GO) vet ./...

# The nested benchmark module too, so that a change to the library that
# breaks it shows here rather than in make bench.
test:
	$(GO) test -race -count=1 $(PKGS)
	cd $(OGENDIR) && $(GO) test -count=1 ./...

# Builds and tests with the oldest Go that go.mod allows (downloaded
# once by the go command), without -race and fuzzing, which `test` covers.
test-min:
	GOTOOLCHAIN=go$(MINGO) $(GO) build $(PKGS)
	GOTOOLCHAIN=go$(MINGO) $(GO) test -count=1 $(PKGS)

# Runs every fuzz target for a bounded time on top of its committed seed corpus.
# A target that fails without writing a failing input (the engine's own
# time-out on a loaded machine) runs once more; a finding always fails.
fuzz:
	@$(GO) list -f '{{.Dir}}' $(PKGS) | while read -r dir; do \
		for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
			echo "fuzz $$target in $$dir for $(FUZZTIME)"; \
			(cd $$dir && for try in 1 2; do \
				found=$$(ls testdata/fuzz/$$target 2>/dev/null | wc -l); \
				$(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZTIME) . && exit 0; \
				test "$$(ls testdata/fuzz/$$target 2>/dev/null | wc -l)" = "$$found" && test $$try = 1 || exit 1; \
				echo "$$target stopped without a failing input (the fuzzing engine timed out under load): once more"; \
			done) || exit 1; \
		done; \
	done

# The lifecycle on the built-in sandbox; read-only against a real store when
# THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY and THREEDCART_TOKEN are set.
demo:
	$(GO) run ./tests/demo

# Interleaved: each round runs every benchmark once (-count 1, short), so
# that the machine's drift hits every implementation alike; benchstat
# summarizes the rounds, cpu-ns/op being the figure least moved by other
# work on the machine. Targets: List500 wrapper <= 1.10x ogen; ManyStores <= 1.5
# connections per request in flight; AllPeakHeap 100k/10k <= 1.2; bulk jobs
# and imports <= 1.05x the ideal at the rate limit (plus one settle window
# with gateway timeouts); 2, 4 and 8 clients on one store <= 1.25x the ideal
# with <= 5 % 429s alone, <= 1.05x with no 429 through Redis.
bench:
	@mkdir -p $(BENCHDIR) && rm -f $(BENCHDIR)/*.txt
	$(GO) test -c -o $(BENCHDIR)/bench.test ./tests/bench/
	cd $(OGENDIR) && $(GO) test -c -o $(BENCHDIR)/ogen.test .
	@for i in $$(seq $(BENCHCOUNT)); do \
		echo "round $$i of $(BENCHCOUNT)"; \
		$(BENCHDIR)/bench.test -test.run '^$$' -test.bench 'Get|List500|Create|UpdateMany500|All10k' -test.benchmem -test.benchtime $(BENCHTIME) -test.count 1 >> $(BENCHDIR)/baseline.txt || exit 1; \
		$(BENCHDIR)/ogen.test -test.run '^$$' -test.bench 'List500|Decode500' -test.benchmem -test.benchtime $(BENCHTIME) -test.count 1 >> $(BENCHDIR)/ogen.txt || exit 1; \
	done
	$(TOOL) benchstat -col "/impl@(baseline wrapper generated)" $(BENCHDIR)/baseline.txt
	$(TOOL) benchstat -col "/impl@(ogen wrapper encoding-json json-experiment goccy segmentio)" $(BENCHDIR)/ogen.txt
	$(BENCHDIR)/bench.test -test.run '^$$' -test.bench 'ManyStores|OneStoreConnections' -test.benchtime 1x | grep -E '^Benchmark'
	$(BENCHDIR)/bench.test -test.run '^$$' -test.bench 'AllPeakHeap' -test.benchtime 3x -test.v | grep -E 'peak|^Benchmark'
	$(BENCHDIR)/bench.test -test.run '^$$' -test.bench 'BulkAtRateLimit' -test.benchtime 1x | grep -E '^Benchmark'
	$(BENCHDIR)/bench.test -test.run '^$$' -test.bench 'UncoordinatedClients|ClientsSharingRedis|ThousandStoresThroughRedis' -test.benchtime 1x | grep -E '^Benchmark'
	$(BENCHDIR)/bench.test -test.run '^$$' -test.bench 'ImportAtRateLimit|ImportWithGatewayTimeouts|ImportPeakHeap|ImportBulkCreate' -test.benchtime 1x | grep -E '^Benchmark'
	$(GO) test -run '^$$' -bench 'CheckMemory|RereadMemory' -benchtime 1x ./wrapper/migrate/ | grep -E '^Benchmark'

# Regenerates the ogen peer of the benchmarks (a nested module, so that
# ogen stays out of the library's module graph) from api/openapi.yaml.
ogen:
	$(GO) run ./tests/bench/jsononly api/openapi.yaml > $(OGENDIR)/.openapi.json
	cd $(OGENDIR) && $(GO) tool ogen -config ogen.yml -package oas -target oas -clean .openapi.json; \
		status=$$?; rm -f .openapi.json; exit $$status

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

# Installs the CLI into $(go env GOBIN), else $(go env GOPATH)/bin, with
# the clone's `git describe` as its version.
install:
	$(GO) install -ldflags="-X main.version=$(VERSION)" ./cmd/paymenttokens

# The CLI for every platform of PLATFORMS, reproducibly: no cgo, trimmed
# paths, no build id, the version stamped into main.version (which wins
# over the build info's module version), and SHA256SUMS in sha256sum's format.
dist:
	@rm -rf $(DISTDIR) && mkdir -p $(DISTDIR)
	@for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; test $$os = windows && ext=.exe; \
		out=$(DISTDIR)/paymenttokens_$(VERSION)_$${os}_$${arch}$$ext; echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath \
			-ldflags="-s -w -buildid= -X main.version=$(VERSION)" -o $$out ./cmd/paymenttokens || exit 1; \
	done
	@cd $(DISTDIR) && if command -v sha256sum >/dev/null; then sha256sum paymenttokens_*; \
		else shasum -a 256 paymenttokens_*; fi > SHA256SUMS
	@echo "$(DISTDIR)/SHA256SUMS"

# Builds dist twice (the second with an empty build cache) into two
# directories, requires identical bytes, and verifies SHA256SUMS.
dist-check:
	@rm -rf $(DISTCHECK) && mkdir -p $(DISTCHECK)
	$(MAKE) --no-print-directory dist DISTDIR=$(DISTCHECK)/a VERSION=$(VERSION)
	GOCACHE=$(DISTCHECK)/cache $(MAKE) --no-print-directory dist DISTDIR=$(DISTCHECK)/b VERSION=$(VERSION)
	diff -r $(DISTCHECK)/a $(DISTCHECK)/b && echo "the two builds are identical"
	cd $(DISTCHECK)/a && sha256sum -c SHA256SUMS
	@rm -rf $(DISTCHECK)
