package client

import (
	"fmt"
	"strings"
)

// checkID rejects an ID that would make the request address another
// resource: an empty ID turns GET /customers/{id} into the list, and "." or
// ".." resolve to a parent path. what names the argument in the error.
func checkID(where, what, id string) error {
	switch {
	case id == "":
		return fmt.Errorf("drapi: %s: %s is empty", where, what)
	case id == "." || id == "..":
		return fmt.Errorf("drapi: %s: %s %q is not a valid ID", where, what, id)
	case strings.TrimSpace(id) != id:
		return fmt.Errorf("drapi: %s: %s %q has leading or trailing white space", where, what, id)
	}
	return nil
}
