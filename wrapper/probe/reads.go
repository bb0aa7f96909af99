package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// overLimit is the limit the page-cap question asks for: above the 500 the
// vendor's paging notes give, to see whether the store serves more.
const overLimit = 1000

// missingCandidates are the ids the missing-id question tries, in order,
// until the store answers that it does not hold one.
var missingCandidates = []int32{2147483647, 2147483646, 2147483645}

// row is what the probe reads of a listed token: its id and the raw form of
// its LastUpdate, nothing else.
type row struct {
	PaymentTokenID int32
	LastUpdate     json.RawMessage
}

// reads asks the questions that need no write.
func (p *prober) reads(ctx context.Context) error {
	count, err := p.c.Count(ctx)
	if err != nil {
		return err
	}
	p.rep.Tokens = count
	first, err := p.pageCap(ctx, count)
	if err != nil {
		return err
	}
	if err := p.listOrder(ctx, count, first); err != nil {
		return err
	}
	if err := p.offsetPastEnd(ctx, count); err != nil {
		return err
	}
	if err := p.missingID(ctx); err != nil {
		return err
	}
	return p.emptyList(ctx, count)
}

// list reads one page raw: the rows of a 2xx answer (their dates and ids
// noted), and the answer.
func (p *prober) list(ctx context.Context, limit, offset int) ([]row, *wrapper.RawAnswer, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
	a, err := p.send(ctx, http.MethodGet, "PaymentTokens", q, nil)
	if err != nil {
		return nil, nil, err
	}
	if a.Status < 200 || a.Status >= 300 {
		return nil, a, nil
	}
	var rows []row
	if err := json.Unmarshal(a.Body, &rows); err != nil {
		return nil, a, fmt.Errorf("paymenttokens: probe: the page at offset %d is not a JSON array of tokens (%s)", offset, shapeOf(a))
	}
	p.note(rows)
	return rows, a, nil
}

// note records the date forms and the highest id of rows.
func (p *prober) note(rows []row) {
	for _, r := range rows {
		p.maxID = max(p.maxID, r.PaymentTokenID)
		if len(r.LastUpdate) == 0 {
			continue
		}
		form, readable := dateForm(r.LastUpdate)
		p.dates[form] = true
		p.badDate = p.badDate || !readable
	}
}

// wrongPlace returns the wrapper's error for a 404 answer where tokens
// were expected: a foreign 404 (wrong base URL) as the wrapper reports it,
// else the API's own 404 where the store said it holds tokens.
func (p *prober) wrongPlace(ctx context.Context, what string, a *wrapper.RawAnswer) error {
	if _, err := p.c.List(ctx, wrapper.ListParams{Limit: 1}); err != nil {
		return err
	}
	return unexpected(what, a)
}

// pageCap asks for a page over 500 (then 500 if that is refused) and
// returns the rows of the first page.
func (p *prober) pageCap(ctx context.Context, count int) ([]row, error) {
	if count == 0 {
		p.answer(qPageCap, "the store holds no tokens", Unknown, "")
		return nil, nil
	}
	asked := overLimit
	rows, a, err := p.list(ctx, asked, 1)
	if err != nil {
		return nil, err
	}
	refused := ""
	switch {
	case a.Status >= 200 && a.Status < 300:
		p.rep.Facts.LimitOver500 = Served
	case a.Status >= 400 && a.Status < 500 && a.Status != http.StatusNotFound && a.Status != http.StatusTooManyRequests:
		p.rep.Facts.LimitOver500 = Refused
		refused = fmt.Sprintf("; a limit over 500 is refused (%d)", a.Status)
		asked = 500
		if rows, a, err = p.list(ctx, asked, 1); err != nil {
			return nil, err
		}
	}
	switch {
	case a.Status == http.StatusNotFound:
		return nil, p.wrongPlace(ctx, "the first page", a)
	case a.Status < 200 || a.Status >= 300:
		return nil, unexpected("the first page", a)
	}
	if refused == "" {
		refused = "; a limit over 500 is served"
	}
	n := len(rows)
	exact := n < min(asked, count)
	p.rep.Facts.PageCap, p.rep.Facts.PageCapExact = n, exact
	switch {
	case n >= 500:
		p.answer(qPageCap, fmt.Sprintf("%d a page%s", n, refused), AsAssumed, "")
	case exact:
		p.answer(qPageCap, fmt.Sprintf("%d a page%s", n, refused), Differs, fmt.Sprintf(
			"pages hold at most %d: a walk takes %d requests per 500 tokens; All advances by what a page held, so none is missed",
			n, (500+n-1)/n))
	default:
		p.answer(qPageCap, fmt.Sprintf("the store holds too few tokens (%d) to tell; it served them all in one page", count), Unknown, "")
	}
	return rows, nil
}

