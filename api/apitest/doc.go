// Package apitest is an in-memory Digital River API for tests: the
// contract's 13 operations on customers, sources and orders, over real state,
// on a loopback address, with no network and no key.
//
// (The tour of the package is in progress.)
package apitest
