package drapitest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

// pagingServer returns a fake with n orders and their IDs newest first.
func pagingServer(t *testing.T, n int) (*Server, []string) {
	t.Helper()
	srv := NewServer(t, WithClock((&stepClock{}).now))
	var ids []string
	for i := range n {
		o := createOrder(t, srv, gen.OrderRequest{UpstreamID: new(fmt.Sprint(i))})
		ids = append(ids, o.ID)
	}
	slices.Reverse(ids)
	return srv, ids
}

func listOrders(t *testing.T, srv *Server, query string) ([]string, bool) {
	t.Helper()
	var list gen.OrderList
	call(t, srv, "GET", "/orders"+query, nil).mustStatus(t, 200).decode(t, &list)
	var ids []string
	for _, o := range list.Data {
		ids = append(ids, o.ID)
	}
	return ids, list.HasMore
}

func TestPaging(t *testing.T) {
	srv, ids := pagingServer(t, 25) // ids[0] is the newest
	tests := []struct {
		query string
		want  []string
		more  bool
	}{
		{"", ids[:10], true}, // default limit 10
		{"?limit=25", ids, false},
		{"?limit=100", ids, false},
		{"?limit=24", ids[:24], true},
		{"?limit=1", ids[:1], true},
		{"?limit=10&startingAfter=" + ids[9], ids[10:20], true},
		{"?limit=10&startingAfter=" + ids[19], ids[20:], false},
		{"?limit=5&startingAfter=" + ids[19], ids[20:], false}, // exactly the rest
		{"?startingAfter=" + ids[24], nil, false},              // after the oldest
		{"?limit=10&endingBefore=" + ids[20], ids[10:20], true},
		{"?limit=10&endingBefore=" + ids[10], ids[:10], false},
		{"?limit=3&endingBefore=" + ids[2], ids[:2], false},
		{"?endingBefore=" + ids[0], nil, false}, // before the newest
		{"?limit=4&endingBefore=" + ids[24], ids[20:24], true},
	}
	for _, tc := range tests {
		got, more := listOrders(t, srv, tc.query)
		if !slices.Equal(got, tc.want) || more != tc.more {
			t.Errorf("GET /orders%s = %v hasMore %v, want %v hasMore %v", tc.query, got, more, tc.want, tc.more)
		}
	}
}

func TestPagingWalksEverythingOnce(t *testing.T) {
	srv, ids := pagingServer(t, 23)
	for _, limit := range []int{1, 4, 7, 10, 23, 100} {
		// Forwards with startingAfter until hasMore is false.
		var all []string
		q := fmt.Sprintf("?limit=%d", limit)
		for pages := 0; ; pages++ {
			got, more := listOrders(t, srv, q)
			all = append(all, got...)
			if !more {
				break
			}
			if pages > 30 {
				t.Fatal("paging does not end")
			}
			q = fmt.Sprintf("?limit=%d&startingAfter=%s", limit, got[len(got)-1])
		}
		if !slices.Equal(all, ids) {
			t.Errorf("limit %d forwards: %v, want %v", limit, all, ids)
		}
		// Backwards from the oldest with endingBefore until hasMore is false.
		var back []string
		q = fmt.Sprintf("?limit=%d&endingBefore=%s", limit, ids[len(ids)-1])
		for {
			got, more := listOrders(t, srv, q)
			back = append(got, back...)
			if !more {
				break
			}
			q = fmt.Sprintf("?limit=%d&endingBefore=%s", limit, got[0])
		}
		if !slices.Equal(back, ids[:len(ids)-1]) {
			t.Errorf("limit %d backwards: %v, want %v", limit, back, ids[:len(ids)-1])
		}
	}
}

func TestPagingWithFilter(t *testing.T) {
	srv := NewServer(t)
	var created, usd []string // oldest first, newest first
	for i := range 12 {
		cur := "EUR"
		if i%3 == 0 {
			cur = "USD" // orders 0, 3, 6 and 9
		}
		o := createOrder(t, srv, gen.OrderRequest{Currency: &cur})
		created = append(created, o.ID)
		if cur == "USD" {
			usd = append([]string{o.ID}, usd...)
		}
	}
	// Pages of 3 skip the orders the filter leaves out.
	got, more := listOrders(t, srv, "?currency=USD&limit=3")
	if !slices.Equal(got, usd[:3]) || !more {
		t.Fatalf("first page %v %v, want %v true", got, more, usd[:3])
	}
	got, more = listOrders(t, srv, "?currency=USD&limit=3&startingAfter="+usd[2])
	if !slices.Equal(got, usd[3:]) || more {
		t.Errorf("second page %v %v, want %v false", got, more, usd[3:])
	}
	// A cursor the filter leaves out still places the page: after order 5
	// come USD orders 3 and 0, before it 9 and 6.
	got, more = listOrders(t, srv, "?currency=USD&startingAfter="+created[5])
	if want := []string{created[3], created[0]}; !slices.Equal(got, want) || more {
		t.Errorf("after a EUR cursor: %v %v, want %v false", got, more, want)
	}
	got, more = listOrders(t, srv, "?currency=USD&endingBefore="+created[5])
	if want := []string{created[9], created[6]}; !slices.Equal(got, want) || more {
		t.Errorf("before a EUR cursor: %v %v, want %v false", got, more, want)
	}
}

func TestPagingSurvivesDeletingTheCursor(t *testing.T) {
	srv := NewServer(t)
	var ids []string
	for range 6 {
		ids = append([]string{createCustomer(t, srv, gen.CustomerRequest{}).ID}, ids...)
	}
	var page gen.CustomerList
	call(t, srv, "GET", "/customers?limit=3", nil).mustStatus(t, 200).decode(t, &page)
	last := page.Data[2].ID
	call(t, srv, "DELETE", "/customers/"+last, nil).mustStatus(t, 204)
	var next gen.CustomerList
	call(t, srv, "GET", "/customers?limit=3&startingAfter="+last, nil).mustStatus(t, 200).decode(t, &next)
	if got := customerIDs(next.Data); !slices.Equal(got, ids[3:]) || next.HasMore {
		t.Errorf("after deleting the cursor: %v %v, want %v false", got, next.HasMore, ids[3:])
	}
}
