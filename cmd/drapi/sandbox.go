package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/drapi-go/drapi/drapitest"
)

// sandbox is the in-process fake of the API that commands call when no key
// and no base URL are configured.
type sandbox struct {
	key, baseURL string
	stop         func()
}

// startSandbox serves a fake seeded with the reference examples on a
// loopback port of this process. Its state lives as long as the command.
func startSandbox(ctx context.Context) (*sandbox, error) {
	fake, err := drapitest.New(drapitest.WithSeedFixtures())
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
