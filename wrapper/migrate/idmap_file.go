package migrate

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
)

// idMapHeader is the header of every id map.
var idMapHeader = []string{"source_id", "target_id"}

func readIDMap(path string) (IDMap, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: reading the id map: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = len(idMapHeader)
	fail := func(line int, field string, err error) error {
		return &InputError{File: path, Line: line, Field: field, Err: err}
	}
	header, err := r.Read()
	if err != nil || !slices.Equal(header, idMapHeader) {
		return nil, fail(1, "", errors.New("an id map starts with the header source_id,target_id"))
	}
	m := IDMap{}
	lines := map[int32]int{}
	for {
		row, err := r.Read()
		if err == io.EOF {
			return m, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fail(pe.Line, "", errors.New("want two cells per row: source_id,target_id"))
		}
		if err != nil {
			return nil, fmt.Errorf("paymenttokens: reading %s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		var ids [2]int32
		for i, cell := range row {
			n, err := strconv.ParseInt(cell, 10, 32)
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

func writeIDMap(path string, m IDMap) error {
	ids := make([]int32, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	w, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer w.abort()
	cw := csv.NewWriter(w)
	_ = cw.Write(idMapHeader)
	for _, id := range ids {
		_ = cw.Write([]string{strconv.Itoa(int(id)), strconv.Itoa(int(m[id]))})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("paymenttokens: writing the id map: %w", err)
	}
	return w.commit()
}
