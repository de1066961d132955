// The blur page (/admin/photos/ID, server/photo_blur.go): staff drag
// rectangles over faces, plates and door numbers on the photo, with a finger
// or a mouse. The page works without this file (one rectangle typed in
// percent per POST); with it:
//   - a drag on the photo draws a rectangle, and every rectangle drawn is
//     posted as a hidden region field, "x,y,w,h" in fractions of the photo,
//     so the size the photo is shown at does not matter;
//   - the regions blurred already are outlined (data-blurred, the same form);
//   - the undo button removes the last rectangle; a tap without a drag
//     draws nothing;
//   - no more rectangles than the photo may still have (data-left).
// Every word shown comes from the message catalogs in data-msg-* attributes.
'use strict';

(() => {
  const form = document.getElementById('blur-form');
  const img = document.getElementById('blur-photo');
  if (!form || !img || !window.PointerEvent) return;
  const canvas = img.parentElement;
  const status = document.getElementById('blur-status');
  const undo = document.getElementById('blur-undo');
  const left = Number(form.dataset.left) || 0;
  const MIN = 0.01; // a drag smaller than this is a tap, not a rectangle
  const drawn = []; // {x, y, w, h, box}
  let drag = null;

  form.classList.add('js');
  document.getElementById('blur-drag-hint').hidden = false;
  const typed = document.getElementById('blur-typed');
  if (![...typed.querySelectorAll('input')].some((i) => i.value)) typed.open = false;

  // box draws a region on the photo; the sizes are percentages of it.
  function box(r, cls) {
    const el = document.createElement('div');
    el.className = 'blur-box ' + cls;
    place(el, r);
    canvas.append(el);
    return el;
  }
  function place(el, r) {
    el.style.left = r.x * 100 + '%';
    el.style.top = r.y * 100 + '%';
    el.style.width = r.w * 100 + '%';
    el.style.height = r.h * 100 + '%';
  }
  for (const s of (form.dataset.blurred || '').split(' ').filter(Boolean)) {
    const [x, y, w, h] = s.split(',').map(Number);
    box({ x, y, w, h }, 'done');
  }

  // at is the pointer's place on the photo, in fractions, kept inside it.
  function at(e) {
    const b = img.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, v));
    return { x: clamp((e.clientX - b.left) / b.width), y: clamp((e.clientY - b.top) / b.height) };
  }
  function span(a, b) {
    const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
    return { x, y, w: Math.max(a.x, b.x) - x, h: Math.max(a.y, b.y) - y };
  }

  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || drag) return;
    if (drawn.length >= left) {
      status.textContent = form.dataset.msgFull;
      return;
    }
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    const from = at(e);
    drag = { id: e.pointerId, from, r: span(from, from) };
    drag.box = box(drag.r, 'new');
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    drag.r = span(drag.from, at(e));
    place(drag.box, drag.r);
  });
  const finish = (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const { r, box: el } = drag;
    drag = null;
    if (e.type === 'pointercancel' || r.w < MIN || r.h < MIN) {
      el.remove();
      return;
    }
    drawn.push({ ...r, box: el });
    changed();
  };
  canvas.addEventListener('pointerup', finish);
  canvas.addEventListener('pointercancel', finish);

  undo.addEventListener('click', () => {
    const last = drawn.pop();
    if (last) last.box.remove();
    changed();
  });

  // changed posts one hidden region field per rectangle and says how many.
  function changed() {
    for (const old of form.querySelectorAll('input[name=region]')) old.remove();
    for (const r of drawn) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'region';
      input.value = [r.x, r.y, r.w, r.h].join(',');
      form.append(input);
    }
    undo.hidden = drawn.length === 0;
    status.textContent = drawn.length ? form.dataset.msgDrawn.replace('{n}', drawn.length) : '';
  }
})();
