package main

import (
	"context"
	"fmt"

	"github.com/drapi-go/drapi/gen"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() {
	register(func(e *env) *cobra.Command {
		return resourceCommand(e, "customers", "list, read, create, update and delete customers; attach sources", customerActions())
	})
}

func customerActions() []action {
	return []action{
		{
			name: "list", summary: "list customers, newest first (one page, or every page with --all)",
			shows: gen.Customer{},
			example: `  drapi customers list --limit 5
  drapi customers list --email jsmith@digitalriver.com --all
  drapi customers list --ids 5823594809,5774321009 --fields id,email,type`,
			setup: func(fs *pflag.FlagSet, x *call) func(context.Context) error {
				var p gen.ListCustomersParams
				pf := pageFlags{startingAfter: &p.StartingAfter, endingBefore: &p.EndingBefore, limit: &p.Limit}
				pf.register(fs)
				stringFlag(fs, "email", "EMAIL", "only customers with this e-mail address", &p.Email)
				listFlag(fs, "ids", "ID", "only customers with these IDs", &p.IDs)
				boolFlag(fs, "request-to-be-forgotten", "only customers whose requestToBeForgotten is true or false", &p.RequestToBeForgotten)
				timeRangeFlags(fs, "created", "createdTime", &p.CreatedTime)
				timeRangeFlags(fs, "updated", "updatedTime", &p.UpdatedTime)
				x.checks = append(x.checks, pf.check)
				return func(ctx context.Context) error {
					if pf.all {
						return streamAll(ctx, x, x.c.Customers.All(ctx, &p), pf.max, "customers")
					}
					list, err := x.c.Customers.List(ctx, &p)
					if err != nil {
						return err
					}
					return page(x.printer(), list, list.Data, list.HasMore, p.EndingBefore != nil, "customers")
				}
			},
		},
		{
			name: "get", args: []string{"ID"}, summary: "show a customer",
			shows:   gen.Customer{},
			example: `  drapi customers get 5823594809`,
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Customer](x)(x.c.Customers.Get(ctx, x.args[0]))
				}
			},
		},
		{
			name: "create", summary: "create a customer from --data (a CustomerRequest)",
			shows: gen.Customer{},
			example: `  drapi customers create --data '{"email":"jsmith@digitalriver.com","type":"individual"}'
  drapi customers create --data @customer.json
  echo '{"email":"a@example.com"}' | drapi customers create --data -`,
			body: func() any { return new(gen.CustomerRequest) },
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Customer](x)(x.c.Customers.Create(ctx, *x.body.(*gen.CustomerRequest)))
				}
			},
		},
		{
			name: "update", args: []string{"ID"}, summary: "update a customer with --data (an UpdateCustomerRequest; only the fields sent change)",
			shows:   gen.Customer{},
			example: `  drapi customers update 5823594809 --data '{"locale":"fr_FR","metadata":{"tier":"gold"}}'`,
			body:    func() any { return new(gen.UpdateCustomerRequest) },
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Customer](x)(x.c.Customers.Update(ctx, x.args[0], *x.body.(*gen.UpdateCustomerRequest)))
				}
			},
		},
		{
			name: "delete", args: []string{"ID"}, summary: "delete a customer",
			example: `  drapi customers delete 5912450071`,
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
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
			shows:   gen.Source{},
			example: `  drapi customers attach-source 5823594809 f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f`,
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Source](x)(x.c.Customers.AttachSource(ctx, x.args[0], x.args[1]))
				}
			},
		},
		{
			name: "detach-source", args: []string{"CUSTOMER_ID", "SOURCE_ID"}, summary: "detach a source from a customer",
			example: `  drapi customers detach-source 5823594809 a6809a63-e6a9-4016-abbc-f33d19fccb5b`,
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					if err := x.c.Customers.DetachSource(ctx, x.args[0], x.args[1]); err != nil {
						return err
					}
					fmt.Fprintf(x.env.stderr, "drapi: detached source %s from customer %s\n", x.args[1], x.args[0])
					return nil
				}
			},
		},
	}
}

// printResult prints the object an API call returned, or passes its error on.
// Use it as printResult(x)(x.c.Customers.Get(ctx, id)).
func printResult[T any](x *call) func(v *T, err error) error {
	return func(v *T, err error) error {
		if err != nil {
			return err
		}
		return x.printer().one(v)
	}
}
