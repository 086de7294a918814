package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/drapi-go/drapi/gen"
)

func init() {
	register(resourceCommand("customers", "list, read, create, update and delete customers; attach sources", customerActions))
}

var customerActions = []action{
	{
		name: "list", summary: "list customers, newest first (one page, or --all)",
		example: `  drapi customers list --limit 5
  drapi customers list --email jsmith@digitalriver.com --all
  drapi customers list --ids 5823594809,5823594810`,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) error {
			var p gen.ListCustomersParams
			var all bool
			pageFlags(fs, &p.StartingAfter, &p.EndingBefore, &p.Limit, &all)
			stringFlag(fs, "email", "only customers with this e-mail address", &p.Email)
			listFlag(fs, "ids", "only customers with these IDs", &p.IDs)
			boolFlag(fs, "request-to-be-forgotten", "only customers whose requestToBeForgotten is true or false", &p.RequestToBeForgotten)
			return func(ctx context.Context, x *call) error {
				if all {
					return streamAll(x, x.c.Customers.All(ctx, &p))
				}
				return printResult(x)(x.c.Customers.List(ctx, &p))
			}
		},
	},
	{
		name: "get", args: []string{"ID"}, summary: "show a customer",
		example: `  drapi customers get 5823594809`,
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Customers.Get(ctx, x.args[0]))
			}
		},
	},
	{
		name: "create", summary: "create a customer from --data (a CustomerRequest)",
		example: `  drapi customers create --data '{"email":"jsmith@digitalriver.com","type":"individual"}'
  drapi customers create --data @customer.json
  jq -n '{email: "a@example.com"}' | drapi customers create --data -`,
		body: func() any { return new(gen.CustomerRequest) },
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Customers.Create(ctx, *x.body.(*gen.CustomerRequest)))
			}
		},
	},
	{
		name: "update", args: []string{"ID"}, summary: "update a customer with --data (an UpdateCustomerRequest; only the fields sent change)",
		example: `  drapi customers update 5823594809 --data '{"requestToBeForgotten":true}'`,
		body:    func() any { return new(gen.UpdateCustomerRequest) },
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Customers.Update(ctx, x.args[0], *x.body.(*gen.UpdateCustomerRequest)))
			}
		},
	},
	{
		name: "delete", args: []string{"ID"}, summary: "delete a customer",
		example: `  drapi customers delete 5823594809`,
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				if err := x.c.Customers.Delete(ctx, x.args[0]); err != nil {
					return err
				}
				fmt.Fprintf(x.env.stderr, "drapi: deleted customer %s\n", x.args[0])
				return nil
			}
		},
	},
	{
		name: "attach-source", args: []string{"CUSTOMER_ID", "SOURCE_ID"}, summary: "attach a source to a customer; prints the source",
		example: `  drapi customers attach-source 5823594809 a6809a63-e6a9-4016-abbc-f33d19fccb5b`,
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Customers.AttachSource(ctx, x.args[0], x.args[1]))
			}
		},
	},
	{
		name: "detach-source", args: []string{"CUSTOMER_ID", "SOURCE_ID"}, summary: "detach a source from a customer",
		example: `  drapi customers detach-source 5823594809 a6809a63-e6a9-4016-abbc-f33d19fccb5b`,
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				if err := x.c.Customers.DetachSource(ctx, x.args[0], x.args[1]); err != nil {
					return err
				}
				fmt.Fprintf(x.env.stderr, "drapi: detached source %s from customer %s\n", x.args[1], x.args[0])
				return nil
			}
		},
	},
}
