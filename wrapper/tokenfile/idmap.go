package tokenfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

// idMapHeader is the header of every id map.
var idMapHeader = []string{"source_id", "target_id"}

// idMarkPrefix starts the line that an import writes above the header of
// its id map, and ReadIDMap skips.
const idMarkPrefix = "# paymenttokens: "

// IDMapMark is the first line of the id map an import writes for the store
// with this digest: it tells that map from any other CSV of the same
// columns (a customer map above all) and from the map of an import into
// another store, neither of which an import replaces.
func IDMapMark(store string) string {
	return idMarkPrefix + "token id map of an import into the store " + store
}

// IDMap maps a source store's ids to a target store's ids.
type IDMap map[int32]int32

// ReadIDMap reads a CSV map with the header source_id,target_id (the form
// Import writes), refusing malformed rows, ids below 1 and a source_id given
// twice, with the file and line. It reads as token CSVs are read: the same
// caps and UTF-8 check, a BOM and spaces around header names allowed. A
// first line starting "# paymenttokens: ", which Import writes above the
// header of its id map, is skipped.
func ReadIDMap(path string) (IDMap, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: reading the id map: %w", err)
	}
	defer f.Close()
	r := newCSVReader(f)
	fail := func(line int, field string, err error) error {
		return &InputError{File: path, Line: line, Field: field, Err: err}
	}
	line, header, err := r.header()
	if err == nil && len(header) == 1 && strings.HasPrefix(header[0], strings.TrimSpace(idMarkPrefix)) {
		line, header, err = r.header()
	}
	if err == io.EOF || (err == nil && !slices.Equal(header, idMapHeader)) {
		return nil, fail(max(line, 1), "", errors.New("an id map starts with the header source_id,target_id"))
	}
	if err != nil {
		return nil, csvInputError(err, path, nil)
	}
	m := IDMap{}
	lines := map[int32]int{}
	for {
		line, row, err := r.next()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			return nil, csvInputError(err, path, idMapHeader)
		}
		if len(row) != len(idMapHeader) {
			return nil, fail(line, "", errors.New("want two cells per row: source_id,target_id"))
		}
		var ids [2]int32
		for i, cell := range row {
			n, err := strconv.ParseInt(strings.TrimSpace(cell), 10, 32)
			if err != nil || n < 1 {
				return nil, fail(line, idMapHeader[i], fmt.Errorf("want an id from 1 to %d, got %s", 1<<31-1, quoteShort(cell)))
			}
			ids[i] = int32(n)
		}
		if first, dup := lines[ids[0]]; dup {
			return nil, fail(line, "source_id", fmt.Errorf("source_id %d is already mapped on line %d; keep one row per source id", ids[0], first))
		}
		lines[ids[0]] = line
		m[ids[0]] = ids[1]
	}
}

// WriteIDMap writes m to path as CSV with the header source_id,target_id,
// rows in ascending source_id order, atomically (a temporary file in the
// same folder, synced, then renamed over path).
func WriteIDMap(path string, m IDMap) error {
	ids := make([]int32, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	f, err := safefile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := NewIDMapWriter(f, "")
	for _, id := range ids {
		w.Add(id, m[id])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// IDMapWriter writes an id map row by row.
type IDMapWriter struct{ csv *csv.Writer }

// NewIDMapWriter starts an id map on w: [IDMapMark] of the store with this
// digest (none when store is ""), then the header source_id,target_id.
func NewIDMapWriter(w io.Writer, store string) *IDMapWriter {
	iw := &IDMapWriter{csv: csv.NewWriter(w)}
	if store != "" {
		_ = iw.csv.Write([]string{IDMapMark(store)}) // errors surface at Flush
	}
	_ = iw.csv.Write(idMapHeader)
	return iw
}

// Add writes the row source,target; an error surfaces at Flush.
func (w *IDMapWriter) Add(source, target int32) {
	_ = w.csv.Write([]string{strconv.Itoa(int(source)), strconv.Itoa(int(target))})
}

// Flush writes what is buffered to the underlying writer.
func (w *IDMapWriter) Flush() error {
	w.csv.Flush()
	if err := w.csv.Error(); err != nil {
		return fmt.Errorf("paymenttokens: writing the id map: %w", err)
	}
	return nil
}
