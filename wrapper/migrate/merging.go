package migrate

import (
	"fmt"
	"strings"
)

// unclearable says which of the changes an update cannot make on a store
// whose PUT merges (ImportOptions.PUTMerges): those that clear a field,
// empty in the file and set in the store. It returns "" when there is none
// (always so for changes compared without the empty file fields).
func unclearable(changes []FieldDiff) string {
	var names []string
	for _, c := range changes {
		if c.File == "" {
			names = append(names, c.Field)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("not written: the target's PUT merges (it keeps every field a PUT leaves empty), so an update cannot clear %s (empty in the file, set in the store); clear it in the store another way, or fill it in the file",
		strings.Join(names, ", "))
}
