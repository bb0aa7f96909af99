package probe_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// waitFor polls cond every 10 ms for at most 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("after 5s: %s", what)
}

// TestAnInterruptedProbeLeavesItsCreateToTheNextRun cancels the probe while
// its first create is in the store's hands: the create lands after the
// probe gave up on it, so the probe keeps it in its journal, and the next
// run finds it by its key and removes it.
func TestAnInterruptedProbeLeavesItsCreateToTheNextRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	sb, c := oneTokenStore(t, sandbox.WithBehaviour(sandbox.Behaviour{CreateDelay: 200 * time.Millisecond}),
		sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
			if r.Method == http.MethodPost {
				cancel() // the create is sent: interrupt the probe now
			}
			return nil
		}))
	journal := filepath.Join(t.TempDir(), "probe.journal")

	rep, err := probe.Run(ctx, c, probe.Options{Write: true, Journal: journal})
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	require.NotEmpty(t, rep.Writes)
	assert.Contains(t, rep.Writes[len(rep.Writes)-1].Outcome, "not found by its key yet")
	assert.FileExists(t, journal)

	waitFor(t, "the interrupted create lands", func() bool { return len(probeTokens(sb)) == 1 })
	left := probeTokens(sb)[0]
	again, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal})
	require.NoError(t, err)
	require.Len(t, again.Cleaned, 1)
	assert.Equal(t, probe.SentWrite{Action: "delete", ID: left.PaymentTokenID, Key: left.PaymentProfileID, Outcome: "deleted"}, again.Cleaned[0])
	assert.Empty(t, probeTokens(sb))
	assert.Len(t, sb.Tokens(), 1)
	assert.NoFileExists(t, journal, "nothing left to remove")
}

func TestACreateThatNeverLandedIsDroppedAfterTheSettleWindow(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			return &sandbox.Fault{Status: http.StatusBadGateway} // the store never saw it
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	c, err := sb.Client()
	require.NoError(t, err)
	journal := filepath.Join(t.TempDir(), "probe.journal")
	rep, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal, Settle: time.Nanosecond})
	require.NoError(t, err, "a create without answer is an answer: the other write questions are listed as not asked")
	assert.Zero(t, rep.Left)
	last := rep.Writes[len(rep.Writes)-1]
	assert.Equal(t, "not found by its key: its create never landed", last.Outcome)
	assert.NoFileExists(t, journal)
}

func TestAReadOnlyProbeReportsWhatAnEarlierRunLeftWithoutRemovingIt(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			return &sandbox.Fault{Status: http.StatusBadGateway}
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	c, err := sb.Client()
	require.NoError(t, err)
	journal := filepath.Join(t.TempDir(), "probe.journal")
	left, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal})
	require.NoError(t, err)
	require.Equal(t, 1, left.Left, "its create may still land")
	before, err := os.ReadFile(journal)
	require.NoError(t, err)

	rep, err := probe.Run(t.Context(), c, probe.Options{Journal: journal})
	require.NoError(t, err)
	require.Len(t, rep.Cleaned, 1)
	assert.Contains(t, rep.Cleaned[0].Outcome, "run with --write to remove it")
	after, err := os.ReadFile(journal)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a read-only probe writes nothing, not even its journal")
}

// thirdPost applies fault to the third create request: the array one.
func thirdPost(fault sandbox.Fault) sandbox.FaultFunc {
	var posts atomic.Int32
	return func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost && posts.Add(1) == 3 {
			return &fault
		}
		return nil
	}
}

func TestAnArrayCreateCutAfterTheStoreMadeItIsFoundByKeyAndRemoved(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true}), sandbox.WithFaults(thirdPost(sandbox.Fault{Cut: sandbox.CutMidBody})))
	t.Cleanup(sb.Close)
	sb.Seed(sandbox.SampleToken(1))
	c, err := sb.Client()
	require.NoError(t, err)
	journal := filepath.Join(t.TempDir(), "probe.journal")
	rep, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal})
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	deleted := 0
	for _, w := range rep.Writes {
		if w.Action == "delete" && w.Outcome == "deleted" {
			deleted++
		}
	}
	assert.Equal(t, 4, deleted, "the two single creates and the two the cut array made")
	assert.Len(t, sb.Tokens(), 1)
	assert.NoFileExists(t, journal)
}

func TestAnArrayCreateAnswered5xxIsUnknownAndLookedForByKey(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(thirdPost(sandbox.Fault{Status: http.StatusGatewayTimeout})))
	t.Cleanup(sb.Close)
	sb.Seed(sandbox.SampleToken(1))
	c, err := sb.Client()
	require.NoError(t, err)
	journal := filepath.Join(t.TempDir(), "probe.journal")
	rep, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal, Settle: time.Nanosecond})
	require.NoError(t, err)
	assert.EqualValues(t, probe.Unknown, rep.Facts.ArrayCreate)
	a := answers(rep)["array-create"]
	assert.EqualValues(t, probe.Unknown, a.Verdict)
	assert.Equal(t, "answered 504", a.Store)
	last := rep.Writes[len(rep.Writes)-1]
	assert.Equal(t, "not found by its key: its create never landed", last.Outcome)
	assert.Len(t, sb.Tokens(), 1)
	assert.NoFileExists(t, journal)
}

