package migrate

// IDMap maps a source store's ids to a target store's ids.
type IDMap map[int32]int32

// ReadIDMap reads a CSV map with the header source_id,target_id (the form
// Import writes), refusing malformed rows, ids below 1 and a source_id given
// twice, with the file and line.
func ReadIDMap(path string) (IDMap, error) {
	return readIDMap(path)
}

// WriteIDMap writes m to path as CSV with the header source_id,target_id,
// rows in ascending source_id order, atomically (a temporary file in the
// same folder, synced, then renamed over path).
func WriteIDMap(path string, m IDMap) error {
	return writeIDMap(path, m)
}
