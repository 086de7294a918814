package drapitest

import (
	"errors"
	"fmt"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// Option configures a fake made by New or NewServer. An option given bad
// input makes New return an error (and NewServer fail the test).
type Option func(*config) error

// DefaultMaxBodyBytes bounds request bodies of a fake made without
// WithMaxBodyBytes: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

type config struct {
	clock          func() time.Time
	key, publicKey string
	strictKey      bool
	validate       bool
	seedFixtures   bool
	customers      []gen.Customer
	sources        []gen.Source
	orders         []gen.Order
	faults         []Fault
	faultSeed      uint64
	maxBody        int64
	taxRate        float64
	observe        func(Call)
	callLimit      int
	apiVersion     string
}

func defaultConfig() config {
	return config{
		clock:      time.Now,
		key:        DefaultKey,
		publicKey:  DefaultPublicKey,
		validate:   true,
		faultSeed:  1,
		maxBody:    DefaultMaxBodyBytes,
		taxRate:    DefaultTaxRate,
		apiVersion: DefaultAPIVersion,
	}
}

// WithClock makes the fake read createdTime, updatedTime and every other
// timestamp it sets from now instead of time.Now; now must be safe for
// concurrent use. Timestamps are kept in UTC, to the millisecond.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("drapitest: WithClock needs a function")
		}
		c.clock = now
		return nil
	}
}

// WithKey sets the fake's secret key (Fake.Key) and makes it accept only
// that key and its public key (Fake.PublicKey, pk_ and the same rest).
// Without it, the fake accepts every well-formed test key.
func WithKey(secret string) Option {
	return func(c *config) error {
		kind, mode, ok := keyKind(secret)
		if !ok || kind != "sk" || mode != "test" {
			return fmt.Errorf("drapitest: WithKey(%q): want a secret test key, sk_test_ then letters, digits, '_' or '-'", secret)
		}
		c.key, c.publicKey, c.strictKey = secret, "pk"+secret[2:], true
		return nil
	}
}

// WithoutValidation turns off checking requests against the contract. The
// fake still answers bad paging, unknown IDs and bad keys as the API does,
// and with a 400 a parameter or body it cannot decode, a query net/url
// cannot parse, a body that is not a JSON object, and a key its decoder
// would read otherwise than sent (one differing from a property only by
// case, or repeated); everything else reaches it as sent. Meant for benchmarks, and for seeing what a request
// the contract forbids would do.
func WithoutValidation() Option {
	return func(c *config) error {
		c.validate = false
		return nil
	}
}

// WithSeedFixtures fills the fake with the objects of the reference pages'
// examples (testdata/seeds/normalized in the module): customer 5823594809,
// with source a6809a63-e6a9-4016-abbc-f33d19fccb5b attached, and order
// ord_5823594809.
func WithSeedFixtures() Option {
	return func(c *config) error {
		c.seedFixtures = true
		return nil
	}
}

// WithCustomers fills the fake with customers, stored as given (a missing
// createdTime or updatedTime is set from the clock). Each needs an ID not
// used by another; sources listed in a customer's sources are stored too,
// attached to it. Objects given are listed newest first by createdTime.
func WithCustomers(cs ...gen.Customer) Option {
	return func(c *config) error {
		c.customers = append(c.customers, cs...)
		return nil
	}
}

// WithSources fills the fake with sources, stored as given; a source whose
// customerId names a customer of the fake is attached to it.
func WithSources(ss ...gen.Source) Option {
	return func(c *config) error {
		c.sources = append(c.sources, ss...)
		return nil
	}
}

// WithOrders fills the fake with orders, stored as given (the fake does not
// recompute their totals).
func WithOrders(os ...gen.Order) Option {
	return func(c *config) error {
		c.orders = append(c.orders, os...)
		return nil
	}
}

// WithFaults makes the fake inject faults from its first call; see Fault.
// Fake.SetFaults changes them later.
func WithFaults(faults ...Fault) Option {
	return func(c *config) error {
		c.faults = append(c.faults, faults...) // New checks them, as SetFaults does
		return nil
	}
}

// WithFaultSeed seeds the generator that decides which calls a Fault with a
// Rate hits. The same seed and the same sequence of calls hit the same
// calls; the default seed is 1.
func WithFaultSeed(seed uint64) Option {
	return func(c *config) error {
		c.faultSeed = seed
		return nil
	}
}

// WithMaxBodyBytes bounds request bodies; a larger body gets a 400
// (code request_too_large, parameter body). The default is 1 MiB.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("drapitest: WithMaxBodyBytes(%d): want a positive size", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithTaxRate sets the tax rate of order totals, as a fraction (0.0675 is
// 6.75%); the default is DefaultTaxRate.
func WithTaxRate(rate float64) Option {
	return func(c *config) error {
		if !(rate >= 0 && rate < 1) {
			return fmt.Errorf("drapitest: WithTaxRate(%v): want a fraction in [0, 1)", rate)
		}
		c.taxRate = rate
		return nil
	}
}

// WithCallHook calls hook with each call once it is answered, from the
// goroutine that served it: hook must be safe for concurrent use. drapi mock
// logs with it.
func WithCallHook(hook func(Call)) Option {
	return func(c *config) error {
		c.observe = hook
		return nil
	}
}

// WithCallLimit makes Fake.Calls keep only the newest n calls, so a fake
// that serves for long does not grow without bound. The default keeps all.
func WithCallLimit(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("drapitest: WithCallLimit(%d): want 0 (all) or more", n)
		}
		c.callLimit = n
		return nil
	}
}
