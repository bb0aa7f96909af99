package main

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
)

// maxReportBytes bounds a --probe report: a real one is a few KB.
const maxReportBytes = 1 << 20

// probeFlags are import's flags that use what a probe learned.
type probeFlags struct {
	report     string // --probe: the report file
	bulkCreate int    // --bulk-create: creates per request
}

// checkBulkCreate refuses, before any request, a --bulk-create out of range
// or without the --probe report that must prove it.
func (pf probeFlags) checkBulkCreate() error {
	switch {
	case pf.bulkCreate == 0:
		return nil
	case pf.bulkCreate < 1 || pf.bulkCreate > wrapper.MaxLimit:
		return usagef("--bulk-create %d: want 1 to %d creates per request", pf.bulkCreate, wrapper.MaxLimit)
	case pf.report == "":
		return usagef("--bulk-create needs --probe FILE, a probe report of this store that says POST takes an array " +
			"(the vendor does not document it): run 'paymenttokens probe --write --out FILE' against the store first")
	}
	return nil
}

// paths returns the probe report's path, which the journal and the id map
// must not overwrite.
func (pf probeFlags) paths() []string {
	if pf.report == "" {
		return nil
	}
	return []string{pf.report}
}

// adapt reads the --probe report and sets in opts what it proves about the
// store client works on: the page cap, whether PUT merges, and creates in
// arrays when --bulk-create asks for them. A report of another store, or
// one that does not prove what --bulk-create needs, is refused before any
// request. It returns the lines that say what was adapted.
func (pf probeFlags) adapt(client *wrapper.Client, opts *migrate.ImportOptions) ([]string, error) {
	if pf.report == "" {
		return nil, nil
	}
	if err := checkFile(pf.report); err != nil {
		return nil, usageFrom("--probe", err)
	}
	data, err := safefile.ReadCapped(pf.report, maxReportBytes)
	if err != nil {
		return nil, usagef("--probe %s: %v; give the file probe --out wrote (a few KB)", pf.report, err)
	}
	rep, err := probe.ParseReport(data)
	if err != nil {
		return nil, usageFrom("--probe "+pf.report, err)
	}
	if rep.Store != client.StoreDigest() {
		return nil, usagef("--probe %s: the report is of another store than this import's (check --env-file; "+
			"or probe this store: paymenttokens probe --write --out FILE)", pf.report)
	}
	f := rep.Facts
	var notes []string
	if f.PageCapExact && f.PageCap > 0 && f.PageCap < wrapper.MaxLimit {
		opts.PageSize = f.PageCap
		notes = append(notes, fmt.Sprintf("pages of %d tokens (the store's cap)", f.PageCap))
	}
	switch f.PUTMerges {
	case probe.Yes:
		opts.PUTMerges = true
		notes = append(notes, "PUT merges: a field the file leaves empty cannot be cleared, and such tokens are reported, never left stale")
	case probe.Unknown, "":
		if opts.Update {
			notes = append(notes, "whether PUT merges is not known (probe with --write to learn it): an emptied field may stay as it was")
		}
	}
	if pf.bulkCreate > 0 {
		if f.ArrayCreate != probe.Yes {
			return nil, usagef("--bulk-create: the probe report %s does not show that this store's POST takes an array "+
				"(it says %q; a probe with --write asks): leave out --bulk-create to create one token per request", pf.report, cmp.Or(string(f.ArrayCreate), "not asked"))
		}
		opts.BulkCreate = pf.bulkCreate
		notes = append(notes, fmt.Sprintf("creates in arrays of up to %d (the probe saw POST take an array)", pf.bulkCreate))
	}
	if len(notes) == 0 {
		notes = append(notes, "nothing to adapt: the store behaves as assumed")
	}
	return []string{"import: from the probe report " + pf.report + ": " + strings.Join(notes, "; ")}, nil
}
