package client

import (
	"context"
	"fmt"
	"iter"
	"slices"
)

// Limits of the API's page size.
const (
	minLimit = 1
	maxLimit = 100
)

// checkPageParams rejects what the API would refuse in list parameters:
// both cursors at once, an empty cursor, a limit outside 1..100.
func checkPageParams(where string, after, before *string, limit *int) error {
	switch {
	case after != nil && before != nil:
		return fmt.Errorf("drapi: %s: StartingAfter and EndingBefore are both set; the API takes one cursor", where)
	case after != nil && *after == "":
		return fmt.Errorf("drapi: %s: StartingAfter is set but empty", where)
	case before != nil && *before == "":
		return fmt.Errorf("drapi: %s: EndingBefore is set but empty", where)
	case limit != nil && (*limit < minLimit || *limit > maxLimit):
		return fmt.Errorf("drapi: %s: Limit %d is out of range %d..%d", where, *limit, minLimit, maxLimit)
	}
	return nil
}

// pager fetches pages of T for all.
type pager[T any] struct {
	where string // such as "Customers.All", for errors
	// after and before are the caller's StartingAfter and EndingBefore, at
	// most one of them set; with before set the walk goes backwards.
	after, before *string
	// fetch gets one page with after and before as StartingAfter and
	// EndingBefore: at most one is set, neither for a first page from the
	// newest item.
	fetch func(ctx context.Context, after, before *string) (items []T, hasMore bool, err error)
	// id returns an item's ID, or "" when it has none.
	id func(*T) string
}

// page is one fetched page.
type page[T any] struct {
	items   []T
	hasMore bool
	err     error
}

// all returns the iterator of every item from p's start on. It fetches the
// next page while the caller handles the current one (one page ahead at
// most); ending the loop cancels that fetch and waits for it, so nothing
// outlives the loop.
func (p pager[T]) all(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, fmt.Errorf("drapi: %s: nil context", p.where))
			return
		}
		backwards, start := p.before != nil, p.after
		if backwards {
			start = p.before
		}
		fetch := func(ctx context.Context, cursor *string) ([]T, bool, error) {
			if backwards {
				return p.fetch(ctx, nil, cursor)
			}
			return p.fetch(ctx, cursor, nil)
		}
		ctx, cancel := context.WithCancel(ctx)
		var next chan page[T] // the fetch under way, if any
		defer func() {
			cancel()
			if next != nil {
				<-next
			}
		}()
		fetchAhead := func(cursor *string) chan page[T] {
			ch := make(chan page[T], 1)
			go func() {
				items, more, err := fetch(ctx, cursor)
				ch <- page[T]{items, more, err}
			}()
			return ch
		}

		seen := make(map[string]bool)
		if start != nil {
			seen[*start] = true
		}
		items, hasMore, err := fetch(ctx, start)
		for n := 1; ; n++ {
			if err != nil {
				yield(zero, err)
				return
			}
			var cursor string
			if hasMore {
				if len(items) == 0 {
					yield(zero, fmt.Errorf("drapi: %s: page %d has hasMore true and no data; stopping rather than asking the same page forever", p.where, n))
					return
				}
				edge := &items[len(items)-1]
				if backwards {
					edge = &items[0]
				}
				if cursor = p.id(edge); cursor == "" {
					yield(zero, fmt.Errorf("drapi: %s: page %d has hasMore true but its edge item has no id to page from", p.where, n))
					return
				}
				if seen[cursor] {
					yield(zero, fmt.Errorf("drapi: %s: page %d repeats the cursor %q; stopping rather than looping forever", p.where, n, cursor))
					return
				}
				seen[cursor] = true
				next = fetchAhead(&cursor)
			}
			if backwards {
				// Walking back, yield from the cursor outwards, as the pages come.
				slices.Reverse(items)
			}
			for i := range items {
				if !yield(items[i], nil) {
					return
				}
			}
			if !hasMore {
				return
			}
			r := <-next
			next = nil
			items, hasMore, err = r.items, r.hasMore, r.err
		}
	}
}
