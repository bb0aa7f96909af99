package tokenfile

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format is a token file format.
type Format int

// The token file formats.
const (
	// JSONL is JSON Lines: one token object per line.
	JSONL Format = iota + 1
	// CSV has a header row of field names and one token per row.
	CSV
)

// String returns "jsonl" or "csv".
func (f Format) String() string {
	switch f {
	case JSONL:
		return "jsonl"
	case CSV:
		return "csv"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat reads a format name: "jsonl" (or "ndjson") or "csv", in any case.
func ParseFormat(name string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "jsonl", "ndjson":
		return JSONL, nil
	case "csv":
		return CSV, nil
	}
	return 0, fmt.Errorf("paymenttokens: unknown file format %q: use jsonl or csv", name)
}

// FormatOf picks the format from a file name's extension: .jsonl or
// .ndjson for JSONL, .csv for CSV.
func FormatOf(path string) (Format, error) {
	ext := filepath.Ext(path)
	f, err := ParseFormat(strings.TrimPrefix(ext, "."))
	if err != nil {
		return 0, fmt.Errorf("paymenttokens: cannot tell the format of %q from its extension %q: name it .jsonl or .csv, or give the format", path, ext)
	}
	return f, nil
}

// check rejects a Format that is not one of the constants.
func (f Format) check() error {
	if f != JSONL && f != CSV {
		return fmt.Errorf("paymenttokens: %v is not a file format: use tokenfile.JSONL or tokenfile.CSV", f)
	}
	return nil
}
