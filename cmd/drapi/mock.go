package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/drapi-go/drapi/drapitest"
	"github.com/spf13/cobra"
)

func init() {
	register(func(e *env) *cobra.Command {
		mf := mockFlags{addr: "127.0.0.1:8080", failStatus: "503"}
		cmd := &cobra.Command{
			Use:     "mock [flags]",
			Short:   "serve an in-memory fake of the API for a service under test",
			Long:    longHelp(mockUsage),
			Example: mockExamples,
			GroupID: "other",
			Args:    cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				mf.seedGiven = cmd.Flags().Changed("fail-seed")
				return exitWith(runMock(cmd.Context(), e, &mf))
			},
		}
		fs := cmd.Flags()
		fs.StringVar(&mf.addr, "addr", mf.addr, "`HOST:PORT` to listen on; port 0 picks a free one, 0.0.0.0 listens on every interface")
		fs.BoolVar(&mf.seed, "seed", false, "start with the sandbox's example data (the customers, sources and orders of 'drapi --sandbox')")
		fs.Var((*durationValue)(&mf.latency), "latency", "delay every answer by this `DURATION` (20ms, 1s)")
		fs.Float64Var(&mf.failRate, "fail-rate", 0, "`FRACTION` of calls (0 to 1) that fail as --fail-status says")
		fs.StringVar(&mf.failStatus, "fail-status", mf.failStatus, "how failing calls fail: `STATUS` 429 (with Retry-After: 1), 500, 502, 503, 504, or drop (close the connection)")
		fs.Uint64Var(&mf.failSeed, "fail-seed", 0, "`SEED` that picks the failing calls: the same seed fails the same calls of the same sequence (default: random, and printed)")
		fs.StringVar(&mf.key, "key", "", "accept only this secret `KEY` (sk_test_...) and its pk_test_ twin; default: any test key")
		fs.BoolVar(&mf.noValidate, "no-validate", false, "do not check requests against the contract")
		fs.BoolVar(&mf.quiet, "quiet", false, "do not log requests")
		_ = cmd.RegisterFlagCompletionFunc("fail-status", cobra.FixedCompletions([]string{"429", "500", "502", "503", "504", "drop"}, cobra.ShellCompDirectiveNoFileComp))
		return cmd
	})
}

const mockUsage = `
Usage: drapi mock [flags]

Serves an in-memory fake of the Digital River API (package drapitest) until
interrupted: every operation of the contract over real state, with requests
checked against the contract. It prints the base URL and a test key to use,
and logs each request in one line to stderr. State is lost when it stops.

The fake accepts any well-formed test key (sk_test_..., or pk_test_... for
createSource), or only --key when given; live keys get a 401.`

const mockExamples = `  # Serve on the default address; point a service at it
  drapi mock
  DR_BASE_URL=http://127.0.0.1:8080 DR_SECRET_KEY=sk_test_apitest0000000000000000000000 ./my-service

  # Start with the sandbox's example customers, sources and orders, on a free port
  drapi mock --seed --addr 127.0.0.1:0

  # A slow and flaky API: 20ms per call, 10% of calls answer 503, the same
  # calls on every run
  drapi mock --latency 20ms --fail-rate 0.1 --fail-seed 42

  # Rate limiting: a quarter of the calls get a 429 with Retry-After: 1
  drapi mock --fail-rate 0.25 --fail-status 429`

// mockFlags are drapi mock's settings.
type mockFlags struct {
	addr       string
	seed       bool
	latency    time.Duration
	failRate   float64
	failStatus string
	failSeed   uint64
	seedGiven  bool
	key        string
	noValidate bool
	quiet      bool
}

func runMock(ctx context.Context, e *env, mf *mockFlags) int {
	if err := checkListenAddr(mf.addr); err != nil {
		fmt.Fprintf(e.stderr, "drapi mock: %v\nRun 'drapi mock --help' for usage.\n", err)
		return exitUsage
	}
	opts, err := mf.options(e.stderr)
	var fake *drapitest.Fake
	if err == nil {
		fake, err = drapitest.New(opts...)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "drapi mock: %v\nRun 'drapi mock --help' for usage.\n", err)
		return exitUsage
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", mf.addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "drapi mock: %v\n", err)
		return exitFailed
	}
	base := "http://" + reachableAddr(ln.Addr())
	if base != "http://"+ln.Addr().String() {
		host, _, _ := net.SplitHostPort(mf.addr)
		fmt.Fprintf(e.stdout, "drapi mock: listening on %s (every interface)\n", net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)))
	}
	fmt.Fprintln(e.stdout, "drapi mock: serving an in-memory fake of the Digital River API")
	fmt.Fprintf(e.stdout, "  base URL: %s\n  key:      %s\n", base, fake.Key())
	fmt.Fprintf(e.stdout, "  environment for drapi and client.NewFromEnv: DR_BASE_URL=%s DR_SECRET_KEY=%s\n", base, fake.Key())
	if mf.failRate > 0 {
		fmt.Fprintf(e.stdout, "  failing %.4g%% of calls with %s, --fail-seed %d\n", mf.failRate*100, mf.failStatus, mf.failSeed)
	}
	fmt.Fprintln(e.stdout, "Press Ctrl-C to stop.")

	srv := newMockServer(fake, defaultMockTimeouts)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(e.stderr, "drapi mock: %v\n", err)
		return exitFailed
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		fmt.Fprintf(e.stderr, "drapi mock: stopped with calls in flight: %v\n", err)
		return exitFailed
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(e.stderr, "drapi mock: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(e.stderr, "drapi mock: stopped")
	return exitOK
}

