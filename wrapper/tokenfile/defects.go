package tokenfile

import (
	"fmt"
	"strings"
)

// MaxDefects is how many defects of one file a check lists; it counts those
// past it (Defects.More), so that one run shows what to fix without
// printing a broken file whole.
const MaxDefects = 20

// Defects is every defect one pass found in a file, in the order found: a
// check goes on past a defect of one record, so that one run lists what
// to fix.
type Defects struct {
	// File is the path (or name) of the file.
	File string
	// List holds the first MaxDefects defects, each with its line and field.
	List []*InputError
	// More counts the defects found past MaxDefects.
	More int
}

// Add records one defect.
func (d *Defects) Add(e *InputError) {
	if len(d.List) < MaxDefects {
		d.List = append(d.List, e)
		return
	}
	d.More++
}

// Err is nil without a defect, the *InputError itself for one, and d for more.
func (d *Defects) Err() error {
	switch len(d.List) {
	case 0:
		return nil
	case 1:
		return d.List[0]
	}
	return d
}

// Count is how many defects were found.
func (d *Defects) Count() int { return len(d.List) + d.More }

// Error reads "paymenttokens: FILE: N defects: LINE: field FIELD: reason;
// ...", ending with how many more there are past MaxDefects.
func (d *Defects) Error() string {
	lines := make([]string, len(d.List))
	for i, e := range d.List {
		lines[i] = strings.TrimPrefix(e.Error(), "paymenttokens: ")
	}
	msg := fmt.Sprintf("paymenttokens: %s: %d defects: %s", d.File, d.Count(), strings.Join(lines, "; "))
	if d.More > 0 {
		msg += fmt.Sprintf("; and %d more (the first %d are listed)", d.More, MaxDefects)
	}
	return msg
}

// Unwrap gives the defects listed: errors.As finds the first *InputError.
func (d *Defects) Unwrap() []error {
	errs := make([]error, len(d.List))
	for i, e := range d.List {
		errs[i] = e
	}
	return errs
}
