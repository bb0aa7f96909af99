package migrate_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// An API that stops answering (it takes every create from the 6th on and
// never answers) stops the import after three creates in a row got no
// answer in time, instead of waiting out the timeout of every token.
func TestAnAPIThatStopsAnsweringStopsTheImport(t *testing.T) {
	stall := sandbox.Fault{Delay: time.Hour} // ends when the client gives up
	var which []int
	for i := 6; i <= 50; i++ {
		which = append(which, i)
	}
	s := newStore(t, onPosts(stall, nil, which...), wrapper.WithHTTPClient(&http.Client{Timeout: 300 * time.Millisecond}))

	began := time.Now()
	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", unsaved(tokens(1, 50)))},
		migrate.ImportOptions{Concurrency: 1, Settle: testSettle})
	require.ErrorIs(t, err, wrapper.ErrNoAnswer)
	assert.Contains(t, err.Error(), "the API is not answering: 3 requests in a row failed; nothing more is sent")
	assert.Equal(t, 8, s.n.count(http.MethodPost), "5 answered, then 3 without an answer, then none")
	assert.Less(t, time.Since(began), 10*time.Second)
	s.quiesce(t)
	assert.Len(t, s.sb.Tokens(), 5)
}
