package migrate

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
)

// chunkBytes is how many bytes of the token file one digest covers: the
// write pass holds one chunk at a time, and the check pass keeps one
// 32-byte digest per chunk (32 KiB for a 1 GB file).
const chunkBytes = 1 << 20

// chunkSums digests, chunk by chunk, the bytes the check pass reads.
type chunkSums struct {
	h    hash.Hash
	sums [][sha256.Size]byte
	n    int   // bytes in the current chunk
	size int64 // bytes in all
}

func newChunkSums() *chunkSums { return &chunkSums{h: sha256.New()} }

// Write digests p, sealing every chunk it fills.
func (c *chunkSums) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		k := min(len(p), chunkBytes-c.n)
		c.h.Write(p[:k])
		c.n += k
		c.size += int64(k)
		p = p[k:]
		if c.n == chunkBytes {
			c.seal()
		}
	}
	return total, nil
}

// end seals the last, partial chunk once the whole file was read.
func (c *chunkSums) end() {
	if c.n > 0 {
		c.seal()
	}
}

func (c *chunkSums) seal() {
	c.sums = append(c.sums, [sha256.Size]byte(c.h.Sum(nil)))
	c.h.Reset()
	c.n = 0
}

// verified reads again, through the descriptor the check pass read, the
// bytes that pass checked, and hands out a chunk only once its digest is
// the one the check pass took: the write pass parses exactly what was
// checked. Before each chunk (and at the end) it also requires the file to
// have its checked size and its path to name it still, so that a file that
// grew, shrank or was replaced is found at once. err keeps the first
// failure: a record the parser completes after it may be cut short.
type verified struct {
	f    *os.File
	path string
	sums *chunkSums
	buf  []byte // the current chunk, verified
	off  int    // how much of buf was read
	next int    // the index of the next chunk
	err  error
}

func newVerified(f *os.File, path string, sums *chunkSums) *verified {
	return &verified{f: f, path: path, sums: sums}
}

// Read hands out verified bytes, io.EOF after the last checked one.
func (v *verified) Read(p []byte) (int, error) {
	if v.off == len(v.buf) {
		if v.err == nil {
			v.err = v.fill()
		}
		if v.err != nil {
			return 0, v.err
		}
	}
	n := copy(p, v.buf[v.off:])
	v.off += n
	return n, nil
}

// failure is the error that stopped the reading, io.EOF aside.
func (v *verified) failure() error {
	if errors.Is(v.err, io.EOF) {
		return nil
	}
	return v.err
}

// fill reads and verifies the next chunk.
func (v *verified) fill() error {
	if err := v.same(); err != nil {
		return err
	}
	if v.next == len(v.sums.sums) {
		return io.EOF
	}
	at := int64(v.next) * chunkBytes
	if v.buf == nil {
		v.buf = make([]byte, chunkBytes)
	}
	v.buf, v.off = v.buf[:min(chunkBytes, v.sums.size-at)], 0
	if _, err := v.f.ReadAt(v.buf, at); err != nil && !errors.Is(err, io.EOF) {
		return while(err, "reading %s again", v.path)
	} else if err != nil || sha256.Sum256(v.buf) != v.sums.sums[v.next] {
		return sourceChanged(v.path, fmt.Sprintf("its bytes from offset %d on differ from those checked", at))
	}
	v.next++
	return nil
}

// same refuses a file whose size is not the checked one, or whose path
// now names another file or none.
func (v *verified) same() error {
	st, err := v.f.Stat()
	if err != nil {
		return while(err, "reading %s again", v.path)
	}
	if st.Size() != v.sums.size {
		return sourceChanged(v.path, fmt.Sprintf("it is %d bytes long now, %d when it was checked", st.Size(), v.sums.size))
	}
	if now, err := os.Stat(v.path); err != nil || !os.SameFile(st, now) {
		return sourceChanged(v.path, "it was moved, removed or replaced by another file")
	}
	return nil
}

// sourceChanged says how the token file at path changed since it was checked.
func sourceChanged(path, how string) error {
	return fmt.Errorf("paymenttokens: %s: %w: %s", path, ErrSourceChanged, how)
}
