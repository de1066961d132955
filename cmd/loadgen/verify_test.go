package main

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestCompare(t *testing.T) {
	const photo = "0123456789abcdef0123456789abcdef"
	files := map[string]bool{photo + ".jpg": true, photo + ".thumb.jpg": true}
	acked := func(token, code string, withPhoto bool) submission {
		return submission{token: token, tracking: code, photo: withPhoto}
	}
	stored := func(token, code string, photos ...string) storedReport {
		return storedReport{ID: code, Community: "ABCDEF", Token: token, Photos: photos}
	}
	tests := []struct {
		name    string
		subs    []submission
		reports []storedReport
		check   func(verification) bool
	}{
		{"stored once with its photo", []submission{acked("t1", "K1", true)}, []storedReport{stored("t1", "K1", photo)},
			func(v verification) bool {
				return v.acknowledged == 1 && v.storedOnce == 1 && len(v.problems(config{})) == 0
			}},
		{"lost", []submission{acked("t1", "K1", false)}, nil,
			func(v verification) bool { return slices.Equal(v.lost, []string{"K1"}) }},
		{"answered with a code that is not the stored one", []submission{acked("t1", "K1", false)}, []storedReport{stored("t1", "K2")},
			func(v verification) bool { return slices.Equal(v.lost, []string{"K1"}) }},
		{"stored twice", []submission{acked("t1", "K1", false)}, []storedReport{stored("t1", "K1"), stored("t1", "K2")},
			func(v verification) bool { return slices.Equal(v.duplicated, []string{"t1"}) && v.storedOnce == 0 }},
		{"photo file missing", []submission{acked("t1", "K1", true)}, []storedReport{stored("t1", "K1", "fedcba9876543210fedcba9876543210")},
			func(v verification) bool { return len(v.photosMissing) == 2 }},
		{"photo not stored", []submission{acked("t1", "K1", true)}, []storedReport{stored("t1", "K1")},
			func(v verification) bool { return len(v.photosMissing) == 1 }},
		{"stored but never acknowledged is no loss", []submission{{token: "t1", err: errors.New("cut off")}}, []storedReport{stored("t1", "K1")},
			func(v verification) bool { return v.unacked == 1 && len(v.problems(config{})) == 0 }},
		{"a report loadgen never sent", nil, []storedReport{stored("t9", "K9")},
			func(v verification) bool { return v.unexpected == 1 && len(v.problems(config{})) == 1 }},
		{"other communities are not looked at", nil, []storedReport{{ID: "K9", Community: "ZZZZZZ", Token: "t9"}},
			func(v verification) bool { return v.unexpected == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v := compare("ABCDEF", tt.subs, tt.reports, files); !tt.check(v) {
				t.Errorf("compare = %+v", v)
			}
		})
	}
}

func TestCountOrphans(t *testing.T) {
	const used, orphan = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	names := map[string]bool{
		used + ".jpg": true, used + ".thumb.jpg": true,
		orphan + ".jpg": true, orphan + ".thumb.jpg": true,
		".upload-123": true, "README": true,
	}
	got := countOrphans([]storedReport{{AfterPhotos: []string{used}}}, names)
	if want := (orphanCount{files: 2, photos: 1, temps: 1}); got != want {
		t.Errorf("countOrphans = %+v, want %+v", got, want)
	}
}

func TestTrackingAnswer(t *testing.T) {
	for loc, want := range map[string]string{
		"/t/K7M2QXABP?new=1": "K7M2QXABP", "/t/K7M2QXABP": "K7M2QXABP",
		"/c/ABCDEF": "", "/t/": "", "/t/a/b": "", "http://[::1": "",
	} {
		if a := trackingAnswer(loc); a.tracking != want || (want == "") != (a.err != nil) {
			t.Errorf("trackingAnswer(%q) = %q, %v; want %q", loc, a.tracking, a.err, want)
		}
	}
}

func TestKeptWork(t *testing.T) {
	page := submission{description: "路灯坏了 <3号楼>", token: "t1"}
	script := submission{description: "x", token: "t1", script: true}
	tests := []struct {
		name string
		s    submission
		body string
		want bool
	}{
		{"page shows the text", page, `<textarea>路灯坏了 &lt;3号楼&gt;</textarea>`, true},
		{"page without the text", page, `<p>出了点问题</p>`, false},
		{"script gets its token back", script, `{"notice":"稍后再试","token":"t1"}`, true},
		{"script gets another token", script, `{"notice":"稍后再试","token":"t2"}`, false},
		{"script gets no notice", script, `{"token":"t1"}`, false},
		{"script gets a page", script, `<html>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keptWork(tt.s, []byte(tt.body)); got != tt.want {
				t.Errorf("keptWork = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestDatabaseURIIsLoopback(t *testing.T) {
	for uri, ok := range map[string]bool{
		"mongodb://127.0.0.1:27018/": true, "mongodb://localhost/?maxPoolSize=1": true, "mongodb://[::1]:27017": true,
		"mongodb://127.0.0.1:1,127.0.0.2:2/": true, "mongodb://%2Ftmp%2Fdata%2Fdb%2Fmongodb.sock/": true, "mongodb://db.example.org:27017/": false,
		"mongodb://127.0.0.1:1,10.0.0.1:2/": false, "mongodb+srv://cluster.example.org": false, "http://127.0.0.1/": false,
	} {
		if _, err := (config{mongoURI: uri}).databaseURI(); (err == nil) != ok {
			t.Errorf("databaseURI(%q): %v, want allowed %v", uri, err, ok)
		}
	}
}
