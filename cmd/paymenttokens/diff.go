package main

import (
	"fmt"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// diffSummary is diff's result.
type diffSummary struct {
	// File is the token file compared.
	File string `json:"file"`
	// Equal is true when the file and the store hold the same tokens.
	Equal bool `json:"equal"`
	// Same counts the keys whose tokens agree.
	Same int `json:"same"`
	// OnlyInFile are the file's tokens whose key the store lacks.
	OnlyInFile []itemJSON `json:"only_in_file"`
	// OnlyInStore are the store's tokens whose key the file lacks.
	OnlyInStore []itemJSON `json:"only_in_store"`
	// Differing are the keys in both whose fields differ, with the changes.
	Differing []itemJSON `json:"differing"`
	// Ambiguous are the file's tokens whose key several store tokens hold.
	Ambiguous []itemJSON `json:"ambiguous"`

	res *migrate.DiffResult
}

func (s diffSummary) printText(c *cli) {
	res := s.res
	for _, group := range []struct {
		label string
		items []migrate.Item
	}{{"only in file", res.OnlyInFile}, {"only in store", res.OnlyInStore}, {"differs", res.Differing}, {"ambiguous", res.Ambiguous}} {
		for _, it := range group.items {
			fmt.Fprintf(c.io.out, "%-14s %s\n", group.label, itemLine(it))
		}
	}
	if s.Equal {
		fmt.Fprintf(c.io.out, "diff %s: the file and the store hold the same %d tokens\n", s.File, res.Same)
		return
	}
	fmt.Fprintf(c.io.out, "diff %s: %d same, %d only in file, %d only in store, %d differing, %d ambiguous\n", s.File,
		res.Same, len(res.OnlyInFile), len(res.OnlyInStore), len(res.Differing), len(res.Ambiguous))
}

// diffOptions are what diff is asked to compare.
type diffOptions struct {
	store  storeFlags
	source sourceFlags
	file   string         // FILE
	tokens migrate.Source // FILE, as the source flags read it
}

// parseDiff reads diff's flags and checks FILE, before any request.
func parseDiff(c *cli, args []string) (*diffOptions, error) {
	o := &diffOptions{}
	fs := c.newStoreFlags("diff", "FILE",
		"Compares FILE with the store by key, ignoring PaymentTokenID and LastUpdate (the store assigns both),\n"+
			"and prints every difference; a field FILE leaves empty differs from a store that holds a value there.\n"+
			"It compares as import does: what it reports as differing, import --update rewrites. Sends reads only.\n"+
			"Exit status 0 when they match, 1 when they differ.", &o.store)
	o.source.register(fs)
	var err error
	if o.file, o.tokens, err = c.parseFile(fs, args, &o.source); err != nil {
		return nil, err
	}
	return o, nil
}

// diffRun compares the file with the store and reports the differences.
func diffRun(c *cli, o *diffOptions) error {
	client, err := c.client(o.store)
	if err != nil {
		return err
	}
	p := c.newProgress("diff", client)
	res, err := migrate.Diff(c.ctx, client, o.tokens, migrate.DiffOptions{Progress: p.update})
	p.finish(err)
	if isInputDefect(err) {
		return &usageError{msg: err.Error(), err: err}
	}
	if err != nil {
		return err
	}
	if fileTokens(res) == 0 && !c.flags.quiet {
		c.io.noteLine("diff: the file holds no tokens: every token of the store is only in the store")
	}
	c.report(diffSummary{
		File: o.file, Equal: res.Equal(), Same: res.Same,
		OnlyInFile: itemsJSON(res.OnlyInFile), OnlyInStore: itemsJSON(res.OnlyInStore),
		Differing: itemsJSON(res.Differing), Ambiguous: itemsJSON(res.Ambiguous), res: res,
	})
	if res.Equal() {
		return nil
	}
	c.doc.next = "paymenttokens import " + shellWord(o.file) + o.source.args() + o.store.args() +
		" makes the store hold the file's tokens (--update rewrites the differing, --prune deletes those only in the store)"
	return failedf("the file and the store differ (listed on stdout); %s", c.doc.next)
}

// fileTokens counts the file's tokens a diff saw.
func fileTokens(res *migrate.DiffResult) int {
	return res.Same + len(res.OnlyInFile) + len(res.Differing) + len(res.Ambiguous)
}
