// Gridline's forms with photos, made better on a phone: the resident's report
// form (/c/CODE) and the grid worker's resolve form on a report's console page.
// Each works without this file (a plain multipart POST). With it, for every
// form[data-photos]:
//   - photos are decoded with their orientation applied, shrunk to at most
//     1600 px and re-encoded as JPEG before upload, with previews;
//   - sending shows real upload progress and cannot happen twice at once;
//   - the text, the one-time token (where the form has one) and the shrunk
//     photos are kept as a draft in IndexedDB under the form's address (its
//     path: the query may hold a staff CSRF token), so a failed send is sent
//     again when the signal is back, and a later visit offers the draft;
//   - "use my location" fills the hidden lat/lng fields, only when pressed
//     (forms with a .geo block: the resident's).
// A form says what it is in data- attributes: data-photos (the photo field's
// name), data-max-photos, data-fields (the fields a draft keeps, the first
// one where a fresh start begins) and data-msg-* (every word shown, rendered
// from the message catalogs: none is in this file). Its parts are found
// inside it: .draft (with .draft-restore and .draft-discard), .previews,
// .photo-status, and in .send a progress bar, a .status, a .notice and the
// submit button. The server answers in JSON when asked (server/report_json.go,
// server/staff_report_json.go): {url} where to go next, or {notice, errors,
// token} why the form was not taken.
'use strict';

