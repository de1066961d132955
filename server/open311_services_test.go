package server_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"testing"
)

// TestOpen311Discovery: the discovery document in both formats, with every
// field its spec requires and the endpoint under the configured base URL.
func TestOpen311Discovery(t *testing.T) {
	w := newOpenWorld(t)
	for _, f := range openFormats {
		t.Run(f, func(t *testing.T) {
			rec := w.get("/open311/v2/discovery." + f)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			checkContentType(t, rec, f)
			var endpoint map[string]any
			if f == "json" {
				var d map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"changeset", "contact", "key_service"} {
					if s, ok := d[k].(string); !ok || s == "" {
						t.Errorf("%s = %#v", k, d[k])
					}
				}
				eps, _ := d["endpoints"].([]any)
				if len(eps) != 1 {
					t.Fatalf("endpoints %#v", d["endpoints"])
				}
				endpoint = eps[0].(map[string]any)
				if !reflect.DeepEqual(endpoint["formats"], []any{"text/xml", "application/json"}) {
					t.Errorf("formats %#v", endpoint["formats"])
				}
			} else {
				e := parseElements(t, rec.Body.String())
				if e.Name != "discovery" || !slices.Equal(e.names(), []string{"changeset", "contact", "key_service", "endpoints"}) {
					t.Fatalf("<%s> %v", e.Name, e.names())
				}
				ep := e.Children[3].Children[0]
				endpoint = map[string]any{}
				for _, c := range ep.Children {
					endpoint[c.Name] = c.Text
				}
				if !slices.Equal(ep.Children[4].names(), []string{"format", "format"}) {
					t.Errorf("formats %v", ep.Children[4].names())
				}
			}
			if endpoint["url"] != "https://gridline.example.org/open311/v2" || endpoint["specification"] != "http://wiki.open311.org/GeoReport_v2" ||
				endpoint["type"] != "production" {
				t.Errorf("endpoint %v", endpoint)
			}
		})
	}
}

// TestOpen311Services: one service per category, in the residents' order,
// each with the spec's fields and types; a code that does not move when an
// admin reorders the categories; each service's definition, and a 404 for
// a code of no category.
func TestOpen311Services(t *testing.T) {
	w := newOpenWorld(t)
	cats, err := w.store.Categories(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{"service_code", "service_name", "description", "metadata", "type", "group"}
	codes := map[string]string{}
	for _, f := range openFormats {
		list := openList(t, w.get("/open311/v2/services."+f), f, http.StatusOK, "services", "service")
		if len(list) != len(cats) {
			t.Fatalf("%s: %d services for %d categories", f, len(list), len(cats))
		}
		for i, svc := range list {
			if !sameKeys(svc, fields) || svc["service_name"] != cats[i].Name || svc["type"] != "realtime" {
				t.Errorf("%s: service %d = %v", f, i, svc)
			}
			if want := map[string]any{"json": false, "xml": "false"}[f]; svc["metadata"] != want {
				t.Errorf("%s: metadata %#v, want %#v", f, svc["metadata"], want)
			}
			code, _ := svc["service_code"].(string)
			if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(code) || codes[cats[i].Name] != "" && codes[cats[i].Name] != code {
				t.Errorf("%s: code %q of %s", f, code, cats[i].Name)
			}
			codes[cats[i].Name] = code
		}
	}
	moved := cats[0]
	moved.Position = 99
	if err := w.store.SaveCategory(t.Context(), moved); err != nil {
		t.Fatal(err)
	}
	list := openList(t, w.get("/open311/v2/services.json"), "json", http.StatusOK, "services", "service")
	if last := list[len(list)-1]; last["service_name"] != moved.Name || last["service_code"] != codes[moved.Name] {
		t.Errorf("after reordering, the last service is %v; want %s with code %s", last, moved.Name, codes[moved.Name])
	}
	expectDefinitions(t, w, codes)
}

// expectDefinitions: every code's definition names it with no attributes,
// as the spec has it for a service without metadata.
func expectDefinitions(t *testing.T, w *openWorld, codes map[string]string) {
	t.Helper()
	for _, code := range codes {
		var def struct {
			Code       string `json:"service_code"`
			Attributes []any  `json:"attributes"`
		}
		rec := w.get("/open311/v2/services/" + code + ".json")
		if err := json.Unmarshal(rec.Body.Bytes(), &def); err != nil || rec.Code != http.StatusOK || def.Code != code || def.Attributes == nil || len(def.Attributes) != 0 {
			t.Errorf("definition of %s: %d %s", code, rec.Code, rec.Body)
		}
		e := parseElements(t, w.get("/open311/v2/services/"+code+".xml").Body.String())
		if e.Name != "service_definition" || !slices.Equal(e.names(), []string{"service_code", "attributes"}) || e.Children[0].Text != code {
			t.Errorf("XML definition of %s: <%s> %v", code, e.Name, e.names())
		}
	}
	for _, f := range openFormats {
		expectOpenError(t, w.get("/open311/v2/services/00000000."+f), f, http.StatusNotFound, "open311.service_not_found")
	}
	// Without .xml or .json a resource is not there: a 404 in XML, the
	// format the spec requires.
	expectOpenError(t, w.get("/open311/v2/services/"+codes["市容环境"]), "xml", http.StatusNotFound, "open311.not_found")
	expectOpenError(t, w.get("/open311/v2/requests/ABC.html"), "xml", http.StatusNotFound, "open311.not_found")
}

// sameKeys reports whether m has exactly the keys want.
func sameKeys(m map[string]any, want []string) bool {
	if len(m) != len(want) {
		return false
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}
