package main

import (
	"context"

	"github.com/drapi-go/drapi/gen"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() {
	register(func(e *env) *cobra.Command {
		return resourceCommand(e, "sources", "create and read payment sources", sourceActions())
	})
}

func sourceActions() []action {
	return []action{
		{
			name: "create", summary: "create a source from --data (a SourceRequest; type is required)",
			shows: gen.Source{},
			example: `  drapi sources create --data '{"type":"creditCard","amount":10.5}'
  drapi sources create --data @source.json`,
			body: func() any { return new(gen.SourceRequest) },
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Source](x)(x.c.Sources.Create(ctx, *x.body.(*gen.SourceRequest)))
				}
			},
		},
		{
			name: "get", args: []string{"ID"}, summary: "show a source",
			shows:   gen.Source{},
			example: `  drapi sources get a6809a63-e6a9-4016-abbc-f33d19fccb5b`,
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Source](x)(x.c.Sources.Get(ctx, x.args[0]))
				}
			},
		},
	}
}
