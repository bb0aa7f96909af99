package probe_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// ExampleRun probes a sandbox whose PUT merges, with writes: every probe
// token is removed again, and the answers say what differs.
func ExampleRun() {
	sb, err := sandbox.New(sandbox.WithBehaviour(sandbox.Behaviour{MergePUT: true}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sb.Close()
	for i := range int32(600) {
		sb.Seed(sandbox.SampleToken(i + 1))
	}
	client, err := sb.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "probe")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	rep, err := probe.Run(context.Background(), client, probe.Options{Write: true, Journal: filepath.Join(dir, "probe.journal")})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range rep.Answers {
		if a.Verdict != probe.AsAssumed {
			fmt.Printf("%s: %s: %s\n", a.Question, a.Verdict, a.Store)
		}
	}
	fmt.Println("page cap:", rep.Facts.PageCap, "PUT merges:", rep.Facts.PUTMerges, "array create:", rep.Facts.ArrayCreate)
	fmt.Println("tokens left:", len(sb.Tokens()))
	// Output:
	// empty-list: unknown: the store holds tokens (only a store without any answers it)
	// put-merge: differs: merges: the fields it leaves empty keep their value
	// page cap: 500 PUT merges: yes array create: no
	// tokens left: 600
}