// listOrder checks the order of the first page and of the last one.
func (p *prober) listOrder(ctx context.Context, count int, first []row) error {
	ids := make([]int32, 0, 2*len(first))
	for _, r := range first {
		ids = append(ids, r.PaymentTokenID)
	}
	if n := len(first); n > 0 && count > n {
		last, a, err := p.list(ctx, min(n, 500), max(n+1, count-n+1))
		if err != nil {
			return err
		}
		if a.Status < 200 || a.Status >= 300 {
			return unexpected("the last page", a)
		}
		for _, r := range last {
			ids = append(ids, r.PaymentTokenID)
		}
	}
	if len(ids) < 2 {
		p.answer(qListOrder, fmt.Sprintf("the store holds too few tokens (%d) to tell", count), Unknown, "")
		return nil
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			p.rep.Facts.ListOrderedByID = No
			p.answer(qListOrder, fmt.Sprintf("not by id (of %d tokens read)", len(ids)), Differs,
				"a token created during a walk may be listed on a page already read: walk (export, import, diff) a store nobody writes to")
			return nil
		}
	}
	p.rep.Facts.ListOrderedByID = Yes
	p.answer(qListOrder, "ascending by id", AsAssumed, "")
	return nil
}

// offsetPastEnd asks for the page after the last token.
func (p *prober) offsetPastEnd(ctx context.Context, count int) error {
	if count == 0 {
		p.answer(qOffsetPastEnd, "the store holds no tokens (every page is the empty listing's answer)", Unknown, "")
		return nil
	}
	_, a, err := p.list(ctx, 1, count+1)
	if err != nil {
		return err
	}
	shape := shapeOf(a)
	p.rep.Facts.OffsetPastEnd = shape
	tokens, err := p.c.List(ctx, wrapper.ListParams{Limit: 1, Offset: count + 1})
	switch {
	case errors.Is(err, wrapper.ErrNotFound):
		return err // a foreign 404: the wrapper says the base URL is wrong
	case err != nil:
		p.answer(qOffsetPastEnd, shape.String(), Differs, "the tool stops with an error at the end of a listing it cannot tell from its length: "+err.Error())
	case len(tokens) > 0:
		p.answer(qOffsetPastEnd, shape.String()+" holding tokens", Differs, "a page past the end is not empty: only Count tells where a listing ends (All checks it)")
	default:
		p.answer(qOffsetPastEnd, shape.String(), AsAssumed, "")
	}
	return nil
}

// missingID reads an id the store does not hold.
func (p *prober) missingID(ctx context.Context) error {
	for _, id := range missingCandidates {
		a, err := p.send(ctx, http.MethodGet, "PaymentTokens/"+strconv.Itoa(int(id)), nil, nil)
		if err != nil {
			return err
		}
		if a.Status >= 200 && a.Status < 300 {
			continue // the store holds it: try the next
		}
		p.missing = id
		shape := shapeOf(a)
		p.rep.Facts.NotFound = shape
		_, found, err := p.c.Get(ctx, id)
		switch {
		case errors.Is(err, wrapper.ErrNotFound):
			return err
		case err != nil:
			p.answer(qMissingID, shape.String(), Differs, "the tool stops with an error on a missing id: "+err.Error())
		case found:
			return unexpected("a missing id", a)
		default:
			p.answer(qMissingID, shape.String(), AsAssumed, "")
		}
		return nil
	}
	p.answer(qMissingID, "the store holds every id tried", Unknown, "")
	return nil
}

// emptyList reads the listing of a store without tokens.
func (p *prober) emptyList(ctx context.Context, count int) error {
	if count > 0 {
		p.answer(qEmptyList, "the store holds tokens (only a store without any answers it)", Unknown, "")
		return nil
	}
	_, a, err := p.list(ctx, 1, 1)
	if err != nil {
		return err
	}
	shape := shapeOf(a)
	p.rep.Facts.EmptyList = shape
	tokens, err := p.c.List(ctx, wrapper.ListParams{Limit: 1})
	switch {
	case errors.Is(err, wrapper.ErrNotFound):
		return err
	case err != nil:
		p.answer(qEmptyList, shape.String(), Differs, "the tool stops with an error on an empty store: "+err.Error())
	case len(tokens) > 0:
		return unexpected("the listing of a store that counted no tokens", a)
	default:
		p.answer(qEmptyList, shape.String(), AsAssumed, "")
	}
	return nil
}

// lastAnswers answers the questions about every answer seen: the date
// forms and the rate-limit headers.
func (p *prober) lastAnswers() {
	forms := sortedKeys(p.dates)
	switch {
	case len(forms) == 0:
		p.answer(qDates, "no token seen", Unknown, "")
	case p.badDate:
		p.answer(qDates, joinAnd(forms), Differs, "some LastUpdate values are in a form the tool cannot read: listings of this store fail")
	default:
		p.answer(qDates, joinAnd(forms), AsAssumed, "")
	}
	throttle := throttleHeaders(sortedKeys(p.headers))
	switch {
	case len(throttle) == 0:
		p.answer(qThrottle, "none", AsAssumed, "")
	case len(throttle) == 1 && throttle[0] == "Retry-After":
		p.answer(qThrottle, "Retry-After", AsAssumed, "")
	default:
		p.answer(qThrottle, joinAnd(throttle), Differs,
			"the store says how much of its rate limit is left; the tool ignores it and paces at --rate and --burst (lower them if other programs share the store)")
	}
}
