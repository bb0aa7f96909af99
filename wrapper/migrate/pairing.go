package migrate

import (
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// answered is an array of creates (one CreateMany call) whose answer came:
// the creates the answer has an envelope item for, and those items, by
// position.
//
// An envelope item carries an id and a status, nothing of the token it is
// for: only its position says which token that is, and a store that lists
// its items in another order than it got the tokens would pair them
// wrongly, silently. So an answer is trusted only for what it says as a
// whole (the ids it created, and which positions it refused), and each
// token is paired with its id by its key, read from the store (pair).
// Until then the keys' intents stay pending in the journal: a run killed
// meanwhile leaves the next run to pair them from its listing.
type answered struct {
	cars    []parked
	results []wrapper.Result
}

// tokens is how many tokens the array's answer is for.
func (a answered) tokens() int { return len(a.cars) }

// answeredTokens is how many tokens the arrays' answers are for.
func answeredTokens(arrays []answered) int {
	n := 0
	for _, a := range arrays {
		n += a.tokens()
	}
	return n
}

// pair decides the creates of an answered array from ix, a read of the
// store after the answer:
//
//   - a key the store holds under an id the answer named created is created,
//     with that id (in any order: the key proves which token it is);
//   - a key the store holds under another id is matched to it, as a settled
//     create of unknown outcome is;
//   - a key the store holds twice fails, as in any listing;
//   - a key the store lacks was refused when the answer adds up (the keys
//     held are under exactly the ids the answer named created, so the
//     items it refused are the keys absent) and its own item refused it;
//   - any other key is of unknown outcome: it is parked, to be read again
//     after its settle window and sent again only if still absent.
func (im *importer) pair(a answered, ix *index) {
	named := map[int32]bool{}
	for _, res := range a.results {
		if id, err := strconv.ParseInt(res.Value, 10, 32); err == nil && res.OK() {
			named[int32(id)] = true
		}
	}
	held, addsUp := 0, true
	for _, car := range a.cars {
		if t := ix.byKey[car.job.d]; t != nil {
			held++
			addsUp = addsUp && t.ambiguity() == "" && named[t.tok.PaymentTokenID]
		}
	}
	addsUp = addsUp && held == len(named)
	for i, car := range a.cars {
		res := a.results[i]
		t := ix.byKey[car.job.d]
		switch {
		case t != nil && t.ambiguity() != "":
			im.fail(car.job.item, t.ambiguity())
		case t != nil && named[t.tok.PaymentTokenID]:
			im.created(car.job, t.tok.PaymentTokenID, opCreated)
		case t != nil:
			im.reconciled()
			im.created(car.job, t.tok.PaymentTokenID, opMatched)
		case addsUp && refusedItem(res):
			if im.journalize(opRefused, car.job.d, car.job.item.Line, 0) {
				im.refusedInArray(car.job.item, res.Message)
			}
		default:
			car.cause = "the answer to its array cannot be paired with the tokens sent (its items name ids the store does not hold these keys under, or are too few or too many)"
			im.parking.add(car)
		}
	}
}

// refusedItem reports whether an envelope item refuses its token: a 4xx
// other than 408, which proves it was not created.
func refusedItem(res wrapper.Result) bool {
	return res.Status >= 400 && res.Status < 500 && res.Status != http.StatusRequestTimeout
}
