package main

import (
	"context"
	"flag"

	"github.com/drapi-go/drapi/gen"
)

func init() {
	register(resourceCommand("sources", "create and read payment sources", sourceActions))
}

var sourceActions = []action{
	{
		name: "create", summary: "create a source from --data (a SourceRequest; type is required)",
		example: `  drapi sources create --data '{"type":"creditCard","amount":10.5}'
  drapi sources create --data @source.json`,
		body: func() any { return new(gen.SourceRequest) },
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Sources.Create(ctx, *x.body.(*gen.SourceRequest)))
			}
		},
	},
	{
		name: "get", args: []string{"ID"}, summary: "show a source",
		example: `  drapi sources get a6809a63-e6a9-4016-abbc-f33d19fccb5b`,
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Sources.Get(ctx, x.args[0]))
			}
		},
	},
}
