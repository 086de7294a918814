package apitest

import (
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/drapi-go/drapi/gen"
)

// seedFiles are copies of the module's testdata/seeds/normalized fixtures
// (testdata is not embeddable from here); a test keeps them equal.
//
//go:embed seed/*.json
var seedFiles embed.FS

// The fixtures WithSeedFixtures loads, and where they come from.
var seedFixtures = []struct{ file, fixture string }{
	{"seed/customer.json", "getCustomer.response.json"},
	{"seed/source.json", "attachCustomerSource.response.json"},
	{"seed/order.json", "getOrder.response.json"},
}

// fixtureObjects decodes the embedded seed fixtures.
func fixtureObjects() ([]gen.Customer, []gen.Source, []gen.Order, error) {
	var c gen.Customer
	var s gen.Source
	var o gen.Order
	for i, v := range []any{&c, &s, &o} {
		b, err := seedFiles.ReadFile(seedFixtures[i].file)
		if err == nil {
			err = json.Unmarshal(b, v)
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("apitest: seed fixture %s: %w", seedFixtures[i].file, err)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()

	customers := make([]*gen.Customer, 0, len(cs))
	listed := map[string][]string{} // customer ID → the source IDs it lists
	seen := map[string]bool{}
	for i := range cs {
		c, err := clone(cs[i])
		switch {
		case err != nil:
			return fmt.Errorf("apitest: seed customer %q: %w", cs[i].ID, err)
		case c.ID == "":
			return fmt.Errorf("apitest: seed customer #%d has no id", i+1)
		case seen[c.ID] || s.customers.get(c.ID) != nil:
			return fmt.Errorf("apitest: seed customer %q given twice", c.ID)
		}
		seen[c.ID] = true
		c.CreatedTime, c.UpdatedTime = cmp.Or(c.CreatedTime, now), cmp.Or(c.UpdatedTime, c.CreatedTime, now)
		for _, src := range c.Sources {
			listed[c.ID] = append(listed[c.ID], src.ID)
		}
		customers = append(customers, &c)
	}

	sources := make([]*gen.Source, 0, len(ss))
	seen = map[string]bool{}
	for i := range ss {
		src, err := clone(ss[i])
		switch {
		case err != nil:
			return fmt.Errorf("apitest: seed source %q: %w", ss[i].ID, err)
		case src.ID == "":
			return fmt.Errorf("apitest: seed source #%d has no id", i+1)
		case seen[src.ID] || s.sources.get(src.ID) != nil:
			return fmt.Errorf("apitest: seed source %q given twice", src.ID)
		}
		seen[src.ID] = true
		sources = append(sources, &src)
	}
	for _, c := range customers {
		for _, src := range c.Sources {
			if src.ID == "" || seen[src.ID] || s.sources.get(src.ID) != nil {
				continue
			}
			seen[src.ID] = true
			src.CustomerID = ptr(c.ID)
			sources = append(sources, &src)
		}
	}
	for _, src := range sources {
		src.CreatedTime = cmp.Or(src.CreatedTime, now)
	}

	orders := make([]*gen.Order, 0, len(os))
	seen = map[string]bool{}
	for i := range os {
		o, err := clone(os[i])
		switch {
		case err != nil:
			return fmt.Errorf("apitest: seed order %q: %w", os[i].ID, err)
		case o.ID == "":
			return fmt.Errorf("apitest: seed order #%d has no id", i+1)
		case seen[o.ID] || s.orders.get(o.ID) != nil:
			return fmt.Errorf("apitest: seed order %q given twice", o.ID)
		}
		seen[o.ID] = true
		o.CreatedTime, o.UpdatedTime = cmp.Or(o.CreatedTime, now), cmp.Or(o.UpdatedTime, o.CreatedTime, now)
		orders = append(orders, &o)
	}

	insertAll(s, &s.customers, customers, func(c *gen.Customer) (string, int64) { return c.ID, c.CreatedTime.UnixNano() })
	insertAll(s, &s.sources, sources, func(src *gen.Source) (string, int64) { return src.ID, src.CreatedTime.UnixNano() })
	insertAll(s, &s.orders, orders, func(o *gen.Order) (string, int64) { return o.ID, o.CreatedTime.UnixNano() })

	// Attach: first the sources each customer lists, in its order, then the
	// other sources that name it.
	for _, c := range customers {
		for _, id := range listed[c.ID] {
			if src := s.sources.get(id); src != nil && deref(src.CustomerID) == c.ID && !slices.Contains(s.attached[c.ID], id) {
				s.attached[c.ID] = append(s.attached[c.ID], id)
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
