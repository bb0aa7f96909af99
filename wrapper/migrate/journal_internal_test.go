package migrate

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordFieldsFollowTheRecordsJSON(t *testing.T) {
	rt := reflect.TypeFor[journalRecord]()
	require.Len(t, recordFields, rt.NumField())
	for i, f := range recordFields {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		assert.Equal(t, name, f.name)
		assert.Equal(t, rt.Field(i).Type.Kind() == reflect.String, f.str, f.name)
	}
}

func TestEveryStartOfARecordIsATornRecordAndNothingElseIs(t *testing.T) {
	d := hex.EncodeToString(make([]byte, len(keyDigest{})))
	sum := strings.Repeat("0a", 32)
	for _, rec := range []journalRecord{
		{Op: opBegin, Store: sum, File: sum, Key: "GatewayID,CustomerProfileID,PaymentProfileID"},
		{Op: opBegin, Store: sum, Places: sum, Name: "sandbox-store.3dcartstores.com at 127.0.0.1:8080", File: sum, Key: "GatewayID"},
		{Op: opRun, PID: 4242},
		{Op: opIntent, Key: d, Line: 12},
		{Op: opCreated, Key: d, Line: 12, ID: 2147483647},
		{Op: opRefused, Key: d, Line: 3},
		{Op: opDeleted, ID: 9},
	} {
		rec.At = time.Now().UnixMilli()
		b, err := json.Marshal(rec)
		require.NoError(t, err)
		for i := range len(b) + 1 {
			assert.True(t, isRecordPrefix(b[:i]), "%s", b[:i])
		}
		assert.False(t, isRecordPrefix(append(b, '}')), "%s}", b)
	}
	for _, s := range []string{
		"garbage", " ", "\x00\x00\x00", `{"op":"intent"x`, `{"key":"00"`, `{"op":"intent","nope":1`,
		`{"op":"intent","line":1,"key":"00"`, // out of order
		`{"op":"intent","line":"1"`, `{"op":"intent","key":"0a\"`, `{"op":"intent","at":1}}`, `{"op":"intent","line":-`,
		`{"op":"intent","line":-}`,
	} {
		assert.False(t, isRecordPrefix([]byte(s)), "%s", s)
	}
}

func TestTheJournalKeepsEachPendingIntentWithItsLine(t *testing.T) {
	key, err := tokenfile.NewKey(nil)
	require.NoError(t, err)
	target := journalTarget{store: strings.Repeat("ab", 32), key: key}
	path := filepath.Join(t.TempDir(), "journal")
	sent := time.UnixMilli(1_700_000_000_123)
	clock := sent
	digest := func(k string) keyDigest { return digestOf(k) }

	j, err := openJournal(path, target)
	require.NoError(t, err)
	j.now = func() time.Time { return clock }
	for i, op := range []struct {
		op   string
		key  string
		line int
	}{
		{opIntent, "a", 4}, {opIntent, "b", 7}, {opCreated, "a", 4}, {opIntent, "c", 9}, {opRefused, "c", 9},
		{opIntent, "d", 11}, {opIntent, "d", 11}, // sent again by a later attempt
	} {
		clock = sent.Add(time.Duration(i) * time.Second)
		require.NoError(t, j.record(keyRecord{op: op.op, d: digest(op.key), line: op.line}))
	}
	j.close()

	j, err = openJournal(path, target)
	require.NoError(t, err)
	defer j.close()
	assert.Equal(t, map[keyDigest]pendingIntent{
		digest("b"): {line: 7},
		digest("d"): {line: 11},
	}, j.pending)

	content, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(content)), "\n") {
		var rec journalRecord
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		assert.Positive(t, rec.At, "every record holds its time: %s", line)
	}
}

func TestTheIntentsOfAnArrayAreWrittenTogether(t *testing.T) {
	key, err := tokenfile.NewKey(nil)
	require.NoError(t, err)
	target := journalTarget{store: strings.Repeat("ab", 32), key: key}
	path := filepath.Join(t.TempDir(), "journal")
	sent := time.UnixMilli(1_700_000_000_123)
	j, err := openJournal(path, target)
	require.NoError(t, err)
	j.now = func() time.Time { return sent }
	require.NoError(t, j.record(
		keyRecord{op: opIntent, d: digestOf("a"), line: 1},
		keyRecord{op: opIntent, d: digestOf("b"), line: 2},
		keyRecord{op: opIntent, d: digestOf("c"), line: 3},
	))
	require.NoError(t, j.record(keyRecord{op: opCreated, d: digestOf("b"), line: 2, id: 9}))
	j.close()

	j, err = openJournal(path, target)
	require.NoError(t, err)
	defer j.close()
	assert.Equal(t, map[keyDigest]pendingIntent{
		digestOf("a"): {line: 1},
		digestOf("c"): {line: 3},
	}, j.pending)
}
