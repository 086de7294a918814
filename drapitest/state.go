package drapitest

import "github.com/drapi-go/drapi/gen"

// Inspecting the fake's state from a test. Every method returns deep
// copies: changing them does not change the fake.

// Customer returns the customer with the ID, and whether there is one.
func (f *Fake) Customer(id string) (gen.Customer, bool) { return copyFound(f.store.customer(id)) }

// Customers returns every customer, newest first.
func (f *Fake) Customers() []gen.Customer { return copyAll(f.store, &f.store.customers) }

// Source returns the source with the ID, and whether there is one.
func (f *Fake) Source(id string) (gen.Source, bool) { return copyFound(f.store.source(id)) }

// Sources returns every source, newest first.
func (f *Fake) Sources() []gen.Source { return copyAll(f.store, &f.store.sources) }

// Order returns the order with the ID, and whether there is one.
func (f *Fake) Order(id string) (gen.Order, bool) { return copyFound(f.store.order(id)) }

// Orders returns every order, newest first.
func (f *Fake) Orders() []gen.Order { return copyAll(f.store, &f.store.orders) }

// copyOf returns a deep copy of a stored object. Stored objects came from
// JSON, so they always encode.
func copyOf[T any](p *T) T {
	v, err := clone(*p)
	if err != nil {
		return *p
	}
	return v
}

// copyFound returns a deep copy of *p and true, or false when p is nil.
func copyFound[T any](p *T) (T, bool) {
	if p == nil {
		var zero T
		return zero, false
	}
	return copyOf(p), true
}

// copyAll returns deep copies of t's objects, newest first. Stored objects
// never change, so they are copied after the lock is released.
func copyAll[T any](s *store, t *table[T]) []T {
	s.mu.RLock()
	ps := t.all()
	s.mu.RUnlock()
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = copyOf(p)
	}
	return out
}
