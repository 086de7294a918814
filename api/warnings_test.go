package api_test

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// An enum value the contract does not list is a problem by default and a
// warning with WithEnumWarnings, which leaves the other problems alone.
func TestEnumWarnings(t *testing.T) {
	const newState = `{"id": "ord_1", "state": "teleported"}`
	ps := problemsOf(t, api.ValidateResponseBody("getOrder", 0, []byte(newState)))
	if len(ps) != 1 || ps[0].Rule != "enum" || ps[0].Warning {
		t.Fatalf("without the option: %+v", ps)
	}

	var warns []api.Problem
	collect := api.WithEnumWarnings(func(p api.Problem) { warns = append(warns, p) })
	if err := api.ValidateResponseBody("getOrder", 0, []byte(newState), collect); err != nil {
		t.Fatalf("with the option: %v", err)
	}
	if len(warns) != 1 || !warns[0].Warning || warns[0].Pointer != "/state" || warns[0].Found != `"teleported"` {
		t.Errorf("warnings %+v", warns)
	}

	// Other problems still count; the enum one is a warning.
	warns = nil
	const mixed = `{"id": "ord_1", "state": "teleported", "totalAmount": "ten"}`
	ps = problemsOf(t, api.ValidateResponseBody("getOrder", 0, []byte(mixed), collect))
	if len(ps) != 1 || ps[0].Pointer != "/totalAmount" || len(warns) != 1 {
		t.Errorf("problems %+v, warnings %+v", ps, warns)
	}

	// Requests are always held to the enums: ValidateRequestBody takes no option.
	if err := api.ValidateRequestBody("createCustomer", []byte(`{"type": "robot"}`)); err == nil {
		t.Error("an unknown enum value in a request passed")
	}

	// ValidateResponse takes the same option.
	req, _ := http.NewRequest(http.MethodGet, "https://api.digitalriver.com/orders/ord_1", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	if err := api.ValidateResponse(req, 200, h, []byte(newState)); err == nil {
		t.Error("ValidateResponse without the option passed an unknown enum value")
	}
	if err := api.ValidateResponse(req, 200, h, []byte(newState), api.WithEnumWarnings(nil)); err != nil {
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

// newStates is a listOrders response of n orders, each in a state the
// contract does not list: n enum warnings and nothing else.
func newStates(n int) string {
	orders := make([]string, n)
	for i := range orders {
		orders[i] = `{"id": "ord_1", "state": "teleported"}`
	}
	return `{"hasMore": false, "data": [` + strings.Join(orders, ",") + `]}`
}

// More enum warnings than MaxProblems are still warnings: the cap came
// before the warnings were sifted out, so the problem counting the warnings
// left out failed the response ("api: 500 problems").
func TestEnumWarningsPastTheCap(t *testing.T) {
	const n = api.MaxProblems + 500
	body := newStates(n)
	warned := 0
	count := api.WithEnumWarnings(func(api.Problem) { warned++ })
	if err := api.ValidateResponseBody("listOrders", 0, []byte(body), count); err != nil || warned != n {
		t.Errorf("ValidateResponseBody: %.100v, %d warnings; want nil and %d", err, warned, n)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://api.digitalriver.com/orders", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	if err := api.ValidateResponse(req, 200, h, []byte(body), api.WithEnumWarnings(nil)); err != nil {
		t.Errorf("ValidateResponse: %.100v, want nil", err)
	}

	srv, _ := fakeAPI(t, 200, body)
	rep := &report{}
	hc := &http.Client{Transport: api.NewTransport(nil, api.WithResponseFailure(), api.WithResponseEnumWarnings(), api.WithResponseReport(rep.record))}
	resp, err := hc.Get(srv.URL + "/orders")
	if err != nil {
		t.Fatalf("transport: %.100v, want the call to succeed", err)
	}
	resp.Body.Close()
	var verr *api.ValidationError
	if !errors.As(rep.err, &verr) || len(verr.Problems) != api.MaxProblems+1 || verr.Omitted != 500 ||
		slices.ContainsFunc(verr.Problems, func(p api.Problem) bool { return !p.Warning }) {
		t.Errorf("report: %d calls, %.100v; want %d warnings listed, 500 omitted", rep.calls, rep.err, api.MaxProblems)
	}
}

// A value of the wrong type where an enum is declared is a type problem,
// never a new enum value: kin-openapi reports it under "enum" and checks
// no type after, so {"state": 5} passed with WithEnumWarnings although
// no client can decode it into the string field.
func TestEnumWarningsKeepTypes(t *testing.T) {
	for _, state := range []string{`5`, `true`, `{"a": 1}`, `["created"]`} {
		var warns []api.Problem
		body := `{"id": "ord_1", "state": ` + state + `}`
		err := api.ValidateResponseBody("getOrder", 0, []byte(body), api.WithEnumWarnings(func(p api.Problem) { warns = append(warns, p) }))
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].Pointer != "/state" || ps[0].Rule != "type" || !strings.HasPrefix(ps[0].Message, "must be a string, one of: created,") || len(warns) != 0 {
			t.Errorf("state %s: problems %+v, warnings %+v; want one type problem at /state and no warning", state, ps, warns)
		}
	}
}
