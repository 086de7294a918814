package drapitest

import "slices"

// Paging, as CONTRACT.md describes it: objects are listed newest first;
// startingAfter=<id> asks for the page of objects older than that one,
// endingBefore=<id> for the page of objects newer than it (the limit of them
// closest to it), never both; limit is 1..100, 10 by default.
//
// hasMore says whether more objects follow in the direction of travel: after
// the page's last object for a first page or a startingAfter page, before
// its first object for an endingBefore page. A cursor is the object's place
// in creation order, so it keeps working when the object no longer matches
// the filters, or (for customers) has been deleted meanwhile.

const (
	defaultLimit = 10
	maxLimit     = 100
)

// pageQuery is the paging part of a list request.
type pageQuery struct {
	startingAfter, endingBefore *string
	limit                       *int
}

// check reports the first invalid paging parameter as a 400.
func (q pageQuery) check() (limit int, err *apiError) {
	if q.startingAfter != nil && q.endingBefore != nil {
		return 0, badParameter("endingBefore", "'startingAfter' and 'endingBefore' cannot be sent together.")
	}
	if q.startingAfter != nil && *q.startingAfter == "" {
		return 0, badParameter("startingAfter", "'startingAfter' must be an object ID.")
	}
	if q.endingBefore != nil && *q.endingBefore == "" {
		return 0, badParameter("endingBefore", "'endingBefore' must be an object ID.")
	}
	limit = defaultLimit
	if q.limit != nil {
		limit = *q.limit
		if limit < 1 || limit > maxLimit {
			return 0, badParameter("limit", "'limit' must be between 1 and %d.", maxLimit)
		}
	}
	return limit, nil
}

// page returns one page of t's objects that match, newest first, and
// whether more follow. seqOf finds a cursor's place; callers hold the store's
// lock and have checked q.
func page[T any](t *table[T], q pageQuery, limit int, seqOf func(id string) (uint64, bool), match func(*T) bool) ([]*T, bool, *apiError) {
	out := make([]*T, 0, min(limit, len(t.list)))
	switch {
	case q.endingBefore != nil:
		seq, ok := seqOf(*q.endingBefore)
		if !ok {
			return nil, false, badParameter("endingBefore", "No object with ID '%s' to end before.", *q.endingBefore)
		}
		// Walk from the cursor towards the newest, keep the limit closest.
		i := t.index(seq + 1)
		for ; i < len(t.list) && len(out) < limit; i++ {
			if v := t.list[i].v; match(v) {
				out = append(out, v)
			}
		}
		more := false
		for ; i < len(t.list) && !more; i++ {
			more = match(t.list[i].v)
		}
		slices.Reverse(out)
		return out, more, nil
	default:
		i := len(t.list) - 1
		if q.startingAfter != nil {
			seq, ok := seqOf(*q.startingAfter)
			if !ok {
				return nil, false, badParameter("startingAfter", "No object with ID '%s' to start after.", *q.startingAfter)
			}
			i = t.index(seq) - 1
		}
		for ; i >= 0 && len(out) < limit; i-- {
			if v := t.list[i].v; match(v) {
				out = append(out, v)
			}
		}
		more := false
		for ; i >= 0 && !more; i-- {
			more = match(t.list[i].v)
		}
		return out, more, nil
	}
}

// values copies the pointed-to objects into a slice for a response; the
// copies share the stored objects' (never changed) insides.
func values[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}
