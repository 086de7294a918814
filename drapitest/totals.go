package drapitest

import (
	"math"

	"github.com/drapi-go/drapi/gen"
)

// DefaultTaxRate is the tax rate of a fake made without WithTaxRate: 10%.
const DefaultTaxRate = 0.10

// totals are an order's totals, computed as the package documentation's
// "Order totals" says.
type totals struct {
	subtotal, discount, shipping, tax, amount float64
}

// round2 rounds to the cent, half away from zero.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// off returns what a discount takes off base: amountOff (at most base), else
// percentOff of base.
func off(base float64, amountOff, percentOff *float64) float64 {
	switch {
	case amountOff != nil:
		return round2(min(max(*amountOff, 0), base))
	case percentOff != nil:
		return round2(base * min(max(*percentOff, 0), 100) / 100)
	}
	return 0
}

// taxOf returns the tax on amount x at rate.
func taxOf(x, rate float64, inclusive bool) float64 {
	if inclusive {
		return round2(x - x/(1+rate))
	}
	return round2(x * rate)
}

// priceOrder fills in the items' amounts and taxes and returns the order's
// totals. items must be new slices the caller owns.
func priceOrder(req *gen.OrderRequest, items []gen.OrderItem, rate float64) (totals, *float64) {
	inclusive := deref(req.TaxInclusive)
	var t totals
	var itemDiscounts float64
	for i := range items {
		r := req.Items[i]
		p, q := max(deref(r.Price), 0), max(deref(r.Quantity), 1)
		gross := round2(p * float64(q))
		var disc float64
		if d := r.Discount; d != nil {
			units := q
			if d.Quantity != nil {
				units = min(max(*d.Quantity, 0), q)
			}
			disc = min(round2(off(p, d.AmountOff, d.PercentOff)*float64(units)), gross)
		}
		amount := round2(gross - disc)
		items[i].Amount = new(amount)
		items[i].Tax = &gen.ItemTax{Rate: new(rate), Amount: new(taxOf(amount, rate, inclusive))}
		itemDiscounts += disc
		t.subtotal += amount
	}
	t.subtotal = round2(t.subtotal)
	var orderDisc float64
	if d := req.Discount; d != nil {
		orderDisc = off(t.subtotal, d.AmountOff, d.PercentOff)
	}
	var shipping, shipDisc float64
	if sc := req.ShippingChoice; sc != nil {
		shipping = max(deref(sc.Amount), 0)
	}
	if d := req.ShippingDiscount; d != nil {
		shipDisc = off(shipping, d.AmountOff, d.PercentOff)
	}
	t.shipping = round2(shipping - shipDisc)
	t.discount = round2(itemDiscounts + orderDisc + shipDisc)
	taxable := round2(t.subtotal - orderDisc + t.shipping)
	t.tax = taxOf(taxable, rate, inclusive)
	t.amount = taxable
	if !inclusive {
		t.amount = round2(taxable + t.tax)
	}
	var shippingTax *float64
	if req.ShippingChoice != nil {
		shippingTax = new(taxOf(t.shipping, rate, inclusive))
	}
	return t, shippingTax
}
