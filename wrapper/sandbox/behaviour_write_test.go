package sandbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestMergePUTKeepsTheStoredValueOfEveryZeroField(t *testing.T) {
	t.Parallel()
	seeded := api.DateTime{Time: time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)}
	for name, tc := range map[string]struct {
		merge bool
		want  func(stored wrapper.PaymentToken, sent wrapper.PaymentToken) wrapper.PaymentToken
	}{
		"merging": {true, func(stored, sent wrapper.PaymentToken) wrapper.PaymentToken {
			stored.GatewayName, stored.CustomerID = sent.GatewayName, sent.CustomerID
			return stored
		}},
		"replacing": {false, func(stored, sent wrapper.PaymentToken) wrapper.PaymentToken {
			sent.PaymentTokenID = stored.PaymentTokenID
			return sent
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb, c := behaving(t, sandbox.Behaviour{MergePUT: tc.merge}, 0)
			for i := range int32(2) {
				tk := token(i + 1)
				tk.LastUpdate = seeded
				sb.Seed(tk)
			}
			one := wrapper.PaymentToken{GatewayName: "Stripe", CustomerID: 77}
			require.NoError(t, c.Update(t.Context(), 1, one))
			bulk := wrapper.PaymentToken{PaymentTokenID: 2, GatewayName: "Braintree", CustomerID: 88}
			_, err := c.UpdateMany(t.Context(), []wrapper.PaymentToken{bulk})
			require.NoError(t, err)

			stored := sb.Tokens()
			require.Len(t, stored, 2)
			for i, sent := range []wrapper.PaymentToken{one, bulk} {
				before := token(int32(i + 1))
				before.PaymentTokenID, before.LastUpdate = int32(i+1), seeded
				want := tc.want(before, sent)
				if !tc.merge {
					assert.NotEqual(t, seeded, stored[i].LastUpdate, "a replaced token is stamped")
					want.LastUpdate = stored[i].LastUpdate
				}
				assert.Equal(t, want, stored[i], "token %d", i+1)
			}
		})
	}
}

func TestReuseIDsGivesANewTokenTheLowestFreeID(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		reuse bool
		want  []int32
	}{
		"reusing":    {true, []int32{2, 4, 5, 6}},
		"documented": {false, []int32{6, 7, 8, 9}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb, c := behaving(t, sandbox.Behaviour{ReuseIDs: tc.reuse}, 5)
			for _, id := range []int32{4, 2, 5} {
				require.NoError(t, c.Delete(t.Context(), id))
			}
			var got []int32
			for i := range int32(4) {
				id, err := c.Create(t.Context(), token(10+i))
				require.NoError(t, err)
				got = append(got, id)
			}
			assert.Equal(t, tc.want, got)
			assert.Len(t, sb.Tokens(), 6)
		})
	}
}
