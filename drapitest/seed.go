package drapitest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// seedExamples names the contract's examples WithSeedFixtures loads: the
// API reference's customer, source and order.
var seedExamples = [...]string{"Customer", "Source", "Order"}

// fixtureObjects decodes the contract's seed examples.
func fixtureObjects() ([]gen.Customer, []gen.Source, []gen.Order, error) {
	var c gen.Customer
	var s gen.Source
	var o gen.Order
	for i, v := range []any{&c, &s, &o} {
		b, err := api.Example(seedExamples[i])
		if err == nil {
			err = json.Unmarshal(b, v)
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("drapitest: seed example %s: %w", seedExamples[i], err)
		}
	}
	return []gen.Customer{c}, []gen.Source{s}, []gen.Order{o}, nil
}

// clone returns a deep copy of v, made through its JSON form so that the
// store holds only what the API could have sent.
func clone[T any](v T) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(b, &out)
	return out, err
}

// seed stores the objects given to New, before it serves. Each kind is stored oldest first by
// createdTime, so lists show them newest first; a missing createdTime or
// updatedTime is set from the clock. Sources a customer lists are stored
// too (unless given themselves) and attached to it, as is every source whose
// customerId names a stored customer.
func (s *store) seed(cs []gen.Customer, ss []gen.Source, os []gen.Order) error {
	if len(cs)+len(ss)+len(os) == 0 {
		return nil
	}
	customers, err := seedCopies("customer", cs, func(c *gen.Customer) string { return c.ID })
	if err != nil {
		return err
	}
	sources, err := seedCopies("source", ss, func(src *gen.Source) string { return src.ID })
	if err != nil {
		return err
	}
	orders, err := seedCopies("order", os, func(o *gen.Order) string { return o.ID })
	if err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, c := range customers {
		c.CreatedTime, c.UpdatedTime = cmp.Or(c.CreatedTime, now), cmp.Or(c.UpdatedTime, c.CreatedTime, now)
	}
	for _, o := range orders {
		o.CreatedTime, o.UpdatedTime = cmp.Or(o.CreatedTime, now), cmp.Or(o.UpdatedTime, o.CreatedTime, now)
		withBothShapes(o)
		if o.CheckoutID != nil {
			s.checkouts[*o.CheckoutID] = o.ID
		}
	}
	given := map[string]bool{}
	for _, src := range sources {
		given[src.ID] = true
	}
	for _, c := range customers {
		for _, src := range c.Sources {
			if src.ID == "" || given[src.ID] {
				continue
			}
			given[src.ID] = true
			src.CustomerID = new(c.ID)
			sources = append(sources, &src)
		}
	}
	for _, src := range sources {
		src.CreatedTime = cmp.Or(src.CreatedTime, now)
	}

	insertAll(s, &s.customers, customers, func(c *gen.Customer) (string, int64) { return c.ID, c.CreatedTime.UnixNano() })
	insertAll(s, &s.sources, sources, func(src *gen.Source) (string, int64) { return src.ID, src.CreatedTime.UnixNano() })
	insertAll(s, &s.orders, orders, func(o *gen.Order) (string, int64) { return o.ID, o.CreatedTime.UnixNano() })

	// Attach: first the sources each customer lists, in its order, then the
	// other sources that name it.
	for _, c := range customers {
		for _, listed := range c.Sources {
			if src := s.sources.get(listed.ID); src != nil && deref(src.CustomerID) == c.ID && !slices.Contains(s.attached[c.ID], listed.ID) {
				s.attached[c.ID] = append(s.attached[c.ID], listed.ID)
			}
		}
	}
	for _, src := range sources {
		if cid := deref(src.CustomerID); s.customers.get(cid) != nil && !slices.Contains(s.attached[cid], src.ID) {
			s.attached[cid] = append(s.attached[cid], src.ID)
		}
	}
	for _, c := range customers {
		c.Sources = s.sourcesOf(c.ID)
	}
	return nil
}

// seedCopies returns deep copies of the objects of one kind given to New,
// refusing one that does not encode, has no ID, or has the ID of another.
func seedCopies[T any](kind string, objs []T, id func(*T) string) ([]*T, error) {
	out := make([]*T, 0, len(objs))
	seen := map[string]bool{}
	for i := range objs {
		v, err := clone(objs[i])
		switch {
		case err != nil:
			return nil, fmt.Errorf("drapitest: seed %s %q: %w", kind, id(&objs[i]), err)
		case id(&v) == "":
			return nil, fmt.Errorf("drapitest: seed %s #%d has no id", kind, i+1)
		case seen[id(&v)]:
			return nil, fmt.Errorf("drapitest: seed %s %q given twice", kind, id(&v))
		}
		seen[id(&v)] = true
		out = append(out, &v)
	}
	return out, nil
}

// insertAll stores objects oldest first by createdTime (ties keep their
// order). Callers hold mu.
func insertAll[T any](s *store, t *table[T], objs []*T, key func(*T) (string, int64)) {
	slices.SortStableFunc(objs, func(a, b *T) int {
		_, ta := key(a)
		_, tb := key(b)
		return cmp.Compare(ta, tb)
	})
	for _, o := range objs {
		id, _ := key(o)
		t.insert(id, s.nextSeq(), o)
	}
}
