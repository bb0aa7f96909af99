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
			fmt.Fprintf(c.stdout, "%-14s %s\n", group.label, itemLine(it))
		}
	}
	if s.Equal {
		fmt.Fprintf(c.stdout, "diff %s: the file and the store hold the same %d tokens\n", s.File, res.Same)
		return
	}
	fmt.Fprintf(c.stdout, "diff %s: %d same, %d only in file, %d only in store, %d differing, %d ambiguous\n", s.File,
		res.Same, len(res.OnlyInFile), len(res.OnlyInStore), len(res.Differing), len(res.Ambiguous))
}

func runDiff(c *cli, args []string) error {
	var sf storeFlags
	var src sourceFlags
	fs := c.newStoreFlags("diff", "FILE",
		"Compares FILE with the store by key, ignoring PaymentTokenID and LastUpdate (the store assigns both),\n"+
			"and prints every difference; a field FILE leaves empty differs from a store that holds a value there.\n"+
			"It compares as import does: what it reports as differing, import --update rewrites. Sends reads only.\n"+
			"Exit status 0 when they match, 1 when they differ.", &sf)
	src.register(fs)
	pos, err := c.parse(fs, args, 1, 1, "FILE")
	if err != nil {
		return err
	}
	source, err := src.source(pos[0])
	if err != nil {
		return err
	}
	client, err := c.client(sf)
	if err != nil {
		return err
	}
	p := c.newProgress("diff")
	res, err := migrate.Diff(c.ctx, client, source, migrate.DiffOptions{Progress: p.update})
	p.finish(err)
	if isInputDefect(err) {
		return &usageError{msg: err.Error()}
	}
	if err != nil {
		return err
	}
	if fileTokens(res) == 0 && !c.quiet {
		c.noteLine("diff: the file holds no tokens: every token of the store is only in the store")
	}
	c.report(diffSummary{
		File: pos[0], Equal: res.Equal(), Same: res.Same,
		OnlyInFile: itemsJSON(res.OnlyInFile), OnlyInStore: itemsJSON(res.OnlyInStore),
		Differing: itemsJSON(res.Differing), Ambiguous: itemsJSON(res.Ambiguous), res: res,
	})
	if res.Equal() {
		return nil
	}
	c.next = "paymenttokens import " + pos[0] + " makes the store hold the file's tokens (--update rewrites the differing, --prune deletes those only in the store)"
	return errFailed
}

// fileTokens counts the file's tokens a diff saw.
func fileTokens(res *migrate.DiffResult) int {
	return res.Same + len(res.OnlyInFile) + len(res.Differing) + len(res.Ambiguous)
}
