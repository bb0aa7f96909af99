package probe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// cleanupTimeout bounds the removal of the probe's tokens after the probe
// was interrupted or failed: it runs on a context of its own.
const cleanupTimeout = time.Minute

// Options configure Run.
type Options struct {
	// Write asks the questions that need writes: it creates probe tokens
	// (and removes them). Off, Run sends only GET requests.
	Write bool
	// Journal is the path of the file recording the probe tokens made, so
	// that the next run removes what a killed one left. Required with Write.
	Journal string
	// Cleanup only removes the probe tokens earlier runs left (from the
	// journal, which is required): it asks no question and creates nothing.
	Cleanup bool
	// Settle is how long after it was sent a create whose outcome is
	// unknown is still looked for by the cleanup (and kept in the journal
	// while it is not found); 0 means [wrapper.DefaultSettle].
	Settle time.Duration
}

// settle is Options.Settle or its default.
func (p *prober) settle() time.Duration {
	if p.opts.Settle > 0 {
		return p.opts.Settle
	}
	return wrapper.DefaultSettle
}

// prober is one run: the client, what it learned so far, and the report.
type prober struct {
	c       *wrapper.Client
	opts    Options
	rep     *Report
	headers map[string]bool // names of every header seen
	dates   map[string]bool // forms of LastUpdate seen
	badDate bool            // a LastUpdate the tool cannot read was seen
	maxID   int32           // the highest id seen in a listing
	missing int32           // an id the store does not hold (0 until found)
	journal *journal
}

// Run asks the store behind c every question (those needing a write only
// with opts.Write) and returns the report. It stops with an error, and the
// report of what it learned so far, on a 401, a 404 that is not the API's
// own (a wrong base URL), an unreachable API or the end of ctx; every
// probe token it made is removed first (on a context of its own, within a
// minute), or left in the journal for the next run. With Write, it first
// removes what an earlier, killed run left (Report.Cleaned).
func Run(ctx context.Context, c *wrapper.Client, opts Options) (*Report, error) {
	if c == nil {
		return nil, errors.New("paymenttokens: probe: the *wrapper.Client is nil; create one with wrapper.New")
	}
	if (opts.Write || opts.Cleanup) && opts.Journal == "" {
		return nil, errors.New("paymenttokens: probe: Options.Journal is required with Options.Write and Options.Cleanup")
	}
	p := &prober{
		c: c, opts: opts, headers: map[string]bool{}, dates: map[string]bool{},
		rep: &Report{Format: ReportFormat, Started: time.Now().UTC().Truncate(time.Second), Store: c.StoreDigest(), Write: opts.Write,
			Answers: []Answer{}, Writes: []SentWrite{}, Cleaned: []SentWrite{}},
	}
	if opts.Cleanup {
		return p.rep, p.cleanup(ctx)
	}
	err := p.run(ctx)
	p.notAsked(err)
	p.finishFacts()
	return p.rep, err
}

// run asks the read-only questions, then the write ones, then those
// about every answer seen.
func (p *prober) run(ctx context.Context) error {
	if err := p.ask(ctx); err != nil {
		return err
	}
	p.lastAnswers()
	return nil
}

// cleanup removes what earlier runs left (Options.Cleanup), and nothing else.
func (p *prober) cleanup(ctx context.Context) (err error) {
	j, err := openJournal(p.opts.Journal, p.rep.Store)
	if err != nil {
		return err
	}
	p.journal = j
	defer func() { err = errors.Join(err, j.close()) }()
	return p.cleanLeft(ctx)
}

// notAsked lists every question a run that stopped with err did not ask,
// with why.
func (p *prober) notAsked(err error) {
	if err == nil {
		return
	}
	why := "not asked: the probe stopped before it, on the error it ended with"
	if errors.Is(err, context.Canceled) {
		why = "not asked: the probe was interrupted before it"
	}
	for _, q := range allQuestions {
		if !slices.ContainsFunc(p.rep.Answers, func(a Answer) bool { return a.Question == q.name }) {
			p.answer(q, why, Unknown, "")
		}
	}
}

// firstLine is an error's text without the package prefix.
func firstLine(err error) string {
	return strings.TrimPrefix(err.Error(), "paymenttokens: ")
}

// ask cleans what earlier runs left (with Write; without, it only reports
// it), then asks the questions.
func (p *prober) ask(ctx context.Context) (err error) {
	if !p.opts.Write && p.opts.Journal != "" {
		j, err := loadJournal(p.opts.Journal, p.rep.Store)
		if err != nil {
			return err
		}
		for _, e := range j.left() {
			p.rep.Cleaned = append(p.rep.Cleaned, SentWrite{Action: "delete", ID: e.ID, Key: e.Key, Outcome: "left by an earlier probe: not removed (run with --write to remove it)"})
		}
	}
	if p.opts.Write {
		j, err := openJournal(p.opts.Journal, p.rep.Store)
		if err != nil {
			return err
		}
		p.journal = j
		defer func() { err = errors.Join(err, j.close()) }()
		if err := p.cleanLeft(ctx); err != nil {
			return err
		}
	}
	if err := p.reads(ctx); err != nil {
		return err
	}
	if !p.opts.Write {
		p.skipWrites()
		return nil
	}
	return p.writes(ctx)
}

// send is Raw, recording the answer's header names and refusing a 401.
func (p *prober) send(ctx context.Context, method, path string, query url.Values, body []byte) (*wrapper.RawAnswer, error) {
	a, err := p.c.Raw(ctx, method, path, query, body)
	if err != nil {
		return nil, err
	}
	headerNames(a.Header, p.headers)
	if a.Status == http.StatusUnauthorized {
		return nil, &wrapper.APIError{StatusCode: a.Status, Method: method, Path: "/" + path, Messages: a.Messages, Attempts: a.Attempts}
	}
	return a, nil
}

// answer appends one question's answer.
func (p *prober) answer(q question, store string, v Verdict, meaning string) {
	if meaning == "" {
		meaning = q.assumed
	}
	p.rep.Answers = append(p.rep.Answers, Answer{Question: q.name, Title: q.title, Store: store, Sandbox: q.sandbox, Verdict: v, Meaning: meaning})
}

// wrote appends one write to the report.
func (p *prober) wrote(action string, id int32, key, outcome string) {
	p.rep.Writes = append(p.rep.Writes, SentWrite{Action: action, ID: id, Key: key, Outcome: outcome})
}

// finishFacts fills the facts gathered over the whole run.
func (p *prober) finishFacts() {
	f := &p.rep.Facts
	f.HeaderNames = sortedKeys(p.headers)
	f.DateFormats = sortedKeys(p.dates)
	f.ThrottleHeaders = throttleHeaders(f.HeaderNames)
	for _, tri := range []*Tri{&f.ListOrderedByID, &f.IDsOnlyGrow, &f.PUTMerges, &f.ArrayCreate, &f.StampsLastUpdate} {
		if *tri == "" {
			*tri = Unknown
		}
	}
	if f.LimitOver500 == "" {
		f.LimitOver500 = Unknown
	}
	if f.FieldsLost == nil {
		f.FieldsLost = []string{}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// unexpected is the error for an answer a question cannot interpret.
func unexpected(what string, a *wrapper.RawAnswer) error {
	return fmt.Errorf("paymenttokens: probe: %s: unexpected answer %s", what, shapeOf(a))
}
