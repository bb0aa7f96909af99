package main

import (
	"fmt"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

func runDiff(c *cli, args []string) error {
	var sf storeFlags
	var src sourceFlags
	fs := c.newStoreFlags("diff", "FILE [--key FIELDS] [--customer-map FILE] [--order-map FILE]",
		"Compares FILE with the store by key, ignoring PaymentTokenID and LastUpdate (the store assigns both),\n"+
			"and prints every difference. Sends reads only. Exit status 0 when they match, 1 when they differ.", &sf)
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
	for _, group := range []struct {
		label string
		items []migrate.Item
	}{{"only in file", res.OnlyInFile}, {"only in store", res.OnlyInStore}, {"differs", res.Differing}, {"ambiguous", res.Ambiguous}} {
		for _, it := range group.items {
			fmt.Fprintf(c.stdout, "%-14s %s\n", group.label, itemLine(it))
		}
	}
	if res.Equal() {
		fmt.Fprintf(c.stdout, "diff %s: the file and the store hold the same %d tokens\n", pos[0], res.Same)
		return nil
	}
	fmt.Fprintf(c.stdout, "diff %s: %d same, %d only in file, %d only in store, %d differing, %d ambiguous\n", pos[0],
		res.Same, len(res.OnlyInFile), len(res.OnlyInStore), len(res.Differing), len(res.Ambiguous))
	return errFailed
}
