package api_test

import (
	"fmt"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// validateOperation checks data as op's request body (dir InRequest) or its
// response with status (InResponse), for tables that hold both.
func validateOperation(op string, dir api.Direction, status int, data []byte) error {
	switch dir {
	case api.InRequest:
		return api.ValidateRequestBody(gen.OperationID(op), data)
	case api.InResponse:
		return api.ValidateResponseBody(gen.OperationID(op), status, data)
	}
	return fmt.Errorf("validateOperation: direction %v", dir)
}
