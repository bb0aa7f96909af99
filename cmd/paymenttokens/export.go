package main

import (
	"errors"
	"fmt"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// exportSummary is export's result.
type exportSummary struct {
	// File is the file written (-o); empty when the tokens went to stdout.
	File string `json:"file"`
	// Format is the file's format: "jsonl" or "csv".
	Format string `json:"format"`
	// Tokens is how many tokens were written.
	Tokens int `json:"tokens"`
}

func (s exportSummary) printText(c *cli) {
	if !c.flags.quiet && s.File != "" {
		fmt.Fprintf(c.io.errOut, "export: %d tokens written to %s\n", s.Tokens, s.File)
	}
}

// exportOptions are what export is asked to do.
type exportOptions struct {
	store  storeFlags
	output string           // --output; empty for stdout
	format tokenfile.Format // --format, else from --output's extension
}

// parseExport reads export's flags, refusing bad ones before any request.
func parseExport(c *cli, args []string) (*exportOptions, error) {
	o := &exportOptions{}
	var format string
	fs := c.newStoreFlags("export", "",
		"Writes every token of the store, page by page, as JSON Lines (default) or CSV with the API's field names.\n"+
			"Without --output the tokens go to stdout; with it the file is replaced only when the export succeeds (the\n"+
			"export goes to a temporary file next to it, renamed at the end; one that a killed export left is removed by\n"+
			"the next), and only when it is empty or an earlier export: any other file is refused before any request.\n"+
			"An earlier export that an import still needs is refused too: one whose journal (FILE.journal) a running\n"+
			"import holds, records creates not settled, or was written for the store being exported. An empty store\n"+
			"does not replace a file holding tokens (refused after the listing). Export to another path instead.\n"+
			"--json needs --output: stdout carries either the tokens or the summary.", &o.store)
	c.stringFlag(fs, &o.output, "output", "o", "write to `FILE` (mode 0600) instead of stdout")
	fs.StringVar(&format, "format", "", "`FORMAT`: jsonl or csv (default: from the extension of --output, else jsonl)")
	if _, err := c.parse(fs, args, 0, 0, ""); err != nil {
		return nil, err
	}
	if o.output == "-" { // the usual name of stdout
		o.output = ""
	}
	if c.flags.json && o.output == "" {
		return nil, usagef("--json needs --output FILE: without it the tokens go to stdout")
	}
	f, err := exportFormat(o.output, format)
	if err != nil {
		return nil, err
	}
	o.format = f
	return o, nil
}

// exportRun writes the store's tokens where o says.
func exportRun(c *cli, o *exportOptions) error {
	client, err := c.client(o.store)
	if err != nil {
		return err
	}
	p := c.newProgress("export", client)
	var n int
	if o.output == "" {
		n, err = migrate.Export(c.ctx, client, c.io.out, migrate.ExportOptions{Format: o.format, Progress: p.update})
	} else {
		n, err = migrate.ExportFile(c.ctx, client, o.output, migrate.ExportOptions{Format: o.format, Progress: p.update})
	}
	p.finish(err)
	if errors.Is(err, migrate.ErrPathRefused) {
		return usageFrom("--output", err) // refused before any request, or before any write when the store is empty
	}
	if err != nil {
		return err
	}
	if n == 0 && !c.flags.quiet {
		c.io.noteLine("export: the store holds no tokens: the output has none")
	}
	c.report(exportSummary{File: o.output, Format: o.format.String(), Tokens: n})
	return nil
}

// exportFormat is --format, else the format of --output's extension, else
// JSON Lines. A --format that contradicts a known extension is refused.
func exportFormat(out, flag string) (tokenfile.Format, error) {
	byExt, extErr := tokenfile.FormatOf(out)
	if flag == "" {
		if out == "" || extErr != nil {
			return tokenfile.JSONL, nil
		}
		return byExt, nil
	}
	f, err := tokenfile.ParseFormat(flag)
	if err != nil {
		return 0, usageFrom("--format", err)
	}
	if out != "" && extErr == nil && byExt != f {
		return 0, usagef("--format %s contradicts the extension of --output %s; name the file .%s or drop --format", f, out, f)
	}
	return f, nil
}
