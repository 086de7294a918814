package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/drapi-go/drapi/client"
	"github.com/spf13/cobra"
)

// envSandbox turns the sandbox on, as --sandbox does.
const envSandbox = "DR_SANDBOX"

// connFlags are the flags every API command takes: where to connect, what
// to show of the traffic, how to print the result.
type connFlags struct {
	key, baseURL    string
	verbose, dryRun bool
	out             outputFlags
}

func (f *connFlags) register(cmd *cobra.Command) {
	fs := cmd.PersistentFlags()
	fs.StringVar(&f.key, "key", "", "secret `KEY` (default $"+client.EnvSecretKey+"); prefer the variable: flags show in process lists")
	fs.StringVar(&f.baseURL, "base-url", "", "API base `URL` (default $"+client.EnvBaseURL+", else "+client.DefaultBaseURL+")")
	fs.BoolVar(&f.verbose, "verbose", false, "print each request and answer to stderr: method, URL, status, request ID, attempt, retry waits (never the key or bodies)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the request that would be sent (key hidden) and send nothing")
	f.out.register(cmd)
}

// conn is a connected client and what to release when the command ends.
type conn struct {
	client *client.Client
	pages  *counter
	close  func()
}

// connect builds the client the command calls the API with. Flags win over
// the environment. Without --sandbox (or DR_SANDBOX) it needs a key: a
// missing key is a usage error, never a silent fall-back to a fake.
func (f *connFlags) connect(ctx context.Context, e *env, cmd *cobra.Command) (*conn, error) {
	sandbox, err := f.sandboxWanted(e, cmd)
	if err != nil {
		return nil, err
	}
	key, baseURL := f.key, f.baseURL
	if key == "" {
		key = e.getenv(client.EnvSecretKey)
	}
	if baseURL == "" {
		baseURL = e.getenv(client.EnvBaseURL)
	}
	stop := func() {}
	switch {
	case sandbox:
		if cmd.Flags().Changed("key") || cmd.Flags().Changed("base-url") {
			by := "--sandbox"
			if fl := cmd.Flag("sandbox"); fl == nil || !fl.Changed {
				by = envSandbox + "=" + e.getenv(envSandbox)
			}
			return nil, usagef("%s calls the built-in sandbox: leave out --key and --base-url", by)
		}
		sb, err := startSandbox(ctx)
		if err != nil {
			return nil, fmt.Errorf("starting the sandbox: %w", err)
		}
		fmt.Fprintln(e.stderr, "drapi: sandbox: an in-memory fake with example data; it forgets everything when this command ends ('drapi mock' keeps state)")
		key, baseURL, stop = sb.key, sb.baseURL, sb.stop
	case key == "" && f.dryRun:
		key = dryRunKey
	case key == "":
		return nil, usagef("no API key: set %s (or pass --key) to call the Digital River API, or add --sandbox to try drapi on built-in example data", client.EnvSecretKey)
	}

	pages := new(counter)
	tr := &cliTransport{
		next:    http.DefaultTransport.(*http.Transport).Clone(),
		dryRun:  f.dryRun,
		out:     e.stdout,
		keyless: key == dryRunKey,
		answers: pages,
	}
	if f.verbose {
		tr.log = e.stderr
	}
	hc := &http.Client{
		Transport:     tr,
		Timeout:       client.DefaultTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	opts := []client.Option{client.WithUserAgent("drapi-cli"), client.WithHTTPClient(hc)}
	if baseURL != "" {
		opts = append(opts, client.WithBaseURL(baseURL))
	}
	if f.verbose {
		opts = append(opts, client.WithLogger(slog.New(&retryLogHandler{w: e.stderr})))
	}
	if f.dryRun {
		opts = append(opts, client.WithMaxRetries(0))
	}
	c, err := client.New(key, opts...)
	if err != nil {
		stop() // a public key, a plain-http base URL off this machine: say where it came from
		what := client.EnvSecretKey
		switch {
		case strings.Contains(err.Error(), "base URL") && cmd.Flags().Changed("base-url"):
			what = "--base-url"
		case strings.Contains(err.Error(), "base URL"):
			what = client.EnvBaseURL
		case cmd.Flags().Changed("key"):
			what = "--key"
		}
		return nil, usagef("%s: %s", what, strings.TrimPrefix(err.Error(), "drapi: "))
	}
	return &conn{client: c, pages: pages, close: stop}, nil
}

// sandboxWanted reports whether --sandbox or DR_SANDBOX asks for the sandbox.
func (f *connFlags) sandboxWanted(e *env, cmd *cobra.Command) (bool, error) {
	if fl := cmd.Flag("sandbox"); fl != nil && fl.Changed {
		return fl.Value.String() == "true", nil
	}
	v := strings.TrimSpace(e.getenv(envSandbox))
	if v == "" {
		return false, nil
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		return false, usagef("%s=%q: want 1 or 0 (true or false)", envSandbox, v)
	}
	return on, nil
}

// retryLogHandler prints the client's retry records for --verbose, one line
// each; the per-attempt records are cliTransport's.
type retryLogHandler struct {
	w     interface{ Write([]byte) (int, error) }
	attrs []slog.Attr
}

// Enabled passes the retry records (Info) and drops the per-attempt ones (Debug).
func (h *retryLogHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

// Handle prints one record in one line.
func (h *retryLogHandler) Handle(_ context.Context, r slog.Record) error {
	vals := map[string]string{}
	var wait time.Duration
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "wait" {
			wait = a.Value.Duration()
		}
		vals[a.Key] = a.Value.String()
		return true
	})
	if r.Message == "drapi: retrying" {
		// The answer or failure being retried is cliTransport's line above.
		_, err := fmt.Fprintf(h.w, "* attempt %s of %s %s failed: retrying in %s\n",
			vals["attempt"], vals["method"], vals["path"], wait.Round(time.Millisecond))
		return err
	}
	if r.Message == "drapi: rate limit" {
		_, err := fmt.Fprintf(h.w, "* client-side rate limit: waiting %s before %s %s\n",
			wait.Round(time.Millisecond), vals["method"], vals["path"])
		return err
	}
	var b strings.Builder
	b.WriteString("* " + r.Message)
	for _, a := range h.attrs {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
	}
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s=%v", a.Key, a.Value); return true })
	_, err := fmt.Fprintln(h.w, b.String())
	return err
}

// WithAttrs returns a handler that prints as with each record.
func (h *retryLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &retryLogHandler{w: h.w, attrs: append(append([]slog.Attr{}, h.attrs...), as...)}
}

// WithGroup ignores groups: the records are printed flat.
func (h *retryLogHandler) WithGroup(string) slog.Handler { return h }
