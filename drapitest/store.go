package drapitest

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
)

// record is one stored object and its place in creation order. The object
// is never changed once stored: an update stores a new one, so a handler may
// encode what it read after the lock is released.
type record[T any] struct {
	seq uint64
	v   *T
}

// table holds the objects of one kind: by ID, and in creation order.
type table[T any] struct {
	byID map[string]*record[T]
	list []*record[T] // ascending seq: oldest first
}

func newTable[T any]() table[T] {
	return table[T]{byID: map[string]*record[T]{}}
}

// get returns the object with the ID, or nil.
func (t *table[T]) get(id string) *T {
	if r := t.byID[id]; r != nil {
		return r.v
	}
	return nil
}

// insert adds a new object at the newest end.
func (t *table[T]) insert(id string, seq uint64, v *T) {
	r := &record[T]{seq: seq, v: v}
	t.byID[id] = r
	t.list = append(t.list, r)
}

// seqOf returns the creation sequence number of the object with the ID.
func (t *table[T]) seqOf(id string) (uint64, bool) {
	if r := t.byID[id]; r != nil {
		return r.seq, true
	}
	return 0, false
}

// replace swaps the object stored under id for v.
func (t *table[T]) replace(id string, v *T) {
	t.byID[id].v = v
}

// remove deletes the object and returns its seq.
func (t *table[T]) remove(id string) uint64 {
	r := t.byID[id]
	delete(t.byID, id)
	i := t.index(r.seq)
	t.list = slices.Delete(t.list, i, i+1)
	return r.seq
}

// index returns the position of the first record whose seq is >= seq.
func (t *table[T]) index(seq uint64) int {
	return sort.Search(len(t.list), func(i int) bool { return t.list[i].seq >= seq })
}

// all returns the objects newest first.
func (t *table[T]) all() []*T {
	out := make([]*T, 0, len(t.list))
	for i := len(t.list) - 1; i >= 0; i-- {
		out = append(out, t.list[i].v)
	}
	return out
}

// store is the fake's state. Every method that reads takes mu for reading;
// every method that writes takes it for writing, so each operation is atomic.
type store struct {
	mu    sync.RWMutex
	clock func() time.Time

	seq       uint64 // creation order of every object, for newest-first lists
	customers table[gen.Customer]
	sources   table[gen.Source]
	orders    table[gen.Order]
	// attached lists the IDs of each customer's sources, in attachment order.
	attached map[string][]string
	// deleted keeps the seq of deleted customers, so a cursor naming one
	// still pages from where it was.
	deleted map[string]uint64
	// checkouts maps each checkoutId that became an order to the order's ID.
	checkouts map[string]string

	// counters of generated IDs
	nCustomer, nOrder, nItem, nUUID uint64

	taxRate float64 // set once, read without the lock
}

func newStore(clock func() time.Time, taxRate float64) *store {
	return &store{
		clock:     clock,
		customers: newTable[gen.Customer](),
		sources:   newTable[gen.Source](),
		orders:    newTable[gen.Order](),
		attached:  map[string][]string{},
		deleted:   map[string]uint64{},
		checkouts: map[string]string{},
		taxRate:   taxRate,
	}
}

// now returns the clock's time in UTC, to the millisecond as the API has
// it. Callers hold mu, so creation order and createdTime agree.
func (s *store) now() *drapi.Time {
	return drapi.TimeOf(s.clock().UTC().Truncate(time.Millisecond))
}

// nextSeq returns the next creation sequence number. Callers hold mu.
func (s *store) nextSeq() uint64 {
	s.seq++
	return s.seq
}

// newCustomerID returns an unused customer ID, cus_ and ten digits.
func (s *store) newCustomerID() string {
	for {
		s.nCustomer++
		id := fmt.Sprintf("cus_%010d", s.nCustomer)
		if s.customers.get(id) == nil {
			return id
		}
	}
}

// newSourceID returns an unused source ID: a UUID, as attachCustomerSource's
// path parameter requires.
func (s *store) newSourceID() string {
	for {
		id := s.newUUID()
		if s.sources.get(id) == nil {
			return id
		}
	}
}

// newOrderID returns an unused order ID, ord_ and ten digits.
func (s *store) newOrderID() string {
	for {
		s.nOrder++
		id := fmt.Sprintf("ord_%010d", s.nOrder)
		if s.orders.get(id) == nil {
			return id
		}
	}
}

// newItemID returns an order item ID, twelve digits as the API has them.
func (s *store) newItemID() string {
	s.nItem++
	return fmt.Sprintf("%012d", 100000000000+s.nItem)
}

// newUUID returns a version 4 shaped UUID made from a counter, so the IDs a
// fake hands out are the same from run to run.
func (s *store) newUUID() string {
	s.nUUID++
	n := s.nUUID
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(n*2654435761), uint16(n>>32), n&0xfff, (n>>12)&0xfff, n)
}
