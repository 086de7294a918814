package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// sandboxWorldJSON is the sandbox's example data: customers with their
// sources, a source attached to no one, and orders in several states for
// those customers. Every example in the README and in --help shows some of
// it (TestDocumentedExamples).
//
//go:embed sandbox/world.json
var sandboxWorldJSON []byte

// sandboxWorld is the decoded example data.
type sandboxWorld struct {
	Customers []gen.Customer `json:"customers"`
	Sources   []gen.Source   `json:"sources"`
	Orders    []gen.Order    `json:"orders"`
}

// worldOptions returns the options that load the example data into a fake.
func worldOptions() ([]drapitest.Option, error) {
	var w sandboxWorld
	if err := json.Unmarshal(sandboxWorldJSON, &w); err != nil {
		return nil, fmt.Errorf("sandbox data: %w", err)
	}
	return []drapitest.Option{
		drapitest.WithCustomers(w.Customers...),
		drapitest.WithSources(w.Sources...),
		drapitest.WithOrders(w.Orders...),
	}, nil
}

// sandbox is the in-process fake of the API that commands call with
// --sandbox.
type sandbox struct {
	key, baseURL string
	stop         func()
}

// startSandbox serves a fake holding the example data on a loopback port of
// this process. Its state lives as long as the command.
func startSandbox(ctx context.Context) (*sandbox, error) {
	opts, err := worldOptions()
	if err != nil {
		return nil, err
	}
	fake, err := drapitest.New(opts...)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // a failure shows as the command's own call failing
	}()
	return &sandbox{
		key:     fake.Key(),
		baseURL: "http://" + ln.Addr().String(),
		stop: func() {
			srv.Close()
			<-done
		},
	}, nil
}