func TestAJournalPathNamingAnotherFileIsRefusedBeforeAnyRequestAndLeftAsItIs(t *testing.T) {
	t.Parallel()
	sb, c := store(t, sandbox.Behaviour{}, 1)
	dir := t.TempDir()
	for name, content := range map[string]string{
		"tokens.jsonl": `{"PaymentTokenID":1,"PaymentProfileID":"tok"}` + "\n",
		"notes.txt":    "hello",
		"foreign.json": `{"store":"x","event":"created","key":"someone-else","id":5}` + "\n",
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		requests := sb.Stats().Requests
		for _, write := range []bool{false, true} {
			_, err := probe.Run(t.Context(), c, probe.Options{Write: write, Journal: path})
			require.ErrorIs(t, err, probe.ErrNotAJournal, name)
		}
		assert.Equal(t, requests, sb.Stats().Requests, "%s: refused before any request", name)
		kept, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, content, string(kept))
	}
}

func TestATornLastJournalEntryIsIgnored(t *testing.T) {
	t.Parallel()
	_, c := store(t, sandbox.Behaviour{}, 1)
	path := filepath.Join(t.TempDir(), "probe.journal")
	content := `{"store":"` + c.StoreDigest() + `","event":"created","key":"` + probe.Marker + `00112233aabbccdd","id":999,"at":"2026-01-02T03:04:05Z"}` + "\n" +
		`{"store":"` + c.StoreDigest()[:5]
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	rep, err := probe.Run(t.Context(), c, probe.Options{Journal: path})
	require.NoError(t, err)
	require.Len(t, rep.Cleaned, 1)
	assert.Equal(t, int32(999), rep.Cleaned[0].ID)

	rep, err = probe.Run(t.Context(), c, probe.Options{Write: true, Journal: path})
	require.NoError(t, err)
	require.Len(t, rep.Cleaned, 1)
	assert.Equal(t, "already gone", rep.Cleaned[0].Outcome, "id 999 is not in the store")
	assert.NoFileExists(t, path)
}

// TestATokenABulkPUTMadeForTheMissingIDIsFoundAndRemoved answers the bulk
// PUT 200 for both items, once having made a token for the missing item
// under an id of the store's choosing, once not.
func TestATokenABulkPUTMadeForTheMissingIDIsFoundAndRemoved(t *testing.T) {
	t.Parallel()
	for name, upsert := range map[string]bool{"made under another id": true, "made nothing": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var sb *sandbox.Server
			sb = newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
				if r.Method != http.MethodPut || !strings.HasSuffix(r.URL.Path, "/PaymentTokens") {
					return nil
				}
				var items []wrapper.PaymentToken
				if err := json.NewDecoder(r.Body).Decode(&items); err == nil && len(items) == 2 && upsert {
					sb.Seed(wrapper.PaymentToken{PaymentProfileID: items[1].PaymentProfileID})
				}
				return &sandbox.Fault{Status: http.StatusOK, Body: []byte(`[{"Key":"PaymentTokenID","Value":"1","Status":"200","Message":"updated"},` +
					`{"Key":"PaymentTokenID","Value":"2","Status":"200","Message":"updated"}]`)}
			}))
			t.Cleanup(sb.Close)
			sb.Seed(sandbox.SampleToken(1))
			c, err := sb.Client()
			require.NoError(t, err)
			journal := filepath.Join(t.TempDir(), "probe.journal")
			rep, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal})
			require.NoError(t, err)
			a := answers(rep)["bulk-missing-id"]
			assert.Equal(t, probe.Differs, a.Verdict)
			if upsert {
				assert.Equal(t, "200, items 200 and 200; a token was created for the missing id", a.Store)
			} else {
				assert.Equal(t, "200, items 200 and 200", a.Store)
			}
			assert.Empty(t, probeTokens(sb))
			assert.Len(t, sb.Tokens(), 1)
			assert.NoFileExists(t, journal)
		})
	}
}

// A second probe on the journal of a running one is refused before any
// request: it would take the first one's tokens for leftovers and remove
// them under it.
func TestASecondProbeOnARunningProbesJournalIsRefused(t *testing.T) {
	t.Parallel()
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var requests atomic.Int32
	sb, c := oneTokenStore(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		requests.Add(1)
		if r.Method == http.MethodPost {
			once.Do(func() { close(held); <-release })
		}
		return nil
	}))
	journal := filepath.Join(t.TempDir(), "probe.journal")

	first := make(chan error, 1)
	go func() {
		_, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal})
		first <- err
	}()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("the first probe sent no create within 10 s")
	}
	before := requests.Load()
	_, err := probe.Run(t.Context(), c, probe.Options{Write: true, Journal: journal})
	require.ErrorIs(t, err, probe.ErrJournalBusy)
	assert.Contains(t, err.Error(), "give this one a --journal of its own")
	assert.Equal(t, before, requests.Load(), "refused before any request")

	close(release)
	select {
	case err := <-first:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the first probe did not end within 10 s")
	}
	assert.Empty(t, probeTokens(sb))
	assert.NoFileExists(t, journal)
}
