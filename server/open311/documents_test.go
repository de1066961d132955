package open311_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"gridline/server/open311"
)

// decodeJSON reads doc into v, failing the test when it is not JSON.
func decodeJSON(t *testing.T, doc string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(doc), v); err != nil {
		t.Fatalf("%v: %s", err, doc)
	}
}

// TestServices: each service has the spec's fields, metadata a boolean
// false, type realtime; no keywords written when there are none.
func TestServices(t *testing.T) {
	list := open311.Services{{Code: "c0ffee12", Name: "市容环境", Description: "72小时", Type: open311.Realtime, Group: "社区网格"}}
	var got []map[string]any
	decodeJSON(t, encode(t, open311.JSON, list), &got)
	want := map[string]any{"service_code": "c0ffee12", "service_name": "市容环境", "description": "72小时",
		"metadata": false, "type": "realtime", "group": "社区网格"}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("JSON %v, want [%v]", got, want)
	}
	tree := parseXML(t, encode(t, open311.XML, list))
	wantNames := []string{"service_code", "service_name", "description", "metadata", "type", "group"}
	if tree.name != "services" || len(tree.children) != 1 || !reflect.DeepEqual(tree.children[0].names(), wantNames) {
		t.Fatalf("XML <%s> %v", tree.name, tree.names())
	}
	if m := tree.children[0].child("metadata").text; m != "false" {
		t.Errorf("metadata %q", m)
	}
}

// TestDefinition: a service without metadata is defined by its code and an
// empty attribute list, an object in JSON.
func TestDefinition(t *testing.T) {
	var got map[string]any
	decodeJSON(t, encode(t, open311.JSON, open311.Definition{Code: "c0ffee12"}), &got)
	if got["service_code"] != "c0ffee12" || !reflect.DeepEqual(got["attributes"], []any{}) || len(got) != 2 {
		t.Errorf("JSON %v", got)
	}
	tree := parseXML(t, encode(t, open311.XML, open311.Definition{Code: "c0ffee12"}))
	if tree.name != "service_definition" || !reflect.DeepEqual(tree.names(), []string{"service_code", "attributes"}) ||
		len(tree.child("attributes").children) != 0 || tree.child("service_code").text != "c0ffee12" {
		t.Errorf("XML <%s> %v", tree.name, tree.names())
	}
}

// TestDiscovery: the required fields, endpoints a list of objects and
// formats a list of strings in JSON; nested elements in XML.
func TestDiscovery(t *testing.T) {
	d := open311.Discovery{Changeset: "2026-11-05T08:15:30+08:00", Contact: "12345", KeyService: "ask", Endpoints: []open311.Endpoint{{
		Specification: open311.Specification, URL: "https://g.example/open311/v2", Changeset: "x", Type: "production", Formats: open311.Formats(),
	}}}
	var got struct {
		Changeset, Contact string
		KeyService         string `json:"key_service"`
		Endpoints          []map[string]any
	}
	decodeJSON(t, encode(t, open311.JSON, d), &got)
	if len(got.Endpoints) != 1 || got.Endpoints[0]["url"] != "https://g.example/open311/v2" ||
		!reflect.DeepEqual(got.Endpoints[0]["formats"], []any{"text/xml", "application/json"}) || got.KeyService != "ask" {
		t.Errorf("JSON %+v", got)
	}
	tree := parseXML(t, encode(t, open311.XML, d))
	if tree.name != "discovery" || !reflect.DeepEqual(tree.names(), []string{"changeset", "contact", "key_service", "endpoints"}) {
		t.Fatalf("XML <%s> %v", tree.name, tree.names())
	}
	ep := tree.child("endpoints").child("endpoint")
	if !reflect.DeepEqual(ep.names(), []string{"specification", "url", "changeset", "type", "formats"}) ||
		!reflect.DeepEqual(ep.child("formats").names(), []string{"format", "format"}) {
		t.Errorf("endpoint %v", ep.names())
	}
}

// TestErrorsAndCreated: the shapes of a failure and of a posted request's
// answer, as the spec's examples have them.
func TestErrorsAndCreated(t *testing.T) {
	errs := open311.Errors{{Code: 403, Description: "Invalid api_key"}, {Code: 400, Description: "description: 太短"}}
	if got := strings.TrimSpace(encode(t, open311.JSON, errs)); got != `[{"code":403,"description":"Invalid api_key"},{"code":400,"description":"description: 太短"}]` {
		t.Errorf("JSON %s", got)
	}
	tree := parseXML(t, encode(t, open311.XML, errs))
	if tree.name != "errors" || len(tree.children) != 2 || !reflect.DeepEqual(tree.children[0].names(), []string{"code", "description"}) ||
		tree.children[0].child("code").text != "403" {
		t.Errorf("XML <%s> %v", tree.name, tree.names())
	}
	created := open311.CreatedList{{ID: "7K3M9QX2TA"}}
	if got := strings.TrimSpace(encode(t, open311.JSON, created)); got != `[{"service_request_id":"7K3M9QX2TA"}]` {
		t.Errorf("JSON %s", got)
	}
	tree = parseXML(t, encode(t, open311.XML, created))
	if tree.name != "service_requests" || tree.child("request").child("service_request_id").text != "7K3M9QX2TA" {
		t.Errorf("XML <%s> %v", tree.name, tree.names())
	}
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		in, name string
		f        open311.Format
		ok       bool
	}{
		{"requests.json", "requests", open311.JSON, true},
		{"7K3M9QX2TA.xml", "7K3M9QX2TA", open311.XML, true},
		{"7K3M9QX2TA", "7K3M9QX2TA", open311.XML, false},
		{"a.b.json", "a.b", open311.JSON, true},
		{"x.html", "x.html", open311.XML, false},
		{".json", "", open311.JSON, true},
	} {
		name, f, ok := open311.Split(tt.in)
		if name != tt.name || f != tt.f || ok != tt.ok {
			t.Errorf("Split(%q) = %q %q %v, want %q %q %v", tt.in, name, f, ok, tt.name, tt.f, tt.ok)
		}
	}
	if open311.JSON.ContentType() != "application/json; charset=utf-8" || open311.XML.ContentType() != "text/xml; charset=utf-8" {
		t.Error("content types")
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 11, 5, 0, 0, 0, 0, shanghai)
	for _, in := range []string{"2026-11-05T00:00:00+08:00", "2026-11-04T16:00:00Z", "2026-11-05T00:00:00 08:00",
		"2026-11-05T00:00+08:00", "2026-11-04T16:00:00.000Z", "2026-11-05"} {
		got, err := open311.ParseTime(in, shanghai)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2026-11-05T00:00:00", "yesterday", "2026-13-01", "1730764800"} {
		if got, err := open311.ParseTime(in, shanghai); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got)
		}
	}
	if got := open311.Time(want.UTC()); got != "2026-11-04T16:00:00Z" {
		t.Errorf("Time in UTC = %s", got)
	}
}

func TestList(t *testing.T) {
	if got := open311.List(" a, b,,c ,"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("List = %q", got)
	}
	if got := open311.List(" , "); got != nil {
		t.Errorf("List of blanks = %q", got)
	}
}
