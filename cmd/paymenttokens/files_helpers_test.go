package main

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// snapshot reads everything under dir: each file's content, each symlink's
// target and each folder, by path relative to dir. Equal snapshots show
// that a run changed no byte and left no file behind.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			files[rel] = "symlink to " + target
			return err
		case d.IsDir():
			files[rel] = "folder"
		default:
			data, err := os.ReadFile(path)
			files[rel] = string(data)
			return err
		}
		return nil
	}))
	return files
}

// methodCounts counts a sandbox's requests by method.
type methodCounts struct {
	mu sync.Mutex
	by map[string]int
}

func (m *methodCounts) count(method string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.by[method]
}

// writes counts the requests that can change the store.
func (m *methodCounts) writes() int {
	return m.count(http.MethodPost) + m.count(http.MethodPut) + m.count(http.MethodDelete)
}

// countedSandbox starts a sandbox seeded with tokens whose requests are
// counted by method, then given to fault (when not nil). It returns the
// sandbox, the environment pointing the command at it, the counts, and a
// function that waits until no request is being handled.
func countedSandbox(t *testing.T, fault sandbox.FaultFunc, tokens ...wrapper.PaymentToken) (*sandbox.Server, map[string]string, *methodCounts, func()) {
	t.Helper()
	n := &methodCounts{by: map[string]int{}}
	sb := sandbox.New(sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		n.mu.Lock()
		n.by[r.Method]++
		n.mu.Unlock()
		if fault != nil {
			return fault(r)
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	sb.Seed(tokens...)
	baseURL, quiesce := serveCounted(t, sb)
	creds := sb.Credentials()
	env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: baseURL}
	return sb, env, n, quiesce
}
