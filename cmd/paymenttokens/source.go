package main

import (
	"flag"
	"os"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// sourceFlags say how to read a token file (import and diff).
type sourceFlags struct {
	format, key, customerMap, orderMap string
}

func (sf *sourceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.format, "format", "", "the file's `FORMAT`, jsonl or csv (default: from its extension, .jsonl/.ndjson or .csv)")
	fs.StringVar(&sf.key, "key", "", "comma-separated `FIELDS` that identify a token across stores\n(default GatewayID,CustomerProfileID,PaymentProfileID)")
	fs.StringVar(&sf.customerMap, "customer-map", "", "CSV `FILE` source_id,target_id: rewrite each CustomerID through it (0 passes through)")
	fs.StringVar(&sf.orderMap, "order-map", "", "CSV `FILE` source_id,target_id: rewrite each OrderID through it (0 passes through)")
}

// parseFile parses the flags and the one FILE of a command that reads a
// token file, and checks FILE with the source flags (source).
func (c *cli) parseFile(fs *flag.FlagSet, args []string, sf *sourceFlags) (string, migrate.Source, error) {
	pos, err := c.parse(fs, args, 1, 1, "FILE")
	if err != nil {
		return "", migrate.Source{}, err
	}
	src, err := sf.source(pos[0])
	return pos[0], src, err
}

// source checks the file and the flags before any request: a missing file,
// an unknown format or key field, or an unreadable map is a usage error.
func (sf *sourceFlags) source(path string) (migrate.Source, error) {
	src := migrate.Source{Path: path}
	if err := checkFile(path); err != nil {
		return src, err
	}
	var err error
	if sf.format != "" {
		src.Format, err = tokenfile.ParseFormat(sf.format)
		if err != nil {
			return src, usageFrom("--format", err)
		}
	} else if src.Format, err = tokenfile.FormatOf(path); err != nil {
		return src, usageFrom("", err)
	}
	if sf.key != "" {
		if src.Key, err = tokenfile.ParseKey(sf.key); err != nil {
			return src, usageFrom("--key", err)
		}
	}
	if src.CustomerMap, err = readMap("--customer-map", sf.customerMap); err != nil {
		return src, err
	}
	src.OrderMap, err = readMap("--order-map", sf.orderMap)
	return src, err
}

// readMap reads an id map given by flag; nil when the flag is not set.
func readMap(flag, path string) (tokenfile.IDMap, error) {
	if path == "" {
		return nil, nil
	}
	if err := checkFile(path); err != nil {
		return nil, usageFrom(flag, err)
	}
	m, err := tokenfile.ReadIDMap(path)
	if err != nil {
		return nil, usageFrom(flag, err)
	}
	return m, nil
}

// checkFile refuses a path that is not a readable regular file: a folder,
// and a named pipe or a device too, whose reading could block or never end.
func checkFile(path string) error {
	info, err := os.Stat(path)
	switch {
	case os.IsNotExist(err):
		return usagef("file %s does not exist", path)
	case err != nil:
		return usagef("cannot read %s: %v", path, err)
	case info.IsDir():
		return usagef("%s is a directory; give a file", path)
	case !info.Mode().IsRegular():
		return usagef("%s is not a regular file (a named pipe or a device); give a file", path)
	}
	return nil
}

// maps returns the paths of the id maps the import reads, which its
// journal and id map must not overwrite.
func (sf *sourceFlags) maps() []string {
	var paths []string
	for _, p := range []string{sf.customerMap, sf.orderMap} {
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths
}
