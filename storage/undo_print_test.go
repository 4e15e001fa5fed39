package storage

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// storedPrint cuts the DueAt member out of the stored JSON by position, so
// DueAt must stay the last field of Contact.
func TestDueAtIsTheLastContactField(t *testing.T) {
	typ := reflect.TypeOf(Contact{})
	if last := typ.Field(typ.NumField() - 1).Name; last != "DueAt" {
		t.Fatalf("the last field of Contact is %s; storedPrint expects DueAt", last)
	}
}

func TestStoredPrintIgnoresOnlyDueAt(t *testing.T) {
	c := Contact{ID: 7, Name: `Toko ,"DueAt":"x" 99`, Note: `he said "hi"`, Total: 350000}
	enc := func(c Contact) []byte {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	base := storedPrint(enc(c))
	due := c
	due.DueAt = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	if storedPrint(enc(due)) != base {
		t.Error("a DueAt change changes the fingerprint")
	}
	for _, changed := range []Contact{
		{ID: 7, Name: `Toko ,"DueAt":"x" 99`, Note: `he said "hi"`, Total: 350001},
		{ID: 7, Name: `Toko ,"DueAt":"y" 99`, Note: `he said "hi"`, Total: 350000},
		{ID: 7, Name: `Toko ,"DueAt":"x" 99`, Note: `he said "ho"`, Total: 350000},
	} {
		changed.DueAt = due.DueAt
		if storedPrint(enc(changed)) == base {
			t.Errorf("change not seen: %+v", changed)
		}
	}
}
