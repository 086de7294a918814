package main

import (
	"context"
	"flag"

	"github.com/drapi-go/drapi/gen"
)

func init() {
	register(resourceCommand("orders", "list, read, create and update orders", orderActions))
}

var orderActions = []action{
	{
		name: "list", summary: "list orders, newest first (one page, or --all)",
		example: `  drapi orders list --limit 20
  drapi orders list --customer-id 5774321009 --state accepted --all
  drapi orders list --upstream-ids 7765374748   # find an order whose creation had no answer`,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) error {
			var p gen.ListOrdersParams
			var all bool
			pageFlags(fs, &p.StartingAfter, &p.EndingBefore, &p.Limit, &all)
			listFlag(fs, "ids", "only orders with these IDs", &p.IDs)
			listFlag(fs, "upstream-ids", "only orders with these upstreamIds", &p.UpstreamIDs)
			stringFlag(fs, "state", "only orders in this state (accepted, blocked, complete, ...)", &p.State)
			stringFlag(fs, "customer-id", "only orders of this customer", &p.CustomerID)
			stringFlag(fs, "checkout-id", "only orders of this checkout", &p.CheckoutID)
			stringFlag(fs, "application-id", "only orders of this application", &p.ApplicationID)
			stringFlag(fs, "email", "only orders with this e-mail address", &p.Email)
			stringFlag(fs, "currency", "only orders in this currency (ISO 4217)", &p.Currency)
			stringFlag(fs, "sku-id", "only orders containing this SKU", &p.SkuID)
			stringFlag(fs, "fraud-state", "only orders in this fraud state (blocked, review_opened, passed, in_review)", &p.FraudState)
			stringFlag(fs, "browser-ip", "only orders placed from this browser IP", &p.BrowserIP)
			stringFlag(fs, "charge-type", "only orders of this charge type (customer_initiated, merchant_initiated, moto)", &p.ChargeType)
			stringFlag(fs, "subscription-id", "only orders of this subscription", &p.SubscriptionID)
			floatFlag(fs, "refunded-amount", "only orders with this refunded amount", &p.RefundedAmount)
			stringFlag(fs, "locale", "only orders with this locale (en_US)", &p.Locale)
			stringFlag(fs, "customer-type", "only orders of this customer type (individual, business)", &p.CustomerType)
			return func(ctx context.Context, x *call) error {
				if all {
					return streamAll(x, x.c.Orders.All(ctx, &p))
				}
				return printResult(x)(x.c.Orders.List(ctx, &p))
			}
		},
	},
	{
		name: "get", args: []string{"ID"}, summary: "show an order",
		example: `  drapi orders get ord_5823594809`,
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Orders.Get(ctx, x.args[0]))
			}
		},
	},
	{
		name: "create", summary: "create an order from --data (an OrderRequest); send an upstreamId to reconcile on failure",
		example: `  drapi orders create --data @order.json
  drapi orders create --data '{"currency":"USD","upstreamId":"7765374748","items":[{"skuId":"sku_1","price":9.99,"quantity":2}]}'`,
		body: func() any { return new(gen.OrderRequest) },
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Orders.Create(ctx, *x.body.(*gen.OrderRequest)))
			}
		},
	},
	{
		name: "update", args: []string{"ID"}, summary: "update an order with --data (requestToBeForgotten, upstreamId, metadata)",
		example: `  drapi orders update ord_5823594809 --data '{"metadata":{"coupon":"iOS"}}'`,
		body:    func() any { return new(gen.UpdateOrderRequest) },
		setup: func(*flag.FlagSet) func(context.Context, *call) error {
			return func(ctx context.Context, x *call) error {
				return printResult(x)(x.c.Orders.Update(ctx, x.args[0], *x.body.(*gen.UpdateOrderRequest)))
			}
		},
	},
}
