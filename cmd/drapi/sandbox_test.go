package main

import (
	"encoding/json"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// TestSandboxWorldIsConsistent holds the sandbox's example data to the
// contract and to itself: every object validates as an API response, every
// order belongs to a customer of the sandbox and was paid with one of that
// customer's sources, and the orders cover several states.
func TestSandboxWorldIsConsistent(t *testing.T) {
	var raw struct {
		Customers, Sources, Orders []json.RawMessage
	}
	if err := json.Unmarshal(sandboxWorldJSON, &raw); err != nil {
		t.Fatal(err)
	}
	for schema, objs := range map[string][]json.RawMessage{"Customer": raw.Customers, "Source": raw.Sources, "Order": raw.Orders} {
		for i, o := range objs {
			if err := api.ValidateSchema(schema, api.InResponse, o); err != nil {
				t.Errorf("%s #%d: %v", schema, i+1, err)
			}
		}
	}

	var w sandboxWorld
	if err := json.Unmarshal(sandboxWorldJSON, &w); err != nil {
		t.Fatal(err)
	}
	sourcesOf := map[string]map[string]bool{}
	for _, c := range w.Customers {
		sourcesOf[c.ID] = map[string]bool{}
		for _, s := range c.Sources {
			if s.CustomerID == nil || *s.CustomerID != c.ID {
				t.Errorf("source %s listed by customer %s names customer %v", s.ID, c.ID, s.CustomerID)
			}
			sourcesOf[c.ID][s.ID] = true
		}
	}
	states := map[string]bool{}
	ordersOf := map[string]int{}
	for _, o := range w.Orders {
		cid := valueOf(o.CustomerID)
		if sourcesOf[cid] == nil {
			t.Errorf("order %s belongs to %q, not a sandbox customer", o.ID, cid)
		}
		for _, s := range o.Sources {
			if !sourcesOf[cid][s.ID] {
				t.Errorf("order %s was paid with source %s, not one of customer %s's", o.ID, s.ID, cid)
			}
		}
		states[string(valueOf(o.State))] = true
		ordersOf[cid]++
	}
	if len(states) < 5 || len(ordersOf) < 3 {
		t.Errorf("orders in %d states for %d customers; want several of each", len(states), len(ordersOf))
	}
	for _, s := range w.Sources {
		if s.CustomerID != nil {
			t.Errorf("source %s is given on its own but names customer %s: list it under the customer", s.ID, *s.CustomerID)
		}
	}
	if _, err := worldOptions(); err != nil {
		t.Fatal(err)
	}
}
