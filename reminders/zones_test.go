package reminders_test

import (
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// The three Indonesian zones.
var (
	wibLoc  = mustZone("Asia/Jakarta")  // UTC+7
	witaLoc = mustZone("Asia/Makassar") // UTC+8
	witLoc  = mustZone("Asia/Jayapura") // UTC+9
)
