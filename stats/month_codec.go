package stats

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// monthFormat is the first byte of an encoded Month; a new layout gets a new
// number and the old one stays readable. Format 2 writes how many counters a
// day has before each community's days, so counters added later leave older
// tallies readable (format 1 had the first ten: no patrols, no re-checks).
const (
	monthFormat   = 2
	format1Counts = nPatrol
)

// ErrMonthFormat means stored tally bytes are not a Month this version reads.
var ErrMonthFormat = errors.New("stats: unreadable month tally")

// MarshalBinary encodes the tally compactly (varints, communities and names in
// sorted order, so equal tallies encode equally). The store keeps it as one
// binary field: the embedded database decodes every nested field of a
// document at some microseconds each, and a month holds thousands of counts.
func (m *Month) MarshalBinary() ([]byte, error) {
	b := []byte{monthFormat}
	b = appendString(b, m.Key)
	b = binary.AppendUvarint(b, uint64(len(m.Communities)))
	for _, code := range slices.Sorted(maps.Keys(m.Communities)) {
		c := m.Communities[code]
		b = appendString(b, code)
		b = binary.AppendUvarint(b, numCounters)
		for _, day := range c.Days {
			for _, n := range day {
				b = binary.AppendVarint(b, int64(n))
			}
		}
		b = appendCounts(b, c.Resolved[:])
		b = binary.AppendUvarint(b, uint64(len(c.Scans)))
		for _, kind := range slices.Sorted(maps.Keys(c.Scans)) {
			b = appendString(b, kind)
			b = appendCounts(b, c.Scans[kind][:])
		}
		b = binary.AppendUvarint(b, uint64(len(c.Categories)))
		for _, name := range slices.Sorted(maps.Keys(c.Categories)) {
			b = appendString(b, name)
			for _, pair := range c.Categories[name] {
				b = appendCounts(b, pair[:])
			}
		}
		b = appendSamples(b, c.ToAccept)
		b = appendSamples(b, c.ToResolve)
	}
	b = binary.AppendUvarint(b, uint64(len(m.Counted)))
	for _, id := range slices.Sorted(maps.Keys(m.Counted)) {
		b = appendString(b, id)
		b = binary.AppendVarint(b, int64(m.Counted[id]))
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendCounts(b []byte, ns []int32) []byte {
	for _, n := range ns {
		b = binary.AppendVarint(b, int64(n))
	}
	return b
}

func appendSamples(b []byte, s []Sample) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	for _, x := range s {
		b = binary.AppendUvarint(b, uint64(x.Day))
		b = binary.AppendVarint(b, x.MS)
	}
	return b
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (m *Month) UnmarshalBinary(data []byte) error {
	if len(data) == 0 || data[0] < 1 || data[0] > monthFormat {
		return ErrMonthFormat
	}
	format := data[0]
	r := &reader{b: data[1:]}
	m.Key = r.string()
	n := r.count()
	m.Communities = make(map[string]*CommunityMonth, n)
	for range n {
		code, c := r.string(), &CommunityMonth{}
		r.days(c, format)
		r.counts(c.Resolved[:])
		if k := r.count(); k > 0 {
			c.Scans = make(map[string]*[31]int32, k)
			for range k {
				kind, days := r.string(), &[31]int32{}
				r.counts(days[:])
				c.Scans[kind] = days
			}
		}
		if k := r.count(); k > 0 {
			c.Categories = make(map[string]*[31][2]int32, k)
			for range k {
				name, days := r.string(), &[31][2]int32{}
				for i := range days {
					r.counts(days[i][:])
				}
				c.Categories[name] = days
			}
		}
		c.ToAccept, c.ToResolve = r.samples(), r.samples()
		m.Communities[code] = c
	}
	n = r.count()
	m.Counted = make(map[string]int32, n)
	for range n {
		id := r.string()
		m.Counted[id] = int32(r.varint())
	}
	if r.err != nil || len(r.b) > 0 {
		return fmt.Errorf("%w: month %q", ErrMonthFormat, m.Key)
	}
	return nil
}

// reader consumes varints, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = ErrMonthFormat, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = ErrMonthFormat, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, bounded by what is left so bad bytes cannot make it
// allocate much.
func (r *reader) count() int {
	v := r.uvarint()
	if v > uint64(len(r.b)) {
		r.err, r.b = ErrMonthFormat, nil
		return 0
	}
	return int(v)
}

func (r *reader) string() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) counts(dst []int32) {
	for i := range dst {
		dst[i] = int32(r.varint())
	}
}

// days reads a community's cohort counters: as many per day as the format
// wrote, keeping those this version knows.
func (r *reader) days(c *CommunityMonth, format byte) {
	n := format1Counts
	if format > 1 {
		n = r.count()
	}
	day := make([]int32, n)
	for i := range c.Days {
		r.counts(day)
		copy(c.Days[i][:], day)
	}
}

func (r *reader) samples() []Sample {
	n := r.count()
	if n == 0 {
		return nil
	}
	s := make([]Sample, n)
	for i := range s {
		s[i] = Sample{Day: int8(r.uvarint()), MS: r.varint()}
	}
	return s
}
