package main

import (
	"fmt"
	"runtime/debug"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
	"github.com/spf13/cobra"
)

func init() {
	register(func(e *env) *cobra.Command {
		return &cobra.Command{
			Use:     "version",
			Short:   "print drapi's module version and the contract's version (also: drapi --version)",
			Long:    "Prints the module version (from the build), the client's version, and the contract's info.version.",
			GroupID: "other",
			Args:    cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				fmt.Fprintf(e.stdout, "drapi %s (client %s, contract %s)\n", moduleVersion(), clientVersion(), contractVersion())
				return nil
			},
		}
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

func clientVersion() string   { return client.Version }
func contractVersion() string { return gen.ContractVersion }
