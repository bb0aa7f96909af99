package migrate_test

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// postBody reads a POST's body and puts it back for the handler.
func postBody(r *http.Request) string {
	if r.Method != http.MethodPost || r.Body == nil {
		return ""
	}
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}

// onCreateOf applies a fault to the create of the token with each PaymentProfileID.
func onCreateOf(faults map[string]sandbox.Fault) sandbox.FaultFunc {
	return func(r *http.Request) *sandbox.Fault {
		body := postBody(r)
		for profile, f := range faults {
			if strings.Contains(body, `"`+profile+`"`) {
				return &f
			}
		}
		return nil
	}
}

// refuseCreateOf answers 400 to the create of the token with this PaymentProfileID.
func refuseCreateOf(profile string) sandbox.FaultFunc {
	return onCreateOf(map[string]sandbox.Fault{profile: {
		Status: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}},
		Body: []byte(`[{"Key":"Error","Value":"","Status":"400","Message":"Invalid PaymentProfileID"}]`),
	}})
}

// onPosts applies fault to the creates numbered in which (1-based, in the
// order the sandbox receives them), calling before first when not nil.
func onPosts(fault sandbox.Fault, before func(), which ...int) sandbox.FaultFunc {
	var mu sync.Mutex
	n := 0
	return func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPost {
			return nil
		}
		mu.Lock()
		n++
		hit := slices.Contains(which, n)
		mu.Unlock()
		if !hit {
			return nil
		}
		if before != nil {
			before()
		}
		f := fault
		return &f
	}
}
