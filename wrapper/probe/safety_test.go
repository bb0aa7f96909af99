package probe_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestWithoutWriteOnlyGETsAreSentAndTheWriteQuestionsAreSkipped(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	t.Cleanup(sb.Close)
	sb.Seed(sandbox.SampleToken(1), sandbox.SampleToken(2))
	c, err := sb.Client()
	require.NoError(t, err)
	rep, err := probeRun(t, c, false)
	require.NoError(t, err)
	assert.Equal(t, []string{http.MethodGet}, slices.Collect(maps.Keys(sb.Stats().ByMethod)))
	skipped := 0
	for _, a := range rep.Answers {
		if a.Verdict == probe.Skipped {
			skipped++
			assert.Equal(t, "not asked: needs --write", a.Store)
		}
	}
	assert.Equal(t, 7, skipped)
	assert.Empty(t, rep.Writes)
	assert.False(t, rep.Write)
	assert.Equal(t, 2, rep.Tokens)
}

func TestA401OrAForeign404StopsTheProbe(t *testing.T) {
	t.Parallel()
	sb, _ := store(t, sandbox.Behaviour{}, 1)
	wrong, err := wrapper.New(wrapper.Credentials{SecureURL: "x", PrivateKey: "y", Token: "z"}, wrapper.WithBaseURL(sb.URL()), wrapper.WithRateLimit(0, 0))
	require.NoError(t, err)
	_, err = probeRun(t, wrong, true)
	assert.ErrorIs(t, err, wrapper.ErrUnauthorized)

	elsewhere, err := sb.Client(wrapper.WithBaseURL(strings.TrimSuffix(sb.URL(), contract.BasePath) + "/3dCartWebAPI/v1"))
	require.NoError(t, err)
	rep, err := probeRun(t, elsewhere, true)
	assert.ErrorIs(t, err, wrapper.ErrNotFound)
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Hint, "the base URL is probably wrong")
	require.NotEmpty(t, rep.Answers, "every question is listed")
	for _, a := range rep.Answers {
		assert.Equal(t, "not asked: the probe stopped before it, on the error it ended with", a.Store, a.Question)
		assert.EqualValues(t, probe.Unknown, a.Verdict)
	}
	assert.Empty(t, rep.Writes)
}

// TestTheReportHoldsNoSecretAndNoTokenData probes a store whose answers
// echo the request's credentials in headers: the report names none of
// them, and holds no field of the store's tokens.
func TestTheReportHoldsNoSecretAndNoTokenData(t *testing.T) {
	t.Parallel()
	var sb *sandbox.Server
	sb = newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if !strings.HasSuffix(r.URL.Path, "/2147483647") {
			return nil
		}
		echo := http.Header{}
		for _, h := range []string{"SecureURL", "PrivateKey", "Token"} {
			echo.Set(h, r.Header.Get(h))
		}
		return &sandbox.Fault{Status: http.StatusNotFound, Header: echo,
			Body: []byte(`[{"Key":"Error","Status":"404","Message":"No payment tokens found. ` + sb.Credentials().PrivateKey + `"}]`)}
	}))
	t.Cleanup(sb.Close)
	for i := range int32(3) {
		sb.Seed(sandbox.SampleToken(i + 1))
	}
	c, err := sb.Client()
	require.NoError(t, err)
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	out, err := json.Marshal(rep)
	require.NoError(t, err)
	text := string(out)
	creds := sb.Credentials()
	for _, secret := range []string{creds.PrivateKey, creds.Token, "Privatekey", "Secureurl", `"Token"`} {
		assert.NotContains(t, text, secret)
	}
	for _, data := range []string{"pay-profile-", "cust-profile", "Authorize.Net"} {
		assert.NotContains(t, text, data, "token data")
	}
	assert.Contains(t, text, "Content-Type", "the answers' own header names are there")
}
