package main

import (
	"fmt"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

func runExport(c *cli, args []string) error {
	var sf storeFlags
	var out, format string
	fs := c.newStoreFlags("export", "[-o FILE] [--format jsonl|csv]",
		"Writes every token of the store, page by page, as JSON Lines (default) or CSV with the API's field names.\n"+
			"Without -o the tokens go to stdout; with -o the file is replaced only when the export succeeds (the export\n"+
			"goes to a temporary file next to it, renamed at the end; one that a killed export left is removed by the next).", &sf)
	fs.StringVar(&out, "o", "", "write to `FILE` (mode 0600) instead of stdout")
	fs.StringVar(&format, "format", "", "`FORMAT`: jsonl or csv (default: from the extension of -o, else jsonl)")
	if _, err := c.parse(fs, args, 0, 0, ""); err != nil {
		return err
	}
	f, err := exportFormat(out, format)
	if err != nil {
		return err
	}
	client, err := c.client(sf)
	if err != nil {
		return err
	}
	p := c.newProgress("export")
	var n int
	if out == "" {
		n, err = migrate.Export(c.ctx, client, c.stdout, migrate.ExportOptions{Format: f, Progress: p.update})
	} else {
		n, err = migrate.ExportFile(c.ctx, client, out, migrate.ExportOptions{Format: f, Progress: p.update})
	}
	p.finish(err)
	if err != nil {
		return err
	}
	if !c.quiet && out != "" {
		fmt.Fprintf(c.stderr, "export: %d tokens written to %s\n", n, out)
	}
	return nil
}

// exportFormat is --format, else the format of -o's extension, else JSON
// Lines. A --format that contradicts a known extension is refused.
func exportFormat(out, flag string) (migrate.Format, error) {
	byExt, extErr := migrate.FormatOf(out)
	if flag == "" {
		if out == "" || extErr != nil {
			return migrate.JSONL, nil
		}
		return byExt, nil
	}
	f, err := migrate.ParseFormat(flag)
	if err != nil {
		return 0, usageFrom("--format", err)
	}
	if out != "" && extErr == nil && byExt != f {
		return 0, usagef("--format %s contradicts the extension of -o %s; name the file .%s or drop --format", f, out, f)
	}
	return f, nil
}
