package migrate

// Source is a token file and how to read it, for Import and Diff.
type Source struct {
	// Path is the file to read.
	Path string
	// Format is the file's format; 0 picks it from the extension (FormatOf).
	Format Format
	// Key lists the fields that identify a token; nil means DefaultKey().
	Key []string
	// CustomerMap, when not nil, rewrites every CustomerID through it; a
	// token whose CustomerID is not in it fails (not written). CustomerID 0
	// means "no customer" and passes through unchanged.
	CustomerMap IDMap
	// OrderMap does the same for OrderID (0 passes through too).
	OrderMap IDMap
}
