package drapitest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// A fake made with New serves wherever an http.Handler does; here with
// httptest, loaded with the reference pages' objects. In a test, NewServer
// does the serving and the closing.
func ExampleNew() {
	fake, err := drapitest.New(drapitest.WithSeedFixtures())
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(fake)
	defer hs.Close()

	c, err := client.New(fake.Key(), client.WithBaseURL(hs.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	cust, err := c.Customers.Get(ctx, "5823594809")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ID, *cust.Email, len(cust.Sources), "source")

	_, err = c.Customers.Get(ctx, "nobody")
	fmt.Println(errors.Is(err, client.ErrNotFound))
	// Output:
	// 5823594809 jsmith@digitalriver.com 1 source
	// true
}

// Faults make the fake fail the way the API and the network do, on the
// calls chosen, so a client's retries can be tested: here the first
// listOrders gets a 503, and the client tries again.
func ExampleFault() {
	fake, err := drapitest.New(drapitest.WithFaults(
		drapitest.Fault{Operation: gen.OpListOrders, Times: 1, Status: 503},
	))
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(fake)
	defer hs.Close()
	c, _ := client.New(fake.Key(), client.WithBaseURL(hs.URL), client.WithBackoff(time.Millisecond, time.Millisecond))
	if _, err := c.Orders.List(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	for _, call := range fake.Calls() {
		fmt.Println(call.Operation, call.Status, call.Injected)
	}
	// Output:
	// listOrders 503 true
	// listOrders 200 false
}

// Calls lists what the fake received, for assertions on what a service sent.
func ExampleFake_Calls() {
	fake, _ := drapitest.New()
	hs := httptest.NewServer(fake)
	defer hs.Close()
	c, _ := client.New(fake.Key(), client.WithBaseURL(hs.URL))
	_, _ = c.Orders.List(context.Background(), &gen.ListOrdersParams{Limit: new(5)})
	for _, call := range fake.Calls() {
		fmt.Println(call.Method, call.Path, call.Query, call.Operation, call.Status)
	}
	// Output: GET /orders limit=5 listOrders 200
}
