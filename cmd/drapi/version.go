package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/client"
)

func init() {
	register(command{
		name:    "version",
		summary: "print drapi's module version and the contract's version",
		run: func(_ context.Context, e *env, args []string) int {
			if len(args) > 0 {
				if isHelp(args[0]) {
					fmt.Fprintln(e.stdout, "Usage: drapi version\n\nPrints the module version (from the build), the client's version, and the contract's info.version.")
					return exitOK
				}
				fmt.Fprintln(e.stderr, "drapi version: takes no arguments")
				return exitUsage
			}
			fmt.Fprintf(e.stdout, "drapi %s (client %s, contract %s)\n", moduleVersion(), client.Version, api.Spec().Info.Version)
			return exitOK
		},
	})
}

// moduleVersion is the version of github.com/drapi-go/drapi this binary was
// built from: a tag for `go install ...@v1.2.3`, "(devel)" from a checkout.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
