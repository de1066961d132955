package open311_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"gridline/server/open311"
)

var shanghai = time.FixedZone("CST", 8*3600)

// sample is a request with every field set, text that XML must escape and
// text outside ASCII.
func sample() open311.Request {
	at := time.Date(2026, 11, 5, 8, 15, 30, 0, shanghai)
	return open311.Request{
		ID: "7K3M9QX2TA", Status: open311.Open, StatusNotes: "已派遣：已受理 <尽快> & 安排",
		ServiceName: "市容环境", ServiceCode: "c0ffee12", Description: "路灯不亮\n已经一周了",
		AgencyResponsible: "北山口镇", Requested: at, Updated: at.Add(time.Hour), Expected: at.Add(72 * time.Hour),
		Address: "北山口镇 · 春和社区", AddressID: "K7M2QX", MediaURL: "https://gridline.example.org/p/abc",
	}
}

// encode writes v in format f, failing the test on an error.
func encode(t *testing.T, f open311.Format, v any) string {
	t.Helper()
	var b bytes.Buffer
	if err := open311.Write(&b, f, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// requestOrder is the spec's order of a request's elements, less zipcode,
// lat, long and service_notice, which Gridline never writes.
var requestOrder = []string{
	"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
	"agency_responsible", "requested_datetime", "updated_datetime", "expected_datetime",
	"address", "address_id", "media_url",
}

// xmlTree is an element with its children's names in order and its text.
type xmlTree struct {
	name     string
	text     string
	children []*xmlTree
}

// parseXML reads a document into a tree, checking the declaration first.
func parseXML(t *testing.T, doc string) *xmlTree {
	t.Helper()
	if !strings.HasPrefix(doc, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Fatalf("no XML declaration naming UTF-8: %.60q", doc)
	}
	d := xml.NewDecoder(strings.NewReader(doc))
	top := &xmlTree{}
	stack := []*xmlTree{top}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlTree{name: tok.Name.Local}
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += strings.TrimSpace(string(tok))
		}
	}
	if len(top.children) != 1 {
		t.Fatalf("%d root elements", len(top.children))
	}
	return top.children[0]
}

func (n *xmlTree) names() []string {
	var out []string
	for _, c := range n.children {
		out = append(out, c.name)
	}
	return out
}

func (n *xmlTree) child(name string) *xmlTree {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return &xmlTree{}
}

// TestRequestsXML: <service_requests><request> with every element in the
// spec's order, text escaped and read back whole, times with their offset,
// an absent value an empty element.
func TestRequestsXML(t *testing.T) {
	r := sample()
	bare := open311.Request{ID: "AAAAAAAAA", Status: open311.Closed, Requested: r.Requested}
	tree := parseXML(t, encode(t, open311.XML, open311.Requests{r, bare}))
	if tree.name != "service_requests" || !reflect.DeepEqual(tree.names(), []string{"request", "request"}) {
		t.Fatalf("root %s with %v", tree.name, tree.names())
	}
	got := tree.children[0]
	if !reflect.DeepEqual(got.names(), requestOrder) {
		t.Errorf("elements %v\nwant     %v", got.names(), requestOrder)
	}
	for name, want := range map[string]string{
		"status_notes": r.StatusNotes, "description": "路灯不亮\n已经一周了", "requested_datetime": "2026-11-05T08:15:30+08:00",
		"expected_datetime": "2026-11-08T08:15:30+08:00", "address": r.Address, "service_code": r.ServiceCode,
	} {
		if v := got.child(name).text; v != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
	if !reflect.DeepEqual(tree.children[1].names(), requestOrder) {
		t.Errorf("a request with absent values has elements %v", tree.children[1].names())
	}
	for _, name := range []string{"expected_datetime", "media_url", "updated_datetime"} {
		if v := tree.children[1].child(name).text; v != "" {
			t.Errorf("absent %s written as %q", name, v)
		}
	}
}

// TestRequestsJSON: an array of objects with the spec's field names, every
// value a string or null, in the spec's order.
func TestRequestsJSON(t *testing.T) {
	r := sample()
	doc := encode(t, open311.JSON, open311.Requests{r, {ID: "AAAAAAAAA", Status: open311.Open, Requested: r.Requested}})
	var got []map[string]any
	if err := json.Unmarshal([]byte(doc), &got); err != nil || len(got) != 2 {
		t.Fatalf("%v: %s", err, doc)
	}
	for _, name := range requestOrder {
		if _, ok := got[0][name].(string); !ok {
			t.Errorf("%s = %#v, want a string", name, got[0][name])
		}
	}
	if len(got[0]) != len(requestOrder) {
		t.Errorf("%d fields, want %d: %v", len(got[0]), len(requestOrder), got[0])
	}
	if got[0]["updated_datetime"] != "2026-11-05T09:15:30+08:00" || got[0]["status_notes"] != r.StatusNotes {
		t.Errorf("updated %v, notes %v", got[0]["updated_datetime"], got[0]["status_notes"])
	}
	for _, name := range []string{"expected_datetime", "media_url", "status_notes"} {
		if v, ok := got[1][name]; !ok || v != nil {
			t.Errorf("absent %s = %#v, want null", name, v)
		}
	}
	at := strings.Index(doc, `"service_request_id"`)
	for _, name := range requestOrder[1:] {
		next := strings.Index(doc, `"`+name+`"`)
		if next < at {
			t.Errorf("%s comes out of the spec's order", name)
		}
		at = next
	}
}

// TestEmptyListsAreArrays: no requests, services or errors are [] in JSON
// and a bare root element in XML, never null.
func TestEmptyListsAreArrays(t *testing.T) {
	for _, tt := range []struct {
		v    any
		root string
	}{{open311.Requests(nil), "service_requests"}, {open311.Services(nil), "services"}, {open311.Errors(nil), "errors"}, {open311.CreatedList(nil), "service_requests"}} {
		if got := strings.TrimSpace(encode(t, open311.JSON, tt.v)); got != "[]" {
			t.Errorf("%T in JSON: %s", tt.v, got)
		}
		if tree := parseXML(t, encode(t, open311.XML, tt.v)); tree.name != tt.root || len(tree.children) != 0 {
			t.Errorf("%T in XML: <%s> with %v", tt.v, tree.name, tree.names())
		}
	}
}

// TestJSONStrings: requests write their strings as encoding/json writes
// a string, byte for byte, whatever they hold.
func TestJSONStrings(t *testing.T) {
	var ascii []byte
	for c := range 128 {
		ascii = append(ascii, byte(c))
	}
	for _, s := range []string{"", string(ascii), "路灯\n不亮 <b>&</b> \"引号\" \\", "\u2028\u2029", "bad \xff\xfe utf-8", "emoji 🚧", "e\u0301"} {
		quoted, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		want := `[{"service_request_id":` + string(quoted) + `,"status":` + string(quoted) + `,"status_notes":null,"service_name":null,` +
			`"service_code":null,"description":null,"agency_responsible":null,"requested_datetime":null,"updated_datetime":null,` +
			`"expected_datetime":null,"address":null,"address_id":null,"media_url":null}]`
		if s == "" {
			want = strings.ReplaceAll(want, `""`, "null")
		}
		if got := strings.TrimSpace(encode(t, open311.JSON, open311.Requests{{ID: s, Status: s}})); got != want {
			t.Errorf("%q written as\n%s\nwant\n%s", s, got, want)
		}
	}
}
