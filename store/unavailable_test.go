package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"gridline/store"
)

// TestUnavailable: only errors that mean the database could not be reached
// are worth a 503; a refusal or a missing document is not.
func TestUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	client, err := mongo.Connect(options.Client().ApplyURI("mongodb://" + closed).SetServerSelectionTimeout(200 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	down := client.Database("gridline").Collection("reports").FindOne(context.Background(), bson.M{}).Err()

	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"no server to select", down, true},
		{"wrapped by the store", fmt.Errorf("report by token: %w", down), true},
		{"deadline", fmt.Errorf("find: %w", context.DeadlineExceeded), true},
		{"connection cut", fmt.Errorf("report: %w", topology.ConnectionError{ConnectionID: "127.0.0.1:27018[-6]", Wrapped: io.EOF}), true},
		{"not found", fmt.Errorf("report: %w", store.ErrNotFound), false},
		{"no documents", mongo.ErrNoDocuments, false},
		{"duplicate", store.ErrDuplicate, false},
		{"anything else", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.Unavailable(tt.err); got != tt.want {
				t.Errorf("Unavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
