/* Lead Professional handbook: the decision tools in the page.
 *
 * The page already holds each tool's first question (rendered at build time). This script makes
 * it interactive, starts one shared Python worker per tab as soon as a page with a tool is
 * shown, and puts in each later step's markup as Python's reply carries it (made by the same
 * renderer as the build's, src/decision/engine/markup.py), then enhances it: focus, the status
 * line, the error summary's links, Back and Change. It holds no rules and draws no step: every
 * answer is checked, every next step decided and every step's markup made in Python.
 *
 * Plain JavaScript with no framework and no build step, so it survives a change of theme.
 */
(function () {
  "use strict";
  // A page with a tool loads this script twice: early in its head, and at the end with the
  // theme's scripts (overrides/main.html). Whichever runs first is the one that works.
  if (window.handbookTools) return;
  const EARLY = Boolean(document.currentScript && document.currentScript.hasAttribute("data-start-python"));

  // Replaced at build time with the paths of the runtime, relative to this script.
  const MANIFEST = /*HANDBOOK_MANIFEST*/ null;
  const SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  const SLOW_START_MS = 15000; // after this, say that starting is slow (the reader can still read)
  const GIVE_UP_MS = 90000; // after this, treat the runtime as unavailable

  const SOMETHING_WRONG = "Something went wrong in this tool. Start again, or use the written rules on this page.";

  const STAGES = {
    download: "Downloading the tool (once per visit)…",
    start: "Starting the tool…",
    rules: "Loading the rules…",
  };

  // ---------------------------------------------------------------------------------------
  // The runtime: one module worker for the whole tab, kept across instant page changes.
  // ---------------------------------------------------------------------------------------
  const runtime = {
    worker: null,
    state: "idle", // idle | starting | ready | failed
    stage: "",
    download: null, // {received, total}: bytes of Python's WebAssembly so far (lp-worker.js)
    failure: "",
    nextId: 1,
    pending: new Map(),
    listeners: new Set(),

    supported() {
      return typeof Worker === "function" && typeof WebAssembly === "object" && MANIFEST !== null;
    },

    start() {
      if (this.state !== "idle") return;
      if (!this.supported()) return this.fail("This browser cannot run the tool: it needs JavaScript, Web Workers and WebAssembly.");
      this.state = "starting";
      this.startedAt = performance.now(); // for the benchmark: when the page asked for Python
      const url = (path) => new URL(path, SCRIPT_URL).href;
      try {
        this.worker = new Worker(url(MANIFEST.worker), { type: "module" });
      } catch (error) {
        return this.fail("The tool's Python runtime could not be started in this browser.");
      }
      this.worker.onmessage = (event) => this.receive(event.data || {});
      this.worker.onerror = () => this.fail("The tool's Python runtime could not be downloaded or started.");
      this.worker.postMessage({
        type: "start",
        pyodideDir: url(MANIFEST.pyodide),
        wheelUrl: url(MANIFEST.wheel),
        stdlibUrl: url(MANIFEST.stdlib),
        settingsUrl: url(MANIFEST.settings), // the council's settings, handed to Python once, before any request
        scenariosUrl: url(MANIFEST.scenarios), // the training scenarios, fetched only at the first feedback request
        lock: MANIFEST.lock,
        wasmBytes: MANIFEST.wasmBytes,
      });
      setTimeout(() => this.state === "starting" && this.notify("slow"), SLOW_START_MS);
      setTimeout(() => this.state === "starting" && this.gaveUp(), giveUpMs());
    },

    receive(message) {
      if (message.type === "progress") {
        this.stage = message.stage;
        this.notify("progress");
      } else if (message.type === "download") {
        this.download = { received: message.received, total: message.total };
        this.notify("download");
      } else if (message.type === "ready") {
        this.state = "ready";
        this.readyMs = message.ms;
        this.startedFrom = message.from; // "start", or "snapshot" when a saved start-up was restored
        this.phases = message.phases; // for the benchmark: when each part of the start ended
        this.workerOrigin = message.origin;
        this.notify("ready");
      } else if (message.type === "snapshot-settled") {
        // The worker has finished with the start-up snapshot: kept one, or will keep none.
        this.snapshotSaved = Boolean(message.saved);
        this.snapshotSettled = true;
        this.notify("snapshot-settled");
      } else if (message.type === "failed") {
        this.fail(message.message);
      } else if (message.type === "reply" && this.pending.has(message.id)) {
        this.pending.get(message.id)(message.reply);
        this.pending.delete(message.id);
      }
    },

    // A start that hangs: the worker is ended, and so is the snapshot it may have hung on.
    gaveUp() {
      this.fail("The tool took too long to start.");
      forgetSnapshot();
    },

    fail(message) {
      if (this.state === "failed") return;
      this.state = "failed";
      this.failure = message;
      if (this.worker) this.worker.terminate();
      for (const resolve of this.pending.values()) resolve({ ok: false, unavailable: true, message });
      this.pending.clear();
      this.notify("failed");
    },

    resolve(request) {
      if (!release.check()) return new Promise(() => {}); // the page is about to be replaced by its own build's
      if (this.state === "idle") this.start();
      if (this.state === "failed") return Promise.resolve({ ok: false, unavailable: true, message: this.failure });
      const id = this.nextId++;
      return new Promise((done) => {
        this.pending.set(id, done);
        try {
          this.worker.postMessage({ type: "resolve", id, request });
        } catch (error) { // a request the browser cannot copy to the worker (nested too deep, say)
          this.pending.delete(id);
          done({ ok: false, message: "The tool could not read its answers. Start again." });
        }
      });
    },

    notify(event) {
      for (const listener of this.listeners) listener(event);
    },

    // Resolves (with null) once Python is ready or has failed.
    settled() {
      if (this.state === "ready" || this.state === "failed") return Promise.resolve(null);
      return new Promise((resolve) => {
        const listener = (event) => {
          if (event !== "ready" && event !== "failed") return;
          this.listeners.delete(listener);
          resolve(null);
        };
        this.listeners.add(listener);
      });
    },
  };

  // ---------------------------------------------------------------------------------------
  // Foreseen steps (tools/handbook_build/foreseen.py): the steps a reader reaches from the first
  // question by single choices, worked out at build time by the same Python, keyed by the answers
  // that lead there: each the worker's own view, with its markup ("html") for the tool whose id
  // the file names. Until Python is ready a matching step is put in at once. A lookup, no rules.
  // ---------------------------------------------------------------------------------------
  const foreseen = {
    files: new Map(), // tree id -> promise of its file ({uid, views: answers key -> view and html}), or of null

    load(tree) {
      const path = MANIFEST && MANIFEST.foreseen && MANIFEST.foreseen[tree];
      if (!path || this.files.has(tree)) return;
      this.files.set(tree, fetch(new URL(path, SCRIPT_URL).href)
        .then((response) => (response.ok ? response.json() : null))
        .then((file) => (file && file.tree === tree && file.views ? file : null), () => null));
    },

    // The foreseen step for exactly these answers, for the tool with this id, as the worker would
    // reply ({view, html}), or null. Waits for the tree's file, unless Python is ready (or has
    // failed) first. Its markup holds the ids of the file's tool: another copy waits for Python.
    async step(tree, uid, answers) {
      const key = answersKey(answers);
      const file = this.files.get(tree);
      if (key === null || !file) return null;
      // Once Python has failed, the file is the only way on: wait for it.
      const found = await (runtime.state === "failed" ? file : Promise.race([file, runtime.settled()]));
      if (!found || found.uid !== uid || !Object.prototype.hasOwnProperty.call(found.views, key)) return null;
      const { html, ...view } = found.views[key];
      return typeof html === "string" ? { view, html } : null;
    },
  };

  // An address's fragment as text; "" for one that is not valid percent-encoding (a tool's
  // answers in a damaged link, say), which decodeURIComponent would throw on.
  function decodedHash(hash) {
    try {
      return decodeURIComponent(hash.slice(1));
    } catch (error) {
      return "";
    }
  }

  // The answers as foreseen.py keys them: JSON with sorted keys and no spaces. Only ids (and "",
  // Continue without a choice) are foreseen; anything else is Python's alone.
  function answersKey(answers) {
    const plain = /^[A-Za-z0-9_-]*$/;
    const entries = Object.entries(answers || {});
    if (!entries.every(([key, value]) => typeof value === "string" && plain.test(key) && plain.test(value))) return null;
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`;
  }

  // ---------------------------------------------------------------------------------------
  // Releases: a tab never mixes two. Every page names the build it belongs to in a meta tag
  // (<meta name="lp-build">, which the theme's instant navigation swaps along with the page), and
  // this script's manifest names its own. When the reader moves to a page of another build (the
  // handbook was updated while the tab was open), this script and its worker still hold the old
  // build's rules: the tab reloads into the page's own build, and then says so in one line.
  // ---------------------------------------------------------------------------------------
  const UPDATED = "This handbook has been updated since you opened it. This page and its tools are from the latest edition.";
  const OTHER_BUILD = "This page is from another edition of the handbook than the tool running in this tab. Reload the page to use the tool.";
  // The build a reload was made for is carried across it in the tab's name (window.name), which
  // a reload keeps and nothing stores (the theme rewrites history.state as the page scrolls);
  // whatever name the tab had is put back afterwards.
  const RELOADED_FOR = "lp-reloaded-for:";

  const release = {
    state: "same", // same | reloading | stuck (reloaded once already and still mixed: no loop)
    announced: false,

    pageBuild() {
      const meta = document.querySelector('meta[name="lp-build"]');
      return meta ? meta.getAttribute("content") : "";
    },

    matches() {
      return MANIFEST === null || this.pageBuild() === MANIFEST.build;
    },

    reloadedFor() {
      const name = String(window.name || "");
      if (!name.startsWith(RELOADED_FOR)) return { build: "", name };
      const [build, ...before] = name.slice(RELOADED_FOR.length).split("\n");
      return { build, name: before.join("\n") };
    },

    // On every page, before anything asks Python: true when the page's tools may use this tab's
    // runtime (or must say it is unavailable), false while the tab reloads into the page's build.
    check() {
      this.announce();
      if (this.matches() || this.state === "stuck") return true;
      if (this.state === "reloading") return false;
      if (this.reloadedFor().build === this.pageBuild()) {
        this.state = "stuck";
        runtime.fail(OTHER_BUILD);
        return true;
      }
      this.state = "reloading";
      if (runtime.worker) runtime.worker.terminate(); // the old rules answer nothing more
      window.name = `${RELOADED_FOR}${this.pageBuild()}\n${this.reloadedFor().name}`;
      location.reload();
      return false;
    },

    // After such a reload, once: a line at the top of the page, announced as a status message.
    announce() {
      if (this.announced) return;
      this.announced = true;
      const { build, name } = this.reloadedFor();
      if (!build || !this.matches()) return;
      window.name = name;
      if (MANIFEST === null || build !== MANIFEST.build) return; // left by a reload that never ran this script
      const article = document.querySelector("article") || document.querySelector("main") || document.body;
      const note = h("div", { class: "admonition info lp-updated", role: "status" });
      article.prepend(note);
      afterFirstPaint(() => note.append(h("p", null, UPDATED)));
    },
  };

  // Python's start-up snapshot is deleted by the page when a start hangs: a snapshot that hangs
  // Python as it is restored leaves the worker unable to delete it (and the next visit would hang
  // the same way). The worker names the cache; the build copies the name into the manifest.
  function forgetSnapshot() {
    try {
      if (MANIFEST === null || typeof caches !== "object") return Promise.resolve(false);
      return caches.delete(MANIFEST.snapshotCache).catch(() => false);
    } catch (error) {
      return Promise.resolve(false);
    }
  }

  // Tests shorten the wait before giving up (window.lpGiveUpMs, set before the page loads);
  // nothing a reader can put in a page or an address changes it.
  function giveUpMs() {
    const asked = Number(window.lpGiveUpMs);
    return asked >= 1000 && asked < GIVE_UP_MS ? asked : GIVE_UP_MS;
  }

  // ---------------------------------------------------------------------------------------
  // The address: each tool keeps its answers in the fragment, keyed by question id. The
  // fragment never reaches a server. Python checks whatever comes back from it.
  // ---------------------------------------------------------------------------------------
  const MAX_ADDRESS = 12000; // characters of one tool's answers in the address; a real link is far shorter

  const address = {
    read(uid) {
      for (const part of location.hash.slice(1).split("&")) {
        const [key, value] = part.split("=");
        if (key !== uid || value === undefined) continue;
        if (value.length > MAX_ADDRESS) return { a: "too long" }; // Python says it could not be read
        try {
          const saved = JSON.parse(decodeURIComponent(value));
          return saved && typeof saved === "object" ? saved : { a: saved };
        } catch (error) {
          return { a: "unreadable" }; // Python reports that the answers could not be read
        }
      }
      return null;
    },

    write(uid, version, answers) {
      const parts = location.hash.slice(1).split("&").filter((part) => part && part.split("=")[0] !== uid && part.includes("="));
      if (Object.keys(answers).length) parts.push(`${uid}=${encodeURIComponent(JSON.stringify({ v: version, a: answers }))}`);
      const url = `${location.pathname}${location.search}${parts.length ? "#" + parts.join("&") : ""}`;
      history.replaceState(history.state, "", url);
    },
  };

  // ---------------------------------------------------------------------------------------
  // Elements of this script's own messages (a problem, a notice, progress), and of training's. A
  // step's markup is never built here: it comes from Python's renderer (src/decision/engine/markup.py).
  // Text is always set as text, never parsed as HTML.
  // ---------------------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      element.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false || child === "") continue;
      element.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return element;
  }

  // One practitioner of the list, from the template of an empty one that Python's markup holds: the
  // template's ids hold its data-index where the entry's index goes, and .lp-entry__number elements
  // take the entry's number. What the reader typed and ticked is set as values, never as markup.
  function entryFromTemplate(template, index, entry) {
    const made = template.content.firstElementChild.cloneNode(true);
    const marker = template.dataset.index;
    for (const element of [made, ...made.querySelectorAll("*")]) {
      for (const attribute of Array.from(element.attributes)) {
        if (attribute.value.includes(marker)) attribute.value = attribute.value.split(marker).join(String(index));
      }
    }
    for (const number of made.querySelectorAll(".lp-entry__number")) number.textContent = String(index + 1);
    made.querySelector("input[name=role]").setAttribute("value", entry.role);
    made.querySelector("input[name=agency]").setAttribute("value", entry.agency);
    for (const tick of made.querySelectorAll("input.lp-option__input")) {
      if (entry.criteria.includes(tick.value)) tick.setAttribute("checked", "");
    }
    return made;
  }

  // ---------------------------------------------------------------------------------------
  // Reading the form: turns what the reader chose into the answer Python will check.
  // ---------------------------------------------------------------------------------------
  function readAnswer(form) {
    const kind = form.dataset.kind;
    if (kind === "choice") {
      const chosen = form.querySelector("input.lp-option__input:checked");
      return chosen ? chosen.value : "";
    }
    if (kind === "multi") {
      return Array.from(form.querySelectorAll("input.lp-option__input:checked"), (input) => input.value);
    }
    return readEntries(form);
  }

  function readEntries(form) {
    return Array.from(form.querySelectorAll("fieldset.lp-entry"), (entry) => ({
      role: entry.querySelector("input[name=role]").value,
      agency: entry.querySelector("input[name=agency]").value,
      criteria: Array.from(entry.querySelectorAll("input.lp-option__input:checked"), (input) => input.value),
    }));
  }

  // ---------------------------------------------------------------------------------------
  // A tool on the page
  // ---------------------------------------------------------------------------------------
  class Tool {
    constructor(root) {
      this.root = root;
      this.uid = root.id;
      this.tree = root.dataset.tree;
      this.version = root.dataset.version || ""; // the rules' fingerprint, recorded with saved answers
      this.stepBox = root.querySelector(".lp-tool__step");
      this.status = root.querySelector(".lp-tool__status");
      this.rules = document.getElementById(`${this.uid}-rules`);
      this.firstStep = this.stepBox.innerHTML; // the build's first question, for Start again
      this.pageTitle = document.title;
      this.answers = {};
      this.foreseenShown = null; // the step on screen, when it came from the build's foreseen steps
      this.busy = false;
      this.opening = ""; // while answers from the address are being worked out: what the tool says
      this.onRuntime = (event) => this.runtimeChanged(event);
    }

    mount() {
      this.root.classList.add("lp-tool--live");
      if (this.rules) {
        this.rules.open = false;
        // The rules print only when the reader has opened them (lp-tools.css): the theme opens every
        // <details> to print, so the rules' own open state cannot tell. A click on the summary (or
        // Enter or Space on it) is the reader's; the click comes before the details opens or closes.
        const summary = this.rules.querySelector("summary");
        summary.addEventListener("click", () => this.rules.classList.toggle("lp-rules--asked", !this.rules.open));
        // So is following a link to them (the diagrams' captions link to the rules in full).
        this.onHashChange = () => {
          const id = decodedHash(location.hash);
          if (!id || !this.root.isConnected) return;
          if (this.rules.id === id || this.rules.querySelector(`[id="${CSS.escape(id)}"]`)) this.rules.classList.add("lp-rules--asked");
        };
        this.onHashChange();
        window.addEventListener("hashchange", this.onHashChange);
      }
      this.root.addEventListener("submit", (event) => this.submitted(event));
      this.root.addEventListener("click", (event) => this.clicked(event));
      this.root.addEventListener("change", (event) => this.ticked(event));
      // Other scripts (training, tests) drive a tool through events rather than reaching inside it.
      this.root.addEventListener("lp:load", (event) => {
        const detail = event.detail || {};
        this.request({ answers: detail.answers || {}, ask: typeof detail.ask === "string" ? detail.ask : undefined }, true);
      });
      this.root.addEventListener("lp:restart", () => this.restart());
      runtime.listeners.add(this.onRuntime);
      this.runtimeChanged(runtime.state === "failed" ? "failed" : "progress");
      // Python is asked only once the page is drawn, so starting it never delays the first paint.
      const saved = address.read(this.uid);
      if (saved) this.openWithAnswers();
      // Continue pressed before this script took the tool over: theme-init.js held it.
      const early = this.root.dataset.earlyContinue === "true" && this.stepBox.querySelector("form.lp-question");
      delete this.root.dataset.earlyContinue;
      afterFirstPaint(() => {
        if (saved) this.request({ answers: saved.a, version: saved.v }, false);
        else if (early) this.submitted({ target: early, preventDefault() {} });
        else this.check();
      });
    }

    // The page was opened from a link (or a bookmark) holding this tool's answers: bring the tool
    // into view and say at once, where it can be seen and heard, that it is working out where those
    // answers lead (the build's words), rather than show its first question blank until Python is ready.
    openWithAnswers() {
      this.opening = this.root.dataset.opening || "";
      if (!this.opening) return;
      this.root.classList.add("lp-tool--opening");
      this.say(this.waitingMessage(), true);
      this.root.scrollIntoView({ block: "start" });
    }

    waitingMessage() {
      const stage = runtime.state === "ready" ? "" : STAGES[runtime.stage] || STAGES.download;
      return [this.opening, stage].filter(Boolean).join(" ");
    }

    // Ask Python for the first step once, without drawing it: this loads the tree's rules while
    // the reader reads the first question, and finds a tool Python cannot give (a tree it does
    // not know, a rule that fails) before the reader has answered anything.
    async check() {
      const reply = await runtime.resolve(this.requestFor({ answers: {} }));
      if (!this.root.isConnected || this.asked || reply.unavailable || reply.ok) return;
      this.showProblem(reply.message, false);
    }

    // Only what is asked: Python has the council's local rules and names, given to it once as the
    // worker started (the settings file the manifest names).
    requestFor(request) {
      return { tree: this.tree, uid: this.uid, ...request };
    }

    unmount() {
      runtime.listeners.delete(this.onRuntime);
      if (this.onHashChange) window.removeEventListener("hashchange", this.onHashChange);
    }

    runtimeChanged(event) {
      if (!this.root.isConnected) return this.unmount();
      if (event === "failed") return this.failed();
      if (event === "ready" && this.foreseenShown) this.confirmForeseen();
      this.root.dataset.runtime = runtime.state;
      if (this.busy && event === "slow") this.say("The tool is taking a while to start. You can read the rules below while you wait.", true);
      this.showProgress();
    }

    // While an answer waits for Python: how much of Python has arrived, and where the rules are
    // meanwhile. Not a live region: it changes several times a second on a slow connection, and
    // the status line has already said that the tool is downloading.
    showProgress() {
      const waiting = (this.busy || this.opening) && runtime.state !== "ready" && runtime.state !== "failed";
      if (!waiting) {
        if (this.progress) this.progress.hidden = true;
        return;
      }
      if (!this.progress) {
        this.progress = h("p", { class: "lp-tool__progress" }, h("span", { class: "lp-tool__progress-count" }),
          " Meanwhile, every rule it follows is written out in ",
          h("a", { href: `#${this.uid}-rules` }, "the rules of this tool in full"), " below.");
        this.status.after(this.progress);
      }
      const download = runtime.download;
      const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
      this.progress.firstChild.textContent = download && download.received < download.total
        ? `Python for this tool: ${megabytes(download.received)} of ${megabytes(download.total)} MB downloaded.`
        : download ? "Python for this tool has downloaded and is starting." : "Python for this tool is downloading.";
      this.progress.hidden = false;
    }

    unavailable(message) {
      const hadFocus = this.stepBox.contains(document.activeElement);
      const partWay = this.root.classList.contains("lp-tool--partial") && Object.keys(this.answers).length > 0;
      this.root.classList.remove("lp-tool--partial");
      this.root.classList.add("lp-tool--unavailable");
      const title = partWay ? "The tool cannot finish here. " : "The interactive tool is not available. ";
      const rest = partWay
        ? "Its next step needs the part of the tool that could not start. Every rule it follows is written out "
          + "below, in “The rules of this tool in full”: carry on from your last answer there."
        : "Every rule it follows is written out below, so you can work through it by reading.";
      const box = this.notice(title, `${message} ${rest}`);
      if (this.rules) this.rules.open = true;
      this.say(`${title}${message}`);
      if (hadFocus) { // the step the reader was in is hidden now: keep their place in the page
        box.setAttribute("tabindex", "-1");
        box.focus();
      }
    }

    // Python could not start. If the build foresaw this tool's steps and the reader is on one of
    // them (or on the first question), they go on through those, told at once that the tool may
    // stop part way; the first step that needs Python then says it cannot finish (unavailable).
    async failed() {
      foreseen.load(this.tree); // Python may fail before the page has asked for the file
      const file = foreseen.files.get(this.tree);
      const views = file ? await file : null;
      if (!this.root.isConnected || this.root.classList.contains("lp-tool--unavailable")) return;
      const onForeseenRoute = Object.keys(this.answers).length === 0 || this.foreseenShown !== null;
      if (!views || !onForeseenRoute) return this.unavailable(runtime.failure);
      this.root.dataset.runtime = "failed";
      this.root.classList.add("lp-tool--partial");
      const title = "Part of this tool could not start. ";
      const rest = "You can still answer its first questions. If you reach a step that needs the part that is "
        + "missing, the tool will stop and say so. Every rule it follows is written out below.";
      this.notice(title, `${runtime.failure} ${rest}`);
      this.say(`${title}${runtime.failure} ${rest}`);
    }

    // The box above the step that says why the tool cannot (fully) work: a bold title, then the text.
    notice(title, text) {
      const box = this.root.querySelector(".lp-tool__unavailable");
      box.replaceChildren(h("p", null, h("strong", null, title), text));
      return box;
    }

    // The live region (role=status). Messages about starting are also shown; the announcement of
    // each step is only heard, since the step itself shows the same words. A message repeated
    // word for word gets a no-break space, so that screen readers announce it again.
    say(message, shown) {
      this.status.classList.toggle("lp-tool__status--shown", Boolean(shown));
      this.status.textContent = message === this.status.textContent ? `${message}\u00a0` : message;
    }

    submitted(event) {
      const form = event.target.closest("form.lp-question");
      if (!form) return;
      event.preventDefault();
      if (this.busy) return;
      this.answers = { ...this.answers, [form.dataset.question]: readAnswer(form) };
      this.request({ answers: this.answers }, true);
    }

    clicked(event) {
      const link = event.target.closest(".lp-error-summary a[href^='#']");
      if (link && this.root.contains(link)) return this.followErrorLink(event, link);
      const button = event.target.closest("[data-action]");
      if (!button || !this.root.contains(button)) return;
      const action = button.dataset.action;
      if (action === "back" || action === "change") {
        this.request({ answers: this.answers, ask: button.dataset.ask }, true);
      } else if (action === "offer") { // Python's offer: the question again, with its answer chosen
        this.request({ answers: this.answers, ask: button.dataset.ask, choose: button.dataset.answer }, true);
      } else if (action === "restart") {
        this.restart();
      } else if (action === "add-entry") {
        this.addEntry(button);
      } else if (action === "remove-entry") {
        this.removeEntry(button);
      }
    }

    // A link in the error summary puts focus on the field itself, with the question's legend in
    // view (following a fragment alone moves no focus), and leaves the address, which holds the
    // answers, as it is.
    followErrorLink(event, link) {
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field || !this.root.contains(field)) return;
      event.preventDefault();
      const legend = field.closest(".lp-field") && field.closest(".lp-field").querySelector("legend");
      (legend || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    }

    // "None of these" cannot be ticked with anything else: unticking is form behaviour, not a rule.
    ticked(event) {
      const input = event.target;
      if (input.type !== "checkbox" || !input.checked || !input.closest(".lp-options")) return;
      const group = input.closest(".lp-options").querySelectorAll("input[type=checkbox]");
      for (const other of group) {
        if (other !== input && (input.dataset.exclusive === "true" || other.dataset.exclusive === "true")) other.checked = false;
      }
    }

    addEntry(button) {
      const form = button.closest("form.lp-question");
      const entries = readEntries(form);
      if (entries.length >= Number(button.dataset.max)) return this.say(`You can list up to ${button.dataset.max} practitioners.`, true);
      this.redrawEntries(form, [...entries, { role: "", agency: "", criteria: [] }], entries.length);
      this.say(`Practitioner ${entries.length + 1} added.`);
    }

    removeEntry(button) {
      const form = button.closest("form.lp-question");
      const entries = readEntries(form);
      const index = Number(button.dataset.entry);
      entries.splice(index, 1);
      this.redrawEntries(form, entries.length ? entries : [{ role: "", agency: "", criteria: [] }], Math.max(0, index - 1));
      this.say(`Practitioner ${index + 1} removed.`);
    }

    redrawEntries(form, entries, focusIndex) {
      const box = form.querySelector(".lp-entries");
      const template = form.querySelector("template.lp-entries__template");
      box.replaceChildren(...entries.map((entry, index) => entryFromTemplate(template, index, entry)));
      const target = box.querySelectorAll("input[name=role]")[focusIndex];
      if (target) target.focus();
    }

    restart() {
      this.answers = {};
      this.stepBox.innerHTML = this.firstStep; // the build's own markup: no Python needed
      address.write(this.uid, this.version, {});
      document.title = this.pageTitle;
      this.focusHeading();
      this.say("Started again. " + this.stepBox.querySelector("h3").textContent);
    }

    async request(request, moveFocus) {
      const early = await this.foreseenFor(request);
      if (early) return this.show(early, moveFocus, true);
      this.busy = true;
      this.root.setAttribute("aria-busy", "true");
      const waiting = runtime.state !== "ready";
      if (waiting && !this.opening) this.say(STAGES[runtime.stage] || STAGES.download, true); // opening: said already
      this.showProgress();
      this.asked = true;
      let reply;
      try {
        reply = await runtime.resolve(this.requestFor(request));
      } catch (error) {
        console.error(error);
        reply = { ok: false, message: SOMETHING_WRONG };
      }
      this.busy = false;
      this.root.removeAttribute("aria-busy");
      this.opening = "";
      this.root.classList.remove("lp-tool--opening");
      this.showProgress();
      if (!this.root.isConnected) return;
      if (reply.unavailable) return this.unavailable(reply.message);
      if (!reply.ok) return this.showProblem(reply.message);
      try {
        this.show(reply, moveFocus);
      } catch (error) { // a reply this script cannot show: say so rather than leave half a step
        console.error(error);
        this.showProblem(SOMETHING_WRONG);
      }
    }

    // Before Python is ready: the step the build foresaw for exactly these answers, if any (only a
    // request of answers alone: Back, Change and links carrying answers wait for Python).
    foreseenFor(request) {
      if (runtime.state === "ready" || Object.keys(request).some((key) => key !== "answers")) return null;
      return foreseen.step(this.tree, this.uid, request.answers);
    }

    // Python is ready, and the step on screen came from the build: Python answers the same answers,
    // and its view and markup must be the same (data-foreseen="confirmed"; tests fail on "differed").
    // If they ever differ, Python's step replaces the build's, without moving the reader's focus.
    async confirmForeseen() {
      const shown = this.foreseenShown;
      this.foreseenShown = null;
      const reply = await runtime.resolve(this.requestFor({ answers: shown.view.state }));
      const same = Boolean(reply.ok) && reply.html === shown.html && JSON.stringify(reply.view) === JSON.stringify(shown.view);
      this.root.dataset.foreseen = same ? "confirmed" : "differed";
      if (same) return;
      console.error("A foreseen step differs from Python's answer for the same answers.", shown, reply);
      // Only if that step is still the one on screen (show() keeps its state as this.answers).
      if (reply.ok && this.answers === shown.view.state && this.root.isConnected) this.show(reply, false);
    }

    // A step as Python's reply (or the build's foreseen step) gives it: its view and its markup.
    show({ view, html }, moveFocus, fromBuild = false) {
      if (typeof html !== "string") throw new Error("a step without its markup");
      this.foreseenShown = fromBuild ? { view, html } : null;
      if (fromBuild) this.root.dataset.foreseen = "shown";
      this.answers = view.state;
      this.stepBox.innerHTML = html; // Python's renderer escapes every text in it
      // Other parts of the page (training mode) follow the tool through this event.
      this.root.dispatchEvent(new CustomEvent("lp:step", { bubbles: true, detail: { tree: this.tree, uid: this.uid, view } }));
      address.write(this.uid, this.version, view.state);
      const error = view.kind === "question" && view.question.error;
      document.title = `${error ? "Error: " : ""}${view.heading} – ${this.pageTitle}`;
      this.say(view.announce);
      if (moveFocus) this.focusHeading(Boolean(error));
    }

    showProblem(message, moveFocus = true) {
      this.answers = {};
      address.write(this.uid, this.version, {});
      this.stepBox.replaceChildren(h("div", { class: "lp-step lp-problem" },
        h("h3", { class: "lp-problem__title", tabindex: "-1" }, "The tool could not continue"),
        h("p", null, message),
        h("p", { class: "lp-restart" }, h("button", { type: "button", class: "lp-link", "data-action": "restart" }, "Start again"))));
      this.say(message);
      if (moveFocus) this.focusHeading();
    }

    focusHeading(error) {
      const target = (error && this.stepBox.querySelector(".lp-error-summary")) || this.stepBox.querySelector("h3[tabindex]");
      if (target) target.focus();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Mounting: on first load, and again after each instant page change of the theme.
  // ---------------------------------------------------------------------------------------
  const mounted = new Set();

  function afterFirstPaint(work) {
    requestAnimationFrame(() => setTimeout(work, 0));
  }

  // The meeting kit's and the training's scripts, fetched only by a page that holds a kit or a
  // training (the build names them in the manifest, by the class of what they enhance). Each
  // mounts itself once loaded, on this page and on every later one, as the others do.
  const pageScripts = new Set();

  function loadPageScripts() {
    if (MANIFEST === null || !MANIFEST.pageScripts) return;
    for (const [cssClass, path] of Object.entries(MANIFEST.pageScripts)) {
      if (pageScripts.has(path) || !document.querySelector(`.${cssClass}`)) continue;
      pageScripts.add(path);
      const script = document.createElement("script");
      script.src = new URL(path, SCRIPT_URL).href;
      document.head.append(script);
    }
  }

  function mountAll() {
    if (!release.check()) return; // a page of another build: the tab is reloading into it
    loadPageScripts();
    for (const tool of mounted) if (!tool.root.isConnected) { tool.unmount(); mounted.delete(tool); }
    const roots = Array.from(document.querySelectorAll(".lp-tool:not(.lp-tool--live)"));
    // Anything else that asks Python (the meeting kit, training) carries data-needs-python.
    if (roots.length || document.querySelector("[data-needs-python]")) {
      // Just after the page is first painted, so that compiling Python never delays that paint.
      // The worker imports every registered tree; each tool checks its own once mounted.
      afterFirstPaint(() => {
        for (const root of roots) foreseen.load(root.dataset.tree); // a few kB: before the runtime's megabytes
        runtime.start();
      });
    }
    for (const root of roots) {
      const tool = new Tool(root);
      mounted.add(tool);
      tool.mount();
    }
  }

  // Run on the first page and again after each instant page change of the theme (its document$
  // signal), or once when the page is ready where the theme offers no such signal. The signal is
  // looked for once the page has been read, since this script may run before the theme's own.
  function onEveryPage(mount) {
    const follow = () => {
      if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
      else mount();
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow, { once: true });
    else follow();
  }

  // For the other scripts of the handbook (training, the meeting kit), for tests and for the curious:
  // request() sends any action to Python ({action: "feedback", ...}) and resolves with its reply.
  window.handbookTools = {
    runtime,
    onEveryPage,
    h,
    request: (request) => runtime.resolve(request),
    onRuntime: (listener) => { runtime.listeners.add(listener); return () => runtime.listeners.delete(listener); },
    build: () => MANIFEST === null ? "" : MANIFEST.build, // the build this script and its worker belong to
    forgetSnapshot,
    // The runtime's files, for the offline copy (lp-offline.js) once a tool has used them.
    runtimeFiles: () => MANIFEST === null ? [] : [
      MANIFEST.worker, MANIFEST.settings, MANIFEST.wheel, MANIFEST.stdlib,
      ...["pyodide.esm.js", "pyodide.asm.js", "pyodide.asm.wasm"].map((name) => MANIFEST.pyodide + name),
    ].map((path) => new URL(path, SCRIPT_URL).href),
  };
  // "Skip to the tool" (written by the build, tools/handbook_build/skiplink.py) moves focus to the
  // tool itself. The theme's instant page changes would otherwise take the click, reload the page's
  // content and leave focus nowhere; without JavaScript the browser does the same as this.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.lp-skip") : null;
    const target = link && document.getElementById(decodedHash(link.hash));
    if (!target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    history.pushState(history.state, "", link.hash);
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }, true);

  // From the head of a page with a tool, Python starts once the page is first drawn, before the
  // rest of the page's scripts have run.
  if (EARLY) afterFirstPaint(() => runtime.start());
  onEveryPage(mountAll);
})();
