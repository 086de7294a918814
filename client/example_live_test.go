package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// fakeLive serves a drapitest fake with the given faults and returns a
// client of it; stop closes it.
func fakeLive(opts []client.Option, faults ...drapitest.Fault) (c *client.Client, stop func()) {
	fake, err := drapitest.New(drapitest.WithFaults(faults...))
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	c, err = client.New(fake.Key(), append([]client.Option{client.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

// Place an order so that neither a lost answer nor a retry makes it twice,
// and tell a declined payment from everything else.
func ExampleOrdersService_CreateOrFind() {
	c, stop := fakeLive(nil,
		drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, Decline: client.CodeDeclined},
		drapitest.Fault{Operation: gen.OpCreateOrder, After: 1, Times: 1, DropResponse: true}, // made, answer lost
	)
	defer stop()
	ctx := context.Background()
	items := []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(10.0)}}

	for _, checkout := range []string{"chk_1", "chk_2"} {
		order, err := c.Orders.CreateOrFind(ctx, gen.OrderRequest{CheckoutID: new(checkout), Items: items})
		var apiErr *client.APIError
		switch {
		case errors.Is(err, client.ErrDeclined) && errors.As(err, &apiErr):
			fmt.Println(checkout, "declined:", apiErr.Errors[0].Code, "- ask for another payment method")
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println(checkout, "became", order.ID)
		}
	}
	// Output:
	// chk_1 declined: declined - ask for another payment method
	// chk_2 became ord_0000000001
}

// Name the shopper whose action causes a call, and keep the request ID of a
// successful call.
func ExampleWithShopper() {
	var requestIDs []string
	c, stop := fakeLive([]client.Option{
		client.WithAPIVersion(gen.ContractVersion),
		client.WithResponseHook(func(_ context.Context, info client.ResponseInfo) {
			requestIDs = append(requestIDs, info.RequestID) // one goroutine here; guard it in a service
		}),
	})
	defer stop()

	// In an HTTP handler: client.WithShopper(r.Context(), sessionID, r.RemoteAddr).
	ctx := client.WithShopper(context.Background(), "sess_4f9a", "203.0.113.7:52114")
	cust, err := c.Customers.Create(ctx, gen.CustomerRequest{Email: new("jsmith@digitalriver.com")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ID, len(requestIDs), requestIDs[0] != "")

	_, err = c.Customers.Get(client.WithShopper(context.Background(), "sess\r\nX-Injected: 1", ""), cust.ID)
	fmt.Println(err)
	// Output:
	// cus_0000000001 1 true
	// drapi: GET /customers/cus_0000000001: WithShopper: sessionID: "sess\r\nX-Injected: 1" has a control or non-ASCII character at byte 4
}
