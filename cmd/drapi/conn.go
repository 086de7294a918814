package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/drapi-go/drapi/client"
)

// connFlags are the connection flags every API command takes.
type connFlags struct {
	key, baseURL string
}

func (f *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.key, "key", "", "secret key (default $"+client.EnvSecretKey+"); prefer the variable: flags show in process lists")
	fs.StringVar(&f.baseURL, "base-url", "", "API base URL (default $"+client.EnvBaseURL+", else "+client.DefaultBaseURL+")")
}

// connect builds the client the command calls the API with. Flags win over
// the environment; with neither a key nor a base URL it starts the sandbox
// and says so on stderr. The returned function releases what connect started.
func (f *connFlags) connect(ctx context.Context, e *env) (*client.Client, func(), error) {
	key, baseURL := f.key, f.baseURL
	if key == "" {
		key = e.getenv(client.EnvSecretKey)
	}
	if baseURL == "" {
		baseURL = e.getenv(client.EnvBaseURL)
	}
	stop := func() {}
	if key == "" && baseURL == "" {
		sb, err := startSandbox(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("starting the sandbox: %w", err)
		}
		fmt.Fprintf(e.stderr, "drapi: no %s or %s set: using the built-in sandbox (in-memory, seeded with the reference examples)\n",
			client.EnvSecretKey, client.EnvBaseURL)
		key, baseURL, stop = sb.key, sb.baseURL, sb.stop
	}
	if key == "" {
		return nil, nil, fmt.Errorf("no secret key: set %s or pass --key", client.EnvSecretKey)
	}
	opts := []client.Option{client.WithUserAgent("drapi-cli")}
	if baseURL != "" {
		opts = append(opts, client.WithBaseURL(baseURL))
	}
	c, err := client.New(key, opts...)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return c, stop, nil
}
