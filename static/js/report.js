// Gridline's report form, made better on a phone. The form works without this
// file (a plain multipart POST). With it:
//   - photos are decoded with their orientation applied, shrunk to at most
//     1600 px and re-encoded as JPEG before upload, with previews;
//   - sending shows real upload progress and cannot happen twice at once;
//   - the text, the one-time token and the shrunk photos are kept as a draft
//     in IndexedDB, so a failed send can be retried with the same token (the
//     server turns a repeat into the same report) and a later visit offers it;
//   - "use my location" fills the hidden lat/lng fields, only when pressed.
// Every word shown comes from the page (data-msg-* attributes rendered from
// the message catalogs), never from this file.
'use strict';

(() => {
  const form = document.querySelector('form.report');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;

  const MAX_SIDE = 1600;
  const QUALITY = 0.8;
  const MAX_PHOTOS = Number(form.dataset.maxPhotos) || 4;
  const FIELDS = ['category', 'description', 'location', 'name', 'phone', 'lat', 'lng', 'accuracy'];
  const KEY = form.getAttribute('action'); // one draft per community: "/c/CODE"

  const $ = (id) => document.getElementById(id);
  const msg = (name) => form.dataset['msg' + name] || '';
  const el = form.elements;
  const notice = document.querySelector('main > .notice'); // the server's, above the form
  const sendNotice = $('send-notice'); // ours, beside the button the resident just pressed
  const sendButton = $('send');
  const progress = $('progress');
  const sendStatus = $('send-status');
  const previews = $('previews');
  const photoStatus = $('photo-status');
  const pickers = [...form.querySelectorAll('input[type=file][name=photos]')];

  let photos = []; // {blob, name, url}: what will be uploaded, in order
  let photoWork = Promise.resolve(); // photos being shrunk; sending waits for it
  let sending = false;
  let retryWhenOnline = false;
  let draftOffered = false;

  form.classList.add('js');

  // ---- drafts in IndexedDB (any failure there only means no draft) ----

  let dbOpen;
  function db() {
    dbOpen ??= new Promise((resolve, reject) => {
      const req = indexedDB.open('gridline', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('drafts');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return dbOpen;
  }

  async function drafts(mode, op) {
    const tx = (await db()).transaction('drafts', mode);
    const req = op(tx.objectStore('drafts'));
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  const readDraft = () => drafts('readonly', (s) => s.get(KEY)).catch(() => null);
  const dropDraft = () => drafts('readwrite', (s) => s.delete(KEY)).catch(() => {});

  function snapshot() {
    const d = { token: el.token.value, savedAt: Date.now(), photos: photos.map(({ blob, name }) => ({ blob, name })) };
    for (const f of FIELDS) d[f] = el[f] ? el[f].value : '';
    return d;
  }

  const worthKeeping = (d) => d && (d.photos.length > 0 || FIELDS.some((f) => f !== 'accuracy' && d[f]));

  function saveDraft() {
    const d = snapshot();
    return worthKeeping(d) ? drafts('readwrite', (s) => s.put(d, KEY)).catch(() => {}) : dropDraft();
  }

  let saveTimer;
  function saveSoon() {
    if (draftOffered) hideDraftOffer(); // typing on means this form is the one to keep
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 400);
  }
  form.addEventListener('input', saveSoon);
  form.addEventListener('change', (e) => { if (e.target.type !== 'file') saveSoon(); });

  function hideDraftOffer() {
    draftOffered = false;
    $('draft').hidden = true;
  }

  async function offerDraft() {
    const d = await readDraft();
    if (!worthKeeping(d)) return;
    draftOffered = true;
    $('draft').hidden = false;
    $('draft-restore').onclick = () => { hideDraftOffer(); restore(d); $('description').focus(); };
    $('draft-discard').onclick = () => { hideDraftOffer(); dropDraft(); $('category').focus(); };
  }

  function restore(d) {
    for (const f of FIELDS) if (el[f] && d[f] !== undefined) el[f].value = d[f];
    el.token.value = d.token; // the same token: if it was sent after all, this finds that report
    clearPhotos();
    photos = d.photos.slice(0, MAX_PHOTOS).map(({ blob, name }) => ({ blob, name }));
    showPhotos();
    showGeo();
  }

  // ---- photos: shrink on the phone, preview, remove ----

  async function shrink(file) {
    if (!window.createImageBitmap) return file;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      return file; // a format this browser cannot decode (some HEIC): the server answers
    }
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', QUALITY));
    canvas.width = canvas.height = 0; // let go of the pixels now
    return blob && (scale < 1 || blob.size < file.size) ? blob : file;
  }

  function jpegName(file, blob) {
    const base = (file.name || 'photo').replace(/\.[^.]*$/, '');
    return blob === file ? file.name || 'photo' : base + '.jpg';
  }

  async function addPhotos(files) {
    const room = MAX_PHOTOS - photos.length;
    say(photoStatus, files.length > room ? msg('TooMany') : msg('Shrinking'));
    for (const file of files.slice(0, Math.max(room, 0))) {
      const blob = await shrink(file);
      photos.push({ blob, name: jpegName(file, blob) });
      showPhotos();
    }
    if (files.length <= room) say(photoStatus, msg('Ready'));
    await saveDraft();
  }

  for (const picker of pickers) {
    picker.addEventListener('change', () => {
      const files = [...picker.files];
      picker.value = ''; // the shrunk copies are sent, not these
      photoWork = photoWork.then(() => addPhotos(files)).catch(() => say(photoStatus, ''));
    });
  }

  function clearPhotos() {
    for (const p of photos) if (p.url) URL.revokeObjectURL(p.url);
    photos = [];
  }

  function showPhotos() {
    previews.replaceChildren(...photos.map((p, i) => {
      p.url ??= URL.createObjectURL(p.blob);
      const img = document.createElement('img');
      img.src = p.url;
      img.alt = msg('Photo') + ' ' + (i + 1);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = '\u00d7';
      remove.setAttribute('aria-label', msg('Remove') + ' ' + (i + 1));
      remove.addEventListener('click', () => {
        URL.revokeObjectURL(p.url);
        photos = photos.filter((q) => q !== p);
        showPhotos();
        saveDraft();
        pickers[pickers.length - 1].focus();
      });
      const li = document.createElement('li');
      li.append(img, remove);
      return li;
    }));
    previews.hidden = photos.length === 0;
  }

  // ---- location: only when the resident asks ----

  function showGeo() {
    const has = el.lat.value !== '' && el.lng.value !== '';
    $('geo-remove').hidden = !has;
    if (has) say($('geo-status'), msg('GeoDone'));
  }

  function useLocation() {
    const status = $('geo-status');
    say(status, msg('GeoWait'));
    navigator.geolocation.getCurrentPosition((pos) => {
      el.lat.value = pos.coords.latitude.toFixed(6);
      el.lng.value = pos.coords.longitude.toFixed(6);
      el.accuracy.value = String(Math.min(Math.round(pos.coords.accuracy || 0), 9999999));
      showGeo();
      saveDraft();
    }, (err) => {
      say(status, err.code === err.PERMISSION_DENIED ? msg('GeoDenied') : msg('GeoFailed'));
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  }

  if (navigator.geolocation) {
    const hint = $('geo-status').textContent;
    $('geo').hidden = false;
    $('geo-use').addEventListener('click', useLocation);
    $('geo-remove').addEventListener('click', () => {
      el.lat.value = el.lng.value = el.accuracy.value = '';
      showGeo();
      say($('geo-status'), hint);
      saveDraft();
      $('geo-use').focus();
    });
    showGeo();
  }

  // ---- sending ----

  function say(node, text) {
    node.textContent = text;
  }

  function showNotice(box, text) {
    box.firstElementChild.textContent = text;
    box.hidden = !text;
  }

  function clearErrors() {
    for (const p of form.querySelectorAll('.field-error')) p.remove();
    for (const c of form.querySelectorAll('[aria-invalid]')) {
      c.removeAttribute('aria-invalid');
      c.removeAttribute('aria-describedby');
    }
  }

  function showFieldErrors(errors) {
    let first;
    for (const [field, text] of Object.entries(errors || {})) {
      const named = form.elements.namedItem(field);
      const control = named instanceof RadioNodeList ? named[named.length - 1] : named;
      const box = control && control.closest('.field');
      if (!box) continue;
      const p = document.createElement('p');
      p.className = 'field-error';
      p.id = field + '-error';
      p.setAttribute('role', 'alert');
      p.textContent = text;
      box.append(p);
      if (control.type !== 'hidden') {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', p.id);
        first ??= control;
      }
    }
    if (first) first.focus();
    return Boolean(first);
  }

  // finish shows why the report was not sent: beside the button, or above
  // the form when fields need fixing (focus moves to the first of them).
  function finish(answer, retry) {
    sending = false;
    sendButton.disabled = false;
    progress.hidden = true;
    say(sendStatus, '');
    if (retry) sendButton.textContent = msg('Retry');
    if (showFieldErrors(answer.errors)) showNotice(notice, answer.notice);
    else showNotice(sendNotice, answer.notice);
  }

  function answered(xhr) {
    let answer = null;
    try {
      answer = JSON.parse(xhr.responseText);
    } catch {
      // not from the form handler (a proxy, a crash): keep everything, offer a retry
    }
    if (xhr.status === 200 && answer && answer.url) {
      progress.value = 100;
      clearTimeout(saveTimer);
      dropDraft().finally(() => openTracking(answer));
      return;
    }
    if (answer && answer.token) el.token.value = answer.token;
    saveDraft();
    if (!answer || !answer.notice) answer = { notice: msg('Server') };
    finish(answer, !answer.errors || xhr.status >= 500);
  }

  // openTracking goes to the report's page; with no signal it waits for one,
  // so the resident is not left on the browser's offline page, and shows the code.
  function openTracking(answer) {
    if (navigator.onLine) {
      say(sendStatus, msg('Sent'));
      location.assign(answer.url);
      return;
    }
    say(sendStatus, msg('SentOffline').replace('{code}', answer.tracking));
    window.addEventListener('online', () => location.assign(answer.url), { once: true });
  }

  async function send() {
    if (sending) return; // a double tap: the first send is on its way
    sending = true;
    retryWhenOnline = false;
    sendButton.disabled = true;
    showNotice(notice, '');
    showNotice(sendNotice, '');
    clearErrors();
    await photoWork;
    clearTimeout(saveTimer);
    await saveDraft(); // on the phone before it goes on the network

    const data = new FormData(form);
    data.delete('photos');
    for (const p of photos) data.append('photos', p.blob, p.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = 180000;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 99);
    };
    xhr.onload = () => answered(xhr);
    xhr.onerror = xhr.ontimeout = () => {
      retryWhenOnline = true;
      finish({ notice: navigator.onLine ? msg('Failed') : msg('Offline') }, true);
    };
    progress.value = 0;
    progress.hidden = false;
    say(sendStatus, msg('Sending'));
    xhr.send(data);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  window.addEventListener('online', () => {
    if (retryWhenOnline) send();
  });

  offerDraft();
})();
