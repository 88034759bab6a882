// Opens a password-protected client site in the browser (sns-proposals).
// Pages, the search index and downloads are AES-256-GCM ciphertext; the key comes from the
// password through PBKDF2-SHA256 with the site's salt and iteration count. The key is kept in
// this tab's sessionStorage only when the reader asks for it, never in a URL or a cookie.
(() => {
  "use strict";
  const MAGIC = new TextEncoder().encode("PSEALv2\n");
  const script = document.currentScript;
  const words = { ...script.dataset };
  const rootUrl = new URL(words.root || "./", location.href);
  const envelope = JSON.parse(document.getElementById("proposals-sealed").textContent);
  const storeName = "proposals-key:" + envelope.salt;
  // Files that hold nothing of the plan and are served as they are; everything else must be
  // ciphertext of this very build, made for the path it is fetched from.
  const OPEN = new Set(["robots.txt", "versions.json", "sitemap.xml", "sitemap.xml.gz"]);
  let key = null;
  let manifest = null;

  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const b64 = (data) => btoa(String.fromCharCode(...new Uint8Array(data)));

  function sealed(data) {
    if (data.length < MAGIC.length + 12) return false;
    return MAGIC.every((b, i) => data[i] === b);
  }

  // Where a URL sits in this site, as the build named the file ("kpi/index.html"); null
  // outside the site.
  function siteName(url) {
    const target = new URL(url, location.href);
    if (target.origin !== rootUrl.origin || !target.pathname.startsWith(rootUrl.pathname)) return null;
    let name = decodeURIComponent(target.pathname.slice(rootUrl.pathname.length));
    if (name === "" || name.endsWith("/")) name += "index.html";
    return name;
  }

  // A 404 page is served at whatever path was missing: it may open anywhere, as itself.
  const notFound = (name) => /(^|\/)404\.html$/.test(name);

  // The authenticated data binds each file to this build (its salt) and to its own path: a
  // page's ciphertext pasted into another page, or an older build's, does not open.
  function boundTo(name) {
    return new TextEncoder().encode("sns-proposals/2\n" + envelope.salt + "\n" + name);
  }

  async function open(data, name) {
    const nonce = data.slice(MAGIC.length, MAGIC.length + 12);
    const body = data.slice(MAGIC.length + 12);
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: nonce, additionalData: boundTo(name) },
      key,
      body,
    );
    return new Uint8Array(plain);
  }

  // The page this lock page stands for: its own path, or a 404 page's.
  function ownName() {
    const here = siteName(location.href);
    if (envelope.path === here || notFound(envelope.path)) return envelope.path;
    throw new Error("this page's content belongs to another address");
  }

  async function derive(password) {
    const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt: bytes(envelope.salt), iterations: envelope.iterations },
      base,
      { name: "AES-GCM", length: 256 },
      true,
      ["decrypt"],
    );
  }

  // A lock page fetched by Material's instant navigation, the search index, any sealed file
  // that Material asks for: decrypted on the way, so the theme sees the real thing. Once the
  // site is open nothing else passes: plain text where ciphertext belongs is refused.
  async function unsealResponse(blob, url) {
    const name = siteName(url);
    if (name !== null && OPEN.has(name)) return blob;
    if (name === null) throw new Error("outside the site");
    const data = new Uint8Array(await blob.arrayBuffer());
    if (sealed(data)) return new Blob([await open(data, name)], { type: blob.type });
    const text = new TextDecoder().decode(data);
    const found = text.match(/<script type="application\/json" id="proposals-sealed">([^<]*)<\/script>/);
    if (!found) throw new Error("not sealed");
    const inner = JSON.parse(found[1]);
    if (inner.salt !== envelope.salt) throw new Error("another build");
    if (inner.path !== name && !notFound(inner.path)) throw new Error("another page");
    return new Blob([await open(bytes(inner.data), inner.path)], { type: "text/html" });
  }

  function hookRequests() {
    const Native = window.XMLHttpRequest;
    if (Native.__proposals) return;
    class Unsealing extends Native {
      addEventListener(type, listener, options) {
        if (type !== "load") return super.addEventListener(type, listener, options);
        return super.addEventListener(
          "load",
          (event) => {
            const raw = super.response;
            if (!key) return listener.call(this, event);
            if (!(raw instanceof Blob)) {
              Object.defineProperty(this, "status", { value: 0, configurable: true });
              return listener.call(this, event);
            }
            unsealResponse(raw, this.responseURL).then(
              (plain) => {
                Object.defineProperty(this, "response", { value: plain, configurable: true });
                listener.call(this, event);
              },
              () => {
                // Refused: the request fails as a network error would, and nothing is shown.
                Object.defineProperty(this, "response", { value: null, configurable: true });
                Object.defineProperty(this, "status", { value: 0, configurable: true });
                Object.defineProperty(this, "statusText", { value: "refused", configurable: true });
                listener.call(this, event);
              },
            );
          },
          options,
        );
      }
    }
    Unsealing.__proposals = true;
    window.XMLHttpRequest = Unsealing;
  }

  async function loadManifest() {
    if (manifest) return manifest;
    const response = await fetch(new URL("_protect/manifest.bin", rootUrl));
    const data = new Uint8Array(await response.arrayBuffer());
    manifest = JSON.parse(new TextDecoder().decode(await open(data, "_protect/manifest.bin")));
    return manifest;
  }

  // Downloads (the PDF, the deck, reports, the calendar) are stored under opaque names:
  // fetched, decrypted and saved under their own name.
  function hookDownloads() {
    loadManifest().catch(() => {}); // ready before the first click: the click must decide at once
    document.addEventListener(
      "click",
      async (event) => {
        const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
        if (!link || !key || !manifest) return;
        const name = siteName(link.getAttribute("href"));
        if (name === null || !manifest[name]) return;
        event.preventDefault();
        const files = manifest;
        const response = await fetch(new URL("_sealed/" + files[name], rootUrl));
        const plain = await open(new Uint8Array(await response.arrayBuffer()), name);
        const url = URL.createObjectURL(new Blob([plain]));
        const save = document.createElement("a");
        save.href = url;
        save.download = name.split("/").pop();
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      },
      true,
    );
  }

  async function show() {
    const html = new TextDecoder().decode(await open(bytes(envelope.data), ownName()));
    hookRequests();
    document.open();
    document.write(html);
    document.close();
    hookDownloads(); // document.open() removed every listener
  }

  async function remembered() {
    const raw = sessionStorage.getItem(storeName);
    if (!raw) return false;
    try {
      key = await crypto.subtle.importKey("raw", bytes(raw), "AES-GCM", true, ["decrypt"]);
      await show();
      return true;
    } catch {
      sessionStorage.removeItem(storeName);
      key = null;
      return false;
    }
  }

  async function start() {
    const form = document.getElementById("proposals-unlock");
    const message = document.getElementById("proposals-message");
    if (!window.crypto || !crypto.subtle) {
      form.hidden = false;
      message.textContent = words.unsupported;
      return;
    }
    try {
      ownName();
    } catch {
      form.dataset.state = "misplaced"; // the title and why: no password is asked for
      form.hidden = false;
      message.textContent = words.misplaced;
      return;
    }
    if (await remembered()) return;
    form.hidden = false;
    const input = document.getElementById("proposals-password");
    input.focus();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      message.textContent = words.working;
      try {
        key = await derive(input.value);
        const html = await open(bytes(envelope.data), ownName()); // a wrong password fails here
        if (document.getElementById("proposals-remember").checked) {
          sessionStorage.setItem(storeName, b64(await crypto.subtle.exportKey("raw", key)));
        }
        void html;
        await show();
      } catch {
        key = null;
        message.textContent = words.wrong;
        input.select();
      }
    });
  }

  start();
})();
