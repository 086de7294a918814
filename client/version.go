package client

import (
	"runtime"
	"runtime/debug"
)

// Version is this package's version, sent in the User-Agent header when the
// build does not record the module's own version.
const Version = "0.1.0"

// modulePath is the module this package belongs to.
const modulePath = "github.com/drapi-go/drapi"

// userAgent returns the User-Agent header value: drapi's product token, the
// Go version, and the caller's suffix.
func userAgent(suffix string) string {
	ua := "drapi-go/" + moduleVersion() + " (+https://" + modulePath + "; " + runtime.Version() + ")"
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// moduleVersion returns the module's version as the build records it, or
// Version when the build does not.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		mods := append([]*debug.Module{&bi.Main}, bi.Deps...)
		for _, m := range mods {
			if m != nil && m.Path == modulePath && m.Version != "" && m.Version != "(devel)" {
				return m.Version
			}
		}
	}
	return Version
}
