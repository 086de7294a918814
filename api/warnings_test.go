package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// An enum value the contract does not list is a problem by default and a
// warning with WithEnumWarnings, which leaves the other problems alone.
func TestEnumWarnings(t *testing.T) {
	ctx := context.Background()
	const newState = `{"id": "ord_1", "state": "teleported"}`
	ps := problemsOf(t, api.ValidateOperation(ctx, "getOrder", api.InResponse, 0, []byte(newState)))
	if len(ps) != 1 || ps[0].Rule != "enum" || ps[0].Warning {
		t.Fatalf("without the option: %+v", ps)
	}

	var warns []api.Problem
	collect := api.WithEnumWarnings(func(p api.Problem) { warns = append(warns, p) })
	if err := api.ValidateOperation(ctx, "getOrder", api.InResponse, 0, []byte(newState), collect); err != nil {
		t.Fatalf("with the option: %v", err)
	}
	if len(warns) != 1 || !warns[0].Warning || warns[0].Pointer != "/state" || warns[0].Found != `"teleported"` {
		t.Errorf("warnings %+v", warns)
	}

	// Other problems still count; the enum one is a warning.
	warns = nil
	const mixed = `{"id": "ord_1", "state": "teleported", "totalAmount": "ten"}`
	ps = problemsOf(t, api.ValidateOperation(ctx, "getOrder", api.InResponse, 0, []byte(mixed), collect))
	if len(ps) != 1 || ps[0].Pointer != "/totalAmount" || len(warns) != 1 {
		t.Errorf("problems %+v, warnings %+v", ps, warns)
	}

	// Requests are always held to the enums.
	if err := api.ValidateOperation(ctx, "createCustomer", api.InRequest, 0, []byte(`{"type": "robot"}`), collect); err == nil {
		t.Error("an unknown enum value in a request passed")
	}

	// ValidateResponse takes the same option.
	req, _ := http.NewRequest(http.MethodGet, "https://api.digitalriver.com/orders/ord_1", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	if err := api.ValidateResponse(ctx, req, 200, h, []byte(newState)); err == nil {
		t.Error("ValidateResponse without the option passed an unknown enum value")
	}
	if err := api.ValidateResponse(ctx, req, 200, h, []byte(newState), api.WithEnumWarnings(nil)); err != nil {
		t.Errorf("ValidateResponse with the option: %v", err)
	}
}

// Through the transport, a new enum value is reported as a warning and never
// fails the call, even with WithResponseFailure.
func TestTransportEnumWarnings(t *testing.T) {
	const body = `{"id": "ord_1", "state": "teleported", "brandNewField": 1}`
	srv, _ := fakeAPI(t, 200, body)
	call := func(opts ...api.TransportOption) (*report, error) {
		rep := &report{}
		hc := &http.Client{Transport: api.NewTransport(nil, append(opts, api.WithResponseReport(rep.record))...)}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/orders/ord_1", nil)
		req.Header.Set("Authorization", "Bearer sk_test_x")
		resp, err := hc.Do(req)
		if err == nil {
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(got) != body {
				t.Errorf("caller read %q", got)
			}
		}
		return rep, err
	}

	if _, err := call(api.WithResponseFailure()); err == nil {
		t.Error("without WithResponseEnumWarnings the unknown state passed")
	}
	rep, err := call(api.WithResponseFailure(), api.WithResponseEnumWarnings())
	if err != nil {
		t.Fatalf("with WithResponseEnumWarnings the call failed: %v", err)
	}
	var verr *api.ValidationError
	if rep.calls != 1 || !errors.As(rep.err, &verr) || len(verr.Problems) != 1 || !verr.Problems[0].Warning || verr.Problems[0].Pointer != "/state" {
		t.Errorf("report: %d calls, %v", rep.calls, rep.err)
	}
}
