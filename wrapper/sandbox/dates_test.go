package sandbox_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
)

func TestALastUpdateWithAZoneKeepsItsInstant(t *testing.T) {
	t.Parallel()
	sb, c := setup(t)
	sent := token(1)
	sent.LastUpdate = api.DateTime{Time: time.Date(2024, 5, 6, 23, 8, 59, 0, time.FixedZone("", -5*3600))} // 04:08:59 UTC the next day
	created, err := c.CreatePaymentTokenWithResponse(t.Context(), createBody(t, false, sent))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode())

	got, err := c.GetPaymentTokenWithResponse(t.Context(), 1)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	assert.Contains(t, string(got.Body), `"LastUpdate":"05/07/2024 04:08"`, "emitted in UTC, to the minute")
	read := (*got.JSON200)[0].LastUpdate
	assert.True(t, sent.LastUpdate.Truncate(time.Minute).Equal(read.Time), "sent %v, read back %v", sent.LastUpdate, read)
	assert.True(t, sent.LastUpdate.Equal(sb.Tokens()[0].LastUpdate.Time), "the store keeps the instant sent")

	client, err := sb.Client()
	require.NoError(t, err)
	id, err := client.Create(t.Context(), sent)
	require.NoError(t, err)
	back, found, err := client.Get(t.Context(), id)
	require.NoError(t, err)
	require.True(t, found)
	assert.True(t, sent.LastUpdate.Truncate(time.Minute).Equal(back.LastUpdate.Time), "through the wrapper: sent %v, read back %v", sent.LastUpdate, back.LastUpdate)
}
