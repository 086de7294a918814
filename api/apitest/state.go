package apitest

import "github.com/drapi-go/drapi/gen"

// Inspecting the fake's state from a test. Every method returns deep
// copies: changing them does not change the fake.

// Customer returns the customer with the ID, and whether there is one.
func (f *Fake) Customer(id string) (gen.Customer, bool) {
	c := f.store.customer(id)
	if c == nil {
		return gen.Customer{}, false
	}
	return copyOf(c), true
}

// Customers returns every customer, newest first.
func (f *Fake) Customers() []gen.Customer {
	f.store.mu.RLock()
	defer f.store.mu.RUnlock()
	return copies(f.store.customers.all())
}

// Source returns the source with the ID, and whether there is one.
func (f *Fake) Source(id string) (gen.Source, bool) {
	src := f.store.source(id)
	if src == nil {
		return gen.Source{}, false
	}
	return copyOf(src), true
}

// Sources returns every source, newest first.
func (f *Fake) Sources() []gen.Source {
	f.store.mu.RLock()
	defer f.store.mu.RUnlock()
	return copies(f.store.sources.all())
}

// Order returns the order with the ID, and whether there is one.
func (f *Fake) Order(id string) (gen.Order, bool) {
	o := f.store.order(id)
	if o == nil {
		return gen.Order{}, false
	}
	return copyOf(o), true
}

// Orders returns every order, newest first.
func (f *Fake) Orders() []gen.Order {
	f.store.mu.RLock()
	defer f.store.mu.RUnlock()
	return copies(f.store.orders.all())
}

// copyOf returns a deep copy of a stored object. Stored objects came from
// JSON, so they always encode.
func copyOf[T any](p *T) T {
	v, err := clone(*p)
	if err != nil {
		return *p
	}
	return v
}

func copies[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = copyOf(p)
	}
	return out
}
