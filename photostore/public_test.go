package photostore_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"gridline/photostore"
)

// TestPublicRendition: a blurred photo's public files are stored, listed for
// the orphan clean-up under their photo's ID, and removed like any other.
func TestPublicRendition(t *testing.T) {
	id, err := photostore.NewID()
	if err != nil {
		t.Fatal(err)
	}
	tag, err := photostore.NewTag()
	if err != nil {
		t.Fatal(err)
	}
	if !photostore.ValidTag(tag) {
		t.Fatalf("NewTag made %q, which ValidTag refuses", tag)
	}
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			ctx := t.Context()
			for _, name := range []string{photostore.PublicName(id, tag), photostore.PublicThumbName(id, tag)} {
				if err := s.Put(ctx, name, []byte(name)); err != nil {
					t.Fatalf("Put %s: %v", name, err)
				}
				if got, err := s.Get(ctx, name); err != nil || !bytes.Equal(got, []byte(name)) {
					t.Fatalf("Get %s = %q, %v", name, got, err)
				}
				if got := photostore.IDOf(name); got != id {
					t.Errorf("IDOf(%s) = %q, want %q", name, got, id)
				}
			}
			listed, err := s.List(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
			if err != nil || len(listed) != 2 {
				t.Errorf("List = %v, %v; want both files", listed, err)
			}
			if err := s.Delete(ctx, photostore.PublicName(id, tag)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, photostore.PublicName(id, tag)); !errors.Is(err, photostore.ErrNotFound) {
				t.Errorf("Get after Delete: %v, want ErrNotFound", err)
			}
		})
	}
}

// TestPublicNameTricks: names shaped almost like a rendition's are refused
// before any file or GridFS call, as other odd names are.
func TestPublicNameTricks(t *testing.T) {
	const id = "0123456789abcdef0123456789abcdef"
	names := []string{
		id + ".pub-0123ABCD.jpg", id + ".pub-0123abc.jpg", id + ".pub-0123abcde.jpg",
		id + ".pub-0123abcd.png", id + ".pub-0123abcd.thumb.png", id + ".pub-../../x.jpg",
		id + ".pub-0123abcd.jpg/../x", id + ".pub-0123abcd", id + ".pub-.jpg", id + "pub-0123abcd.jpg",
	}
	for _, name := range names {
		if got := photostore.IDOf(name); got != "" {
			t.Errorf("IDOf(%q) = %q, want none", name, got)
		}
	}
	for kind, s := range stores(t) {
		for _, name := range names {
			t.Run(kind+"/"+name, func(t *testing.T) {
				if err := s.Put(t.Context(), name, []byte("x")); err == nil {
					t.Fatal("Put accepted the name")
				}
				if _, err := s.Get(t.Context(), name); !errors.Is(err, photostore.ErrNotFound) {
					t.Fatalf("Get: want ErrNotFound, got %v", err)
				}
			})
		}
	}
}