(() => {
  if (!window.FormData || !window.XMLHttpRequest) return;

  const MAX_SIDE = 1600;
  const QUALITY = 0.8;

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

  // ---- photos: shrink on the phone ----

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

  function say(node, text) {
    node.textContent = text;
  }

  function showNotice(box, text) {
    box.firstElementChild.textContent = text;
    box.hidden = !text;
  }

  // PhotoForm is one enhanced form: its draft, its photos and its sending.
  class PhotoForm {
    constructor(form) {
      const part = (selector) => form.querySelector(selector);
      this.form = form;
      this.el = form.elements;
      this.photoField = form.dataset.photos;
      this.maxPhotos = Number(form.dataset.maxPhotos) || 4;
      this.fields = (form.dataset.fields || '').split(/\s+/).filter(Boolean);
      this.key = new URL(form.getAttribute('action'), location.href).pathname; // "/c/CODE": one draft per form
      this.draftBox = part('.draft');
      this.previews = part('.previews');
      this.photoStatus = part('.photo-status');
      this.progress = part('.send progress');
      this.sendStatus = part('.send .status');
      this.sendNotice = part('.send .notice'); // beside the button just pressed
      this.notice = document.querySelector('main > .notice') || this.sendNotice; // the server's, above the form
      this.sendButton = part('.send [type=submit]');
      this.pickers = [...form.querySelectorAll('input[type=file]')].filter((i) => i.name === this.photoField);
      this.photos = []; // {blob, name, url}: what will be uploaded, in order
      this.photoWork = Promise.resolve(); // photos being shrunk; sending waits for it
      this.sending = false;
      this.retryWhenOnline = false;
      this.draftOffered = false;
    }

    msg(name) {
      return this.form.dataset['msg' + name] || '';
    }

    start() {
      const form = this.form;
      form.classList.add('js');
      form.addEventListener('input', () => this.saveSoon());
      form.addEventListener('change', (e) => { if (e.target.type !== 'file') this.saveSoon(); });
      for (const picker of this.pickers) picker.addEventListener('change', () => this.picked(picker));
      this.geo = Geo.start(this);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.send();
      });
      window.addEventListener('online', () => {
        if (this.retryWhenOnline) this.send();
      });
      this.offerDraft();
    }

    // ---- the draft ----

    readDraft() {
      return drafts('readonly', (s) => s.get(this.key)).catch(() => null);
    }

    dropDraft() {
      return drafts('readwrite', (s) => s.delete(this.key)).catch(() => {});
    }

    snapshot() {
      const d = { savedAt: Date.now(), photos: this.photos.map(({ blob, name }) => ({ blob, name })) };
      if (this.el.token) d.token = this.el.token.value;
      for (const f of this.fields) d[f] = this.el[f] ? this.el[f].value : '';
      return d;
    }

    worthKeeping(d) {
      return d && (d.photos.length > 0 || this.fields.some((f) => d[f]));
    }

    saveDraft() {
      const d = this.snapshot();
      return this.worthKeeping(d) ? drafts('readwrite', (s) => s.put(d, this.key)).catch(() => {}) : this.dropDraft();
    }

    saveSoon() {
      if (this.draftOffered) this.hideDraftOffer(); // typing on means this form is the one to keep
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => this.saveDraft(), 400);
    }

    hideDraftOffer() {
      this.draftOffered = false;
      this.draftBox.hidden = true;
    }

    // offerDraft shows a draft left on this phone: restoring it goes on with
    // the text, discarding it starts again at the first field.
    async offerDraft() {
      if (!this.draftBox) return;
      const d = await this.readDraft();
      if (!this.worthKeeping(d)) return;
      this.draftOffered = true;
      this.draftBox.hidden = false;
      this.draftBox.querySelector('.draft-restore').onclick = () => {
        this.hideDraftOffer();
        this.restore(d);
        this.form.querySelector('textarea').focus();
      };
      this.draftBox.querySelector('.draft-discard').onclick = () => {
        this.hideDraftOffer();
        this.dropDraft();
        this.el[this.fields[0]].focus();
      };
    }

    restore(d) {
      for (const f of this.fields) if (this.el[f] && d[f] !== undefined) this.el[f].value = d[f];
      if (this.el.token && d.token) this.el.token.value = d.token; // the same token: if it was sent after all, this finds that report
      this.clearPhotos();
      this.photos = d.photos.slice(0, this.maxPhotos).map(({ blob, name }) => ({ blob, name }));
      this.showPhotos();
      if (this.geo) this.geo.show();
    }

    // ---- photos: shrink, preview, remove ----

    picked(picker) {
      const files = [...picker.files];
      picker.value = ''; // the shrunk copies are sent, not these
      this.photoWork = this.photoWork.then(() => this.addPhotos(files)).catch(() => say(this.photoStatus, ''));
    }

    async addPhotos(files) {
      const room = this.maxPhotos - this.photos.length;
      say(this.photoStatus, files.length > room ? this.msg('TooMany') : this.msg('Shrinking'));
      for (const file of files.slice(0, Math.max(room, 0))) {
        const blob = await shrink(file);
        this.photos.push({ blob, name: jpegName(file, blob) });
        this.showPhotos();
      }
      if (files.length <= room) say(this.photoStatus, this.msg('Ready'));
      await this.saveDraft();
    }

    clearPhotos() {
      for (const p of this.photos) if (p.url) URL.revokeObjectURL(p.url);
      this.photos = [];
    }

    showPhotos() {
      this.previews.replaceChildren(...this.photos.map((p, i) => this.preview(p, i)));
      this.previews.hidden = this.photos.length === 0;
    }

    preview(p, i) {
      p.url ??= URL.createObjectURL(p.blob);
      const img = document.createElement('img');
      img.src = p.url;
      img.alt = this.msg('Photo') + ' ' + (i + 1);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = '\u00d7';
      remove.setAttribute('aria-label', this.msg('Remove') + ' ' + (i + 1));
      remove.addEventListener('click', () => {
        URL.revokeObjectURL(p.url);
        this.photos = this.photos.filter((q) => q !== p);
        this.showPhotos();
        this.saveDraft();
        this.pickers[this.pickers.length - 1].focus();
      });
      const li = document.createElement('li');
      li.append(img, remove);
      return li;
    }

    // ---- sending ----

    clearErrors() {
      for (const p of this.form.querySelectorAll('.field-error')) p.remove();
      for (const c of this.form.querySelectorAll('[aria-invalid]')) {
        c.removeAttribute('aria-invalid');
        c.removeAttribute('aria-describedby');
      }
    }

    // showFieldErrors puts each field's message under it; it says whether
    // any field took one (focus moves to the first of them).
    showFieldErrors(errors) {
      let first;
      for (const [field, text] of Object.entries(errors || {})) {
        const named = this.form.elements.namedItem(field);
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

    // finish shows why the form was not taken: beside the button, or above
    // the form when fields need fixing.
    finish(answer, retry) {
      this.sending = false;
      this.sendButton.disabled = false;
      this.progress.hidden = true;
      say(this.sendStatus, '');
      if (retry) this.sendButton.textContent = this.msg('Retry');
      if (this.showFieldErrors(answer.errors)) showNotice(this.notice, answer.notice);
      else showNotice(this.sendNotice, answer.notice);
    }

    answered(xhr) {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {
        // not from the form's handler (a proxy, a crash): keep everything, offer a retry
      }
      if (xhr.status === 200 && answer && answer.url) {
        this.progress.value = 100;
        clearTimeout(this.saveTimer);
        this.dropDraft().finally(() => this.openNext(answer));
        return;
      }
      if (answer && answer.token && this.el.token) this.el.token.value = answer.token;
      this.saveDraft();
      if (!answer || !answer.notice) answer = { notice: this.msg('Server') };
      this.finish(answer, !answer.errors || xhr.status >= 500);
    }

    // openNext goes where the answer says (the tracking page, the report);
    // with no signal it waits for one, so nobody is left on the browser's
    // offline page, and says what was stored (with the tracking code).
    openNext(answer) {
      if (navigator.onLine) {
        say(this.sendStatus, this.msg('Sent'));
        location.assign(answer.url);
        return;
      }
      say(this.sendStatus, this.msg('SentOffline').replace('{code}', answer.tracking || ''));
      window.addEventListener('online', () => location.assign(answer.url), { once: true });
    }

    async send() {
      if (this.sending) return; // a double tap: the first send is on its way
      this.sending = true;
      this.retryWhenOnline = false;
      this.sendButton.disabled = true;
      showNotice(this.notice, '');
      showNotice(this.sendNotice, '');
      this.clearErrors();
      await this.photoWork;
      clearTimeout(this.saveTimer);
      await this.saveDraft(); // on the phone before it goes on the network
      this.upload();
    }

    upload() {
      const data = new FormData(this.form);
      data.delete(this.photoField);
      for (const p of this.photos) data.append(this.photoField, p.blob, p.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.timeout = 180000;
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) this.progress.value = Math.round((e.loaded / e.total) * 99);
      };
      xhr.onload = () => this.answered(xhr);
      xhr.onerror = xhr.ontimeout = () => {
        this.retryWhenOnline = true;
        this.finish({ notice: navigator.onLine ? this.msg('Failed') : this.msg('Offline') }, true);
      };
      this.progress.value = 0;
      this.progress.hidden = false;
      say(this.sendStatus, this.msg('Sending'));
      xhr.send(data);
    }
  }

  // Geo is the resident form's "use my location" (its .geo block): it fills
  // the hidden lat, lng and accuracy fields, only when the resident asks.
  class Geo {
    static start(pf) {
      const box = pf.form.querySelector('.geo');
      if (!box || !navigator.geolocation) return null;
      const geo = new Geo(pf, box);
      geo.listen();
      return geo;
    }

    constructor(pf, box) {
      this.pf = pf;
      this.el = pf.form.elements;
      this.box = box;
      this.use = box.querySelector('#geo-use');
      this.remove = box.querySelector('#geo-remove');
      this.status = box.querySelector('#geo-status');
      this.hint = this.status.textContent;
    }

    listen() {
      this.box.hidden = false;
      this.use.addEventListener('click', () => this.locate());
      this.remove.addEventListener('click', () => {
        this.el.lat.value = this.el.lng.value = this.el.accuracy.value = '';
        this.show();
        say(this.status, this.hint);
        this.pf.saveDraft();
        this.use.focus();
      });
      this.show();
    }

    show() {
      const has = this.el.lat.value !== '' && this.el.lng.value !== '';
      this.remove.hidden = !has;
      if (has) say(this.status, this.pf.msg('GeoDone'));
    }

    locate() {
      say(this.status, this.pf.msg('GeoWait'));
      navigator.geolocation.getCurrentPosition((pos) => {
        this.el.lat.value = pos.coords.latitude.toFixed(6);
        this.el.lng.value = pos.coords.longitude.toFixed(6);
        this.el.accuracy.value = String(Math.min(Math.round(pos.coords.accuracy || 0), 9999999));
        this.show();
        this.pf.saveDraft();
      }, (err) => {
        say(this.status, err.code === err.PERMISSION_DENIED ? this.pf.msg('GeoDenied') : this.pf.msg('GeoFailed'));
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    }
  }

  for (const form of document.querySelectorAll('form[data-photos]')) new PhotoForm(form).start();
})();