// options turns the flags into the fake's options; log receives the request
// log unless --quiet.
func (mf *mockFlags) options(log io.Writer) ([]drapitest.Option, error) {
	var opts []drapitest.Option
	if mf.seed {
		world, err := worldOptions()
		if err != nil {
			return nil, err
		}
		opts = append(opts, world...)
	}
	if mf.key != "" {
		opts = append(opts, drapitest.WithKey(mf.key))
	}
	if mf.noValidate {
		opts = append(opts, drapitest.WithoutValidation())
	}
	if !mf.quiet {
		opts = append(opts, drapitest.WithCallHook(callLogger(log)))
	}
	// Keep the newest calls only: the mock may serve for days.
	opts = append(opts, drapitest.WithCallLimit(1000))
	switch {
	case mf.latency < 0:
		return nil, fmt.Errorf("--latency %v is negative", mf.latency)
	case mf.latency > 0:
		opts = append(opts, drapitest.WithFaults(drapitest.Fault{Latency: mf.latency}))
	}
	if !(mf.failRate >= 0 && mf.failRate <= 1) {
		return nil, fmt.Errorf("--fail-rate %v is not between 0 and 1", mf.failRate)
	}
	fault := drapitest.Fault{Rate: mf.failRate}
	if mf.failStatus == "drop" {
		fault.Drop = true
	} else {
		status, err := strconv.Atoi(mf.failStatus)
		if err != nil || (status != 429 && status != 500 && status != 502 && status != 503 && status != 504) {
			return nil, fmt.Errorf("--fail-status %q: want 429, 500, 502, 503, 504 or drop", mf.failStatus)
		}
		fault.Status = status
		if status == http.StatusTooManyRequests {
			fault.RetryAfter = 1
		}
	}
	if mf.failRate > 0 {
		if !mf.seedGiven {
			mf.failSeed = rand.Uint64()
		}
		opts = append(opts, drapitest.WithFaultSeed(mf.failSeed), drapitest.WithFaults(fault))
	}
	return opts, nil
}

// callLogger returns a hook that logs each call in one line:
// time, method, path and query, operation, status, duration.
func callLogger(w io.Writer) func(drapitest.Call) {
	var mu sync.Mutex
	return func(c drapitest.Call) {
		target := logTarget(c.Path, c.Query)
		op := c.Operation
		if op == "" {
			op = "-"
		}
		status := strconv.Itoa(c.Status)
		if c.Status == 0 {
			status = "dropped"
		}
		if c.Injected {
			status += " (injected)"
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %s %s %s %s %s\n", time.Now().Format("15:04:05.000"), c.Method, target, op, status, c.Duration.Round(time.Microsecond))
	}
}

// checkListenAddr refuses a --addr that is not HOST:PORT, before listening.
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: want HOST:PORT, such as 127.0.0.1:8080 or :0 (%v)", addr, err)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("--addr %q: the port %q is not a number from 0 to 65535", addr, port)
	}
	return nil
}

// reachableAddr is the address this machine reaches a listener at: a
// listener on every interface (0.0.0.0 or ::) is reached on loopback,
// which drapi and the client accept over plain http.
func reachableAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	// Go listens on both IPv4 and IPv6 for 0.0.0.0 and ::, so 127.0.0.1 reaches either.
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}

// durationValue is a time.Duration flag whose error says what a duration
// looks like (time.ParseDuration's says "missing unit" for --latency 5).
type durationValue time.Duration

// String formats the duration, for pflag.
func (d *durationValue) String() string { return time.Duration(*d).String() }

// Type is the placeholder help shows: --latency DURATION.
func (d *durationValue) Type() string { return "DURATION" }

// Set parses s as a time.Duration.
func (d *durationValue) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration with a unit, such as 20ms or 1.5s")
	}
	*d = durationValue(v)
	return nil
}
