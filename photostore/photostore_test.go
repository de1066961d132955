package photostore_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"gridline/database/dbtest"
	"gridline/photostore"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func stores(t *testing.T) map[string]photostore.Store {
	dir, err := photostore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, _ := dbtest.New(t)
	return map[string]photostore.Store{"dir": dir, "gridfs": photostore.NewGridFS(db)}
}

func TestStoreRoundTrip(t *testing.T) {
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			id, err := photostore.NewID()
			if err != nil {
				t.Fatal(err)
			}
			data := bytes.Repeat([]byte("jpeg"), 100_000) // spans several GridFS chunks
			if err := s.Put(ctx, photostore.FullName(id), data); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, photostore.FullName(id))
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("Get = %d bytes, %v; want the %d bytes put", len(got), err, len(data))
			}
			if _, err := s.Get(ctx, photostore.ThumbName(id)); !errors.Is(err, photostore.ErrNotFound) {
				t.Fatalf("Get of a missing thumb: want ErrNotFound, got %v", err)
			}
			if err := s.Delete(ctx, photostore.FullName(id)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, photostore.FullName(id)); !errors.Is(err, photostore.ErrNotFound) {
				t.Fatalf("Get after Delete: want ErrNotFound, got %v", err)
			}
			if err := s.Delete(ctx, photostore.FullName(id)); err != nil {
				t.Fatalf("deleting twice: %v", err)
			}
		})
	}
}

func TestStoreRejectsPathTricks(t *testing.T) {
	names := []string{"../etc/passwd", "..%2f..%2fetc", "", "/etc/passwd", "0123456789abcdef0123456789abcdef.jpg/../x",
		"0123456789ABCDEF0123456789ABCDEF.jpg", "0123456789abcdef0123456789abcdef.png", "0123456789abcdef0123456789abcde.jpg"}
	for kind, s := range stores(t) {
		for _, name := range names {
			t.Run(kind+"/"+name, func(t *testing.T) {
				ctx := context.Background()
				if err := s.Put(ctx, name, []byte("x")); err == nil {
					t.Fatal("Put accepted the name")
				}
				if _, err := s.Get(ctx, name); !errors.Is(err, photostore.ErrNotFound) {
					t.Fatalf("Get: want ErrNotFound, got %v", err)
				}
			})
		}
	}
}

func TestValidID(t *testing.T) {
	id, err := photostore.NewID()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{id, true},
		{"0123456789abcdef0123456789abcdef", true},
		{"0123456789abcdef0123456789abcde", false},
		{"0123456789abcdef0123456789abcdeg", false},
		{"../23456789abcdef0123456789abcdef", false},
		{"0123456789ABCDEF0123456789abcdef", false},
	} {
		if got := photostore.ValidID(tc.id); got != tc.want {
			t.Errorf("ValidID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}
