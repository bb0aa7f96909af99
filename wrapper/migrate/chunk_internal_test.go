package migrate

// ChunkBytes is chunkBytes, for the tests of package migrate_test: how many
// bytes of the token file the write pass verifies at a time.
const ChunkBytes = chunkBytes
