package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"gridline/locale"
)

// TestBlurOnAPhone: an operator on a 360 px phone drags one rectangle over
// the middle of a photo with a finger and submits; the public thumbnail the
// tracking page links changes, and its middle is blurred.
func TestBlurOnAPhone(t *testing.T) {
	pc := newPhotoCase(t, newTestApp(t))
	before := pc.publicThumb(t)
	p := newPhone(t, pc.app)
	signIn(t, p, pc.staff)
	p.run(chromedp.EmulateViewport(360, 800, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch))
	p.open("/admin/photos/" + pc.photo)
	p.waitFor("the blur script", `document.querySelector('form.blur.js')`, 10*time.Second)
	p.waitFor("the photo", `document.getElementById('blur-photo').complete && document.getElementById('blur-photo').naturalWidth > 0`, 10*time.Second)
	p.expectFits("the blur page at 360 px")

	b := eval[[]float64](p, `(() => { const b = document.getElementById('blur-photo').getBoundingClientRect(); return [b.left, b.top, b.width, b.height]; })()`)
	if b[2] > 360 || b[2] < 200 {
		t.Fatalf("the photo is %.0f px wide on a 360 px phone", b[2])
	}
	p.drag(b[0]+b[2]*0.25, b[1]+b[3]*0.25, b[0]+b[2]*0.75, b[1]+b[3]*0.75)
	regions := eval[[]string](p, `[...document.querySelectorAll('input[name=region]')].map((i) => i.value)`)
	if len(regions) != 1 {
		t.Fatalf("after one drag the form carries %q", regions)
	}
	p.screenshot("blur-drawn")
	eval[chromedp.Void](p, `document.querySelector('button[value=blur]').click()`)
	p.waitForPath("/admin/photos/" + pc.photo + "?done=blur")

	after := pc.publicThumb(t)
	if after == before {
		t.Fatalf("the public thumbnail is still %s", after)
	}
	staffThumb := pc.staff.get("/admin/photos/" + pc.photo + "/original/thumb")
	v0 := variance(t, []byte(staffThumb.body), 0.3, 0.3, 0.7, 0.7)
	if v1 := variance(t, pc.app.get(after).Body.Bytes(), 0.3, 0.3, 0.7, 0.7); v1 > v0/20 {
		t.Errorf("the dragged region of the public thumbnail: variance %.1f, original %.1f", v1, v0)
	}
	st, err := pc.app.store.PhotoState(t.Context(), pc.photo)
	if err != nil || len(st.Regions) != 1 {
		t.Fatalf("stored regions %+v, %v", st.Regions, err)
	}
	if r := st.Regions[0]; r.X < 0.2 || r.X > 0.3 || r.W < 0.45 || r.W > 0.55 {
		t.Errorf("the region stored is %+v, want about the middle half", r)
	}
	text := eval[string](p, `document.body.textContent`)
	for _, want := range []string{catalogMessage(t, locale.Chinese, "blur.done"), catalogMessage(t, locale.Chinese, "blur.public_count", "Count", 1)} {
		if !strings.Contains(text, want) {
			t.Errorf("the blur page after the blur lacks %q", want)
		}
	}
}

// drag moves one finger from x0, y0 to x1, y1 in a few steps, as a person
// drawing a rectangle does.
func (p *phone) drag(x0, y0, x1, y1 float64) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	point := func(x, y float64) []*input.TouchPoint {
		one, id := 1.0, 0.0
		return []*input.TouchPoint{{X: x, Y: y, RadiusX: &one, RadiusY: &one, Force: &one, ID: &id}}
	}
	events := []input.DispatchTouchEventParams{{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: point(x0, y0)}}
	for i := 1; i <= 5; i++ {
		f := float64(i) / 5
		events = append(events, input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: point(x0+(x1-x0)*f, y0+(y1-y0)*f),
		})
	}
	events = append(events, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
	for _, e := range events {
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, e); err != nil {
			p.t.Fatalf("touch %s: %v", e.Type, err)
		}
	}
}
