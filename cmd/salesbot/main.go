// Command salesbot runs the Salesbot Telegram bot, its terminal chat mode,
// and one-off scheduler passes.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	_ "time/tzdata" // WIB, WITA and WIT work on machines without a zoneinfo database
)

func main() {
	if err := run(context.Background(), os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.As(err, new(reported)) { // else run has explained it already
			fmt.Fprintln(os.Stderr, "salesbot:", err)
		}
		os.Exit(1)
	}
}
