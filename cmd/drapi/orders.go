package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() {
	register(func(e *env) *cobra.Command {
		return resourceCommand(e, "orders", "list, read, create and update orders", orderActions())
	})
}

func orderActions() []action {
	return []action{
		{
			name: "list", summary: "list orders, newest first (one page, or every page with --all)",
			shows: gen.Order{},
			example: `  drapi orders list --limit 20
  drapi orders list --customer-id 5774321009 --state accepted --all
  drapi orders list --upstream-ids 7765374748   # find an order whose creation had no answer
  drapi orders list --state complete --fields id,totalAmount,currency --output jsonl`,
			setup: func(fs *pflag.FlagSet, x *call) func(context.Context) error {
				var p gen.ListOrdersParams
				pf := pageFlags{startingAfter: &p.StartingAfter, endingBefore: &p.EndingBefore, limit: &p.Limit}
				pf.register(fs)
				listFlag(fs, "ids", "ID", "only orders with these IDs", &p.IDs)
				listFlag(fs, "upstream-ids", "ID", "only orders with these upstreamIds", &p.UpstreamIDs)
				stringFlag(fs, "state", "STATE", "only orders in this state (accepted, blocked, cancelled, complete, fulfilled, in_review, pending_payment, ...)", &p.State)
				stringFlag(fs, "customer-id", "ID", "only orders of this customer", &p.CustomerID)
				stringFlag(fs, "checkout-id", "ID", "only orders of this checkout", &p.CheckoutID)
				stringFlag(fs, "application-id", "ID", "only orders of this application", &p.ApplicationID)
				stringFlag(fs, "email", "EMAIL", "only orders with this e-mail address", &p.Email)
				stringFlag(fs, "currency", "CODE", "only orders in this currency (ISO 4217)", &p.Currency)
				stringFlag(fs, "sku-id", "ID", "only orders containing this SKU", &p.SkuID)
				stringFlag(fs, "fraud-state", "STATE", "only orders in this fraud state (blocked, review_opened, passed, in_review)", &p.FraudState)
				stringFlag(fs, "browser-ip", "IP", "only orders placed from this browser IP", &p.BrowserIP)
				stringFlag(fs, "charge-type", "TYPE", "only orders of this charge type (customer_initiated, merchant_initiated, moto)", &p.ChargeType)
				stringFlag(fs, "subscription-id", "ID", "only orders of this subscription", &p.SubscriptionID)
				floatFlag(fs, "refunded-amount", "AMOUNT", "only orders with this refunded amount", &p.RefundedAmount)
				stringFlag(fs, "locale", "LOCALE", "only orders with this locale (en_US)", &p.Locale)
				stringFlag(fs, "customer-type", "TYPE", "only orders of this customer type (individual, business)", &p.CustomerType)
				timeRangeFlags(fs, "created", "createdTime", &p.CreatedTime)
				timeRangeFlags(fs, "updated", "updatedTime", &p.UpdatedTime)
				amountRangeFlags(fs, "total", "totalAmount", &p.TotalAmount)
				x.checks = append(x.checks, pf.check)
				return func(ctx context.Context) error {
					if pf.all {
						return streamAll(ctx, x, x.c.Orders.All(ctx, &p), pf.max, "orders")
					}
					list, err := x.c.Orders.List(ctx, &p)
					if err != nil {
						return err
					}
					return page(x.printer(), list, list.Data, list.HasMore, p.EndingBefore != nil, "orders")
				}
			},
		},
		{
			name: "get", args: []string{"ID"}, summary: "show an order",
			shows:   gen.Order{},
			example: `  drapi orders get ord_5823594809`,
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Order](x)(x.c.Orders.Get(ctx, x.args[0]))
				}
			},
		},
		{
			name: "create", summary: "create an order from --data (an OrderRequest); send an upstreamId to find it again if the answer is lost",
			shows: gen.Order{},
			example: `  drapi orders create --data @order.json
  drapi orders create --data '{"customerId":"5774321009","currency":"USD","upstreamId":"7765374799","items":[{"skuId":"sku_cable","price":9.99,"quantity":2}]}'`,
			body: func() any { return new(gen.OrderRequest) },
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					req := *x.body.(*gen.OrderRequest)
					o, err := x.c.Orders.Create(ctx, req)
					if errors.Is(err, client.ErrOutcomeUnknown) {
						return &orderOutcomeError{err: err, upstreamID: valueOf(req.UpstreamID)}
					}
					return printResult[gen.Order](x)(o, err)
				}
			},
		},
		{
			name: "update", args: []string{"ID"}, summary: "update an order with --data (requestToBeForgotten, upstreamId, metadata)",
			shows:   gen.Order{},
			example: `  drapi orders update ord_5823594809 --data '{"metadata":{"coupon":"iOS"}}'`,
			body:    func() any { return new(gen.UpdateOrderRequest) },
			setup: func(_ *pflag.FlagSet, x *call) func(context.Context) error {
				return func(ctx context.Context) error {
					return printResult[gen.Order](x)(x.c.Orders.Update(ctx, x.args[0], *x.body.(*gen.UpdateOrderRequest)))
				}
			},
		},
	}
}

// orderOutcomeError is an order create whose outcome is unknown; it knows
// the command that finds out what happened.
type orderOutcomeError struct {
	err        error
	upstreamID string
}

// Error is the client's error.
func (o *orderOutcomeError) Error() string { return o.err.Error() }

// Unwrap returns the client's error, which matches client.ErrOutcomeUnknown.
func (o *orderOutcomeError) Unwrap() error { return o.err }

// hint is the command that finds the order, if it was created.
func (o *orderOutcomeError) hint() string {
	if strings.TrimSpace(o.upstreamID) == "" {
		return "  The order had no upstreamId to look it up by: compare the newest orders with what you sent,\n" +
			"    drapi orders list --limit 5\n  and give each order an upstreamId from now on.\n"
	}
	return fmt.Sprintf("  To see whether the order was created (an empty list means it was not):\n    drapi orders list --upstream-ids %s\n", shellQuote(o.upstreamID))
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and -_.:
func shellQuote(s string) string {
	safe := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r))
	}) < 0
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// valueOf returns *p, or the zero value for nil.
func valueOf[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
