package store

import (
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// Unavailable reports whether err means the database could not be reached
// (connection refused or cut, no server to select, a timeout) rather than
// that it refused the operation: the request may succeed if tried again
// later, so the HTTP layer answers 503 instead of 500.
func Unavailable(err error) bool {
	var (
		sel  topology.ServerSelectionError
		conn topology.ConnectionError
		pool driver.RetryablePoolError // the pool was cleared after a cut connection
	)
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) ||
		errors.As(err, &sel) || errors.As(err, &conn) || (errors.As(err, &pool) && pool.Retryable())
}
