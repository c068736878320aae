/* Lead Professional handbook: the Team Around the Family meeting kit.
 *
 * The page already holds the agenda, the form and a blank record to print, written at build time
 * from one description of the form (decision/meeting/form.py). This script shows the form, adds
 * and removes its rows from the build's templates, reads what the reader typed and asks Python
 * (decision/meeting/, in the page's one worker) to check it, make the record and lay out the
 * chart of the scores, and draws what Python returns. It
 * holds no rules of its own: every check, every message and every line of the record comes
 * from Python. Everything typed is set as text, never parsed as HTML.
 *
 * Nothing leaves the tab and nothing is stored: the reader downloads a file if they want to keep
 * the meeting, and opens it again here (Python reads and checks it).
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const CHART_DELAY_MS = 500; // redraw the chart this long after the last score is typed

  const tools = () => window.handbookTools;
  const h = (...args) => tools().h(...args);

  function svg(tag, attrs, ...children) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== "") element.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      element.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return element;
  }

  function setPath(target, path, value) {
    const keys = path.split(".");
    let node = target;
    keys.forEach((key, index) => {
      const last = index === keys.length - 1;
      const slot = /^\d+$/.test(key) ? Number(key) : key;
      if (last) {
        if (node[slot] === undefined || value !== "") node[slot] = value;
      } else {
        if (node[slot] === undefined) node[slot] = /^\d+$/.test(keys[index + 1]) ? [] : {};
        node = node[slot];
      }
    });
  }

  // An example date for the hints, written as people write dates and always in the future: the
  // first 27th at least four weeks from today (decision/meeting/dates.py's example_date, whose numbers
  // come in the settings, gives Python's messages the same example).
  function exampleDate(rule) {
    const soon = new Date();
    soon.setDate(soon.getDate() + rule.after_days);
    const example = new Date(soon.getFullYear(), soon.getMonth() + (soon.getDate() > rule.day ? 1 : 0), rule.day);
    return `${example.getDate()}/${example.getMonth() + 1}/${example.getFullYear()}`;
  }

  // A failure the kit did not word itself (the runtime's, which points to written rules the kit's
  // page does not have): what the kit can still do.
  const WENT_WRONG = "Something went wrong in the checker. What you typed is still in the form: download it to " +
    "continue later, then reload this page and open that file.";

  // The edition of the handbook this page belongs to, in the build's words (the footer's edition
  // line, overrides/partials/copyright.html): the saved file names it. (The record names the same
  // edition, from the settings the build gave Python.)
  function edition() {
    const line = document.querySelector(".lp-edition-line[data-edition]");
    return line ? line.dataset.edition : "";
  }

  function localDate() {
    const now = new Date();
    const two = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  }

  // A file made in the browser from a Blob: nothing is uploaded, nothing is stored by the site.
  function download(filename, content, type, where) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = h("a", { href: url, download: filename, hidden: true });
    link.addEventListener("click", (event) => event.stopPropagation()); // not a page change for the theme
    where.append(link); // some browsers only download from a link that is in the page
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  // Where a meeting keeps a field's value ("opening.statement"), and the field showing it.
  function getPath(source, path) {
    return path.split(".").reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), source);
  }

  function setField(element, value) {
    if (element.type === "radio") element.checked = element.value === value;
    else if (element.type === "checkbox") element.checked = Boolean(value);
    else if (element.tagName === "SELECT") {
      if (value) element.value = value; // empty: the option the build marked as chosen
      if (element.selectedIndex < 0) element.selectedIndex = 0;
    } else element.value = value === undefined || value === null ? "" : value;
  }

  // "Person {n}" -> "Person 2" for the row at index 1.
  const numbered = (item, index) => item.replace("{n}", String(index + 1));

  const EMPTY_PERSON = { name: "", role: "", kind: "", attendance: "present", score: "", reason: "" };
  const EMPTY_ACTION = { what: "", who: "", measure: "", by: "" };

  class Kit {
    constructor(root) {
      this.root = root;
      this.uid = root.id;
      this.settings = JSON.parse(root.dataset.kit);
      this.form = root.querySelector(".lp-kit__form");
      this.built = this.form.cloneNode(true); // the form as the build wrote it: each drawing starts from a copy
      this.recordBox = root.querySelector(".lp-kit__record");
      this.live = root.querySelector(".lp-kit__live");
      this.pageTitle = document.title;
      this.previous = []; // last time's actions, shown as text; only their progress is typed here
      this.dirty = false;
      this.chartTimer = null;
      this.chartAsked = 0;
      this.onRuntime = (event) => this.runtimeChanged(event);
      this.onBeforeUnload = (event) => {
        if (this.dirty && this.root.isConnected) event.preventDefault();
      };
    }

    // ---------------------------------------------------------------------------------------
    // Mounting
    // ---------------------------------------------------------------------------------------
    mount() {
      this.root.classList.add("lp-kit--live");
      this.form.hidden = false;
      this.render(this.emptyMeeting());
      this.form.addEventListener("submit", (event) => { event.preventDefault(); this.check(true); });
      this.form.addEventListener("click", (event) => this.clicked(event));
      this.form.addEventListener("input", (event) => this.typed(event));
      this.form.addEventListener("change", (event) => this.typed(event));
      this.form.addEventListener("focusin", () => this.startPython(), { once: true });
      this.root.addEventListener("click", (event) => this.summaryLink(event));
      this.removeListener = tools().onRuntime(this.onRuntime);
      window.addEventListener("beforeunload", this.onBeforeUnload);
      this.runtimeChanged(tools().runtime.state === "failed" ? "failed" : "progress");
    }

    unmount() {
      if (this.removeListener) this.removeListener();
      window.removeEventListener("beforeunload", this.onBeforeUnload);
    }

    startPython() {
      const runtime = tools().runtime;
      if (runtime.state === "idle") runtime.start();
      this.runtimeChanged("progress");
    }

    runtimeChanged(event) {
      if (!this.root.isConnected) return this.unmount();
      const runtime = tools().runtime;
      this.root.dataset.runtime = runtime.state;
      const box = this.form.querySelector(".lp-kit__runtime");
      if (runtime.state === "failed") return this.unavailable(runtime.failure, event === "failed");
      if (!box) return;
      if (runtime.state === "starting") {
        box.textContent = event === "slow" ? "The checker is taking a while to start. You can carry on typing."
          : "Starting the checker (only the first time)…";
      } else {
        box.textContent = "";
      }
    }

    unavailable(message, announce = true) {
      const first = !this.root.classList.contains("lp-kit--unavailable");
      this.root.classList.add("lp-kit--unavailable");
      const text = `The checking part of this kit is not available. ${message || ""} You can still fill in the form, ` +
        "download it to continue later, and print the blank record.";
      const box = this.form.querySelector(".lp-kit__runtime");
      if (box) box.textContent = text;
      if (announce || first) this.say(text);
    }

    say(message) {
      this.live.textContent = "";
      setTimeout(() => { this.live.textContent = message; }, 50);
    }

    // ---------------------------------------------------------------------------------------
    // Drawing the form from a meeting. The build wrote the form into the page (tools/
    // handbook_build/meeting_form.py, from the one description of it in decision/meeting/form.py),
    // with each kind of row once as a <template>. This fills in a copy of it: it holds none of
    // the form's words, and what was typed is only ever set as a value or as text.
    // ---------------------------------------------------------------------------------------
    emptyMeeting() {
      return {
        family: "", date: "", kind: "", venue: "", chair: "", minutes: "",
        people: [{ ...EMPTY_PERSON, earlier: [] }],
        opening: { statement: false, ground_rules: false, family_items: "" },
        previous: [], voice: "", well: "", worried: "", happen: "", reviews: [],
        actions: [{ ...EMPTY_ACTION }], review_date: "", next_chair: "", next_minutes: "", rota: [],
        notes: "", safeguarding: "",
      };
    }

    id(path) {
      return `${this.uid}-${path.replace(/\./g, "-")}`;
    }

    example() {
      return exampleDate(this.settings.example_date);
    }

    render(meeting) {
      this.previous = (meeting.previous || []).map((row) => ({ ...row }));
      this.form.replaceChildren(...Array.from(this.built.childNodes, (node) => node.cloneNode(true)));
      for (const element of this.form.querySelectorAll("[data-field]")) {
        if (!element.dataset.field.startsWith("open.")) setField(element, getPath(meeting, element.dataset.field));
      }
      for (const list of ["people", "actions", "rota"]) {
        this.form.querySelector(`[data-list="${list}"]`).replaceChildren(...meeting[list].map((row, i) => this.row(list, row, i)));
      }
      this.form.querySelector('[data-list="previous"]').replaceChildren(...this.previous.map((row, i) => this.row("previous", row, i)));
      for (const words of this.form.querySelectorAll("[data-previous]")) {
        if ((words.dataset.previous === "some") !== (this.previous.length > 0)) words.remove();
      }
      this.form.querySelector(".lp-kit__scores-box").replaceChildren(this.scoresTable(meeting));
      this.examples(this.form);
      this.names();
      this.runtimeChanged("progress");
    }

    // Date hints give an example worked out from the reader's clock.
    examples(where) {
      for (const slot of where.querySelectorAll(".lp-kit__example")) slot.textContent = this.example();
    }

    // A copy of one of the build's templates, with its place in the form: {i} and {n} (the row's
    // index and number), and {j} and {m} for an earlier review's score in a person's row.
    copy(name, places) {
      const template = this.built.querySelector(`template[data-template="${name}"]`);
      const node = template.content.firstElementChild.cloneNode(true);
      const place = (value) => value.replace(/\{([ijnm])\}/g, (whole, key) => (key in places ? String(places[key]) : whole));
      for (const element of [node, ...node.querySelectorAll("*")]) {
        for (const attribute of Array.from(element.attributes)) {
          if (attribute.value.includes("{")) attribute.value = place(attribute.value);
        }
      }
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let words = walker.nextNode(); words; words = walker.nextNode()) {
        if (words.data.includes("{")) words.data = place(words.data);
      }
      this.examples(node);
      return node;
    }

    row(list, values, i) {
      const node = this.copy(list, { i, n: i + 1 });
      for (const element of node.querySelectorAll("[data-field]")) setField(element, values[element.dataset.field.split(".").pop()]);
      // Last time's actions are shown as text ("Not recorded", as the build wrote it, where empty).
      for (const fact of node.querySelectorAll("[data-fact]")) {
        if (values[fact.dataset.fact]) fact.textContent = values[fact.dataset.fact];
      }
      return node;
    }

    scoresTable(m) {
      const table = this.built.querySelector(".lp-kit__scores").cloneNode(true);
      const lastHead = table.querySelector("thead [data-reviews-before]");
      m.reviews.forEach((review, r) => {
        const head = this.copy("review-head", { i: r, n: r + 1 });
        setField(head.querySelector("[data-field]"), review.date);
        lastHead.before(head);
      });
      const body = table.querySelector("tbody");
      m.people.forEach((person, i) => {
        const row = this.copy("score-row", { i, n: i + 1 });
        const last = row.querySelector("[data-reviews-before]");
        m.reviews.forEach((_, r) => last.before(this.copy("score-earlier", { i, n: i + 1, j: r, m: r + 1 })));
        for (const element of row.querySelectorAll("[data-field]")) {
          const [key, review] = element.dataset.field.split(".").slice(2);
          setField(element, key === "earlier" ? (person.earlier || [])[Number(review)] || "" : person[key]);
        }
        // The person's name in the row's heading and in each field's label, as text.
        const name = person.name.trim();
        if (name) for (const who of row.querySelectorAll(".lp-kit__who")) who.textContent = name;
        const role = row.querySelector(".lp-kit__role");
        if (person.role.trim()) role.textContent = ` (${person.role.trim()})`; else role.remove();
        body.append(row);
      });
      return table;
    }

    // The names typed so far, offered in the chair, minute-taker and "who" fields.
    names() {
      const list = h("datalist", { id: `${this.uid}-names` });
      const seen = new Set();
      for (const input of this.form.querySelectorAll("[data-field$='.name']")) {
        const name = input.value.trim();
        if (name && !seen.has(name)) { seen.add(name); list.append(h("option", { value: name })); }
      }
      const old = document.getElementById(`${this.uid}-names`);
      if (old) old.replaceWith(list); else this.form.append(list);
    }

    // ---------------------------------------------------------------------------------------
    // Reading the form into a meeting (as typed: Python checks it)
    // ---------------------------------------------------------------------------------------
    read() {
      const meeting = this.emptyMeeting();
      meeting.people = []; meeting.actions = []; meeting.reviews = []; meeting.rota = []; meeting.previous = [];
      for (const element of this.form.querySelectorAll("[data-field]")) {
        const path = element.dataset.field;
        if (path.startsWith("open.")) continue;
        if (element.type === "radio") setPath(meeting, path, element.checked ? element.value : "");
        else if (element.type === "checkbox") setPath(meeting, path, element.checked);
        else setPath(meeting, path, element.value);
      }
      meeting.people = Array.from(meeting.people, (person) => ({ ...EMPTY_PERSON, ...person,
        earlier: Array.from({ length: meeting.reviews.length }, (_, r) => ((person || {}).earlier || [])[r] || "") }));
      meeting.previous = this.previous.map((row, i) => ({ ...row, progress: "", note: "", ...(meeting.previous[i] || {}) }));
      for (const list of ["actions", "reviews", "rota"]) meeting[list] = Array.from(meeting[list], (row) => row || {});
      return meeting;
    }

    // ---------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------
    typed(event) {
      const field = event.target.dataset && event.target.dataset.field;
      if (!field) return;
      this.dirty = true;
      if (event.type === "input" && /^people\.\d+\.(name|role)$/.test(field)) {
        this.redrawScores();
        this.names();
      }
      if (/^people\.\d+\.(earlier|score|name)|^reviews\.|^date$/.test(field)) this.chartSoon();
    }

    redrawScores() {
      const box = this.form.querySelector(".lp-kit__scores-box");
      box.replaceChildren(this.scoresTable(this.read()));
      if (this.lastFlags) this.showFieldErrors(this.lastFlags);
    }

    clicked(event) {
      const button = event.target.closest("button[data-action]");
      if (!button || !this.form.contains(button)) return;
      const action = button.dataset.action;
      if (action === "add") this.addRow(button.dataset.list);
      else if (action === "remove") this.removeRow(button.dataset.list, Number(button.dataset.index));
      else if (action === "download-record") this.downloadRecord();
      else if (action === "print-record") this.printRecord();
      else if (action === "save") this.saveForLater();
      else if (action === "open") this.openSaved();
      else if (action === "print-blank") this.printBlank();
      else if (action === "clear") this.confirmClear(true);
      else if (action === "clear-no") this.confirmClear(false);
      else if (action === "clear-yes") this.clear();
    }

    // Error summary links move focus to the field, as GOV.UK's do.
    summaryLink(event) {
      const link = event.target.closest("a[data-target]");
      if (!link || !this.root.contains(link)) return;
      const target = document.getElementById(link.dataset.target);
      if (!target) return;
      event.preventDefault();
      const anchor = target.closest("fieldset") || target.closest(".lp-kit__field") || target;
      anchor.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }

    addRow(list) {
      const meeting = this.read();
      const max = this.settings.limits[list];
      const rows = meeting[list];
      const words = this.addButton(list).dataset; // a row's name and the rows', as the build wrote them
      if (rows.length >= max) return this.say(`You can add up to ${max} ${words.many}.`);
      if (list === "people") rows.push({ ...EMPTY_PERSON, earlier: meeting.reviews.map(() => "") });
      else if (list === "actions") rows.push({ ...EMPTY_ACTION });
      else if (list === "rota") rows.push({ date: "", chair: "", minutes: "" });
      else if (list === "reviews") { rows.push({ date: "" }); meeting.people.forEach((p) => p.earlier.push("")); }
      const index = rows.length - 1;
      this.redraw(meeting, list === "reviews" ? `reviews.${index}.date` : this.firstField(list, index));
      this.say(`${numbered(words.item, index)} added.`);
    }

    removeRow(list, index) {
      const meeting = this.read();
      // Messages about the rows that move up would now point at the wrong row: drop them until the next check.
      const moved = list === "reviews" ? /^(reviews\.|people\.\d+\.earlier\.)/ : new RegExp(`^${list}\\.`);
      const kept = this.lastFlags ? this.lastFlags.filter((flag) => !moved.test(flag.field)) : null;
      if (list === "actions") this.lastPrompts = null;
      meeting[list].splice(index, 1);
      if (list === "reviews") meeting.people.forEach((p) => p.earlier.splice(index, 1));
      if (list === "people" && !meeting.people.length) meeting.people.push({ ...EMPTY_PERSON, earlier: meeting.reviews.map(() => "") });
      if (list === "actions" && !meeting.actions.length) meeting.actions.push({ ...EMPTY_ACTION });
      const left = meeting[list].length;
      const focus = left ? (list === "reviews" ? `reviews.${Math.max(0, index - 1)}.date` : this.firstField(list, Math.max(0, index - 1))) : null;
      this.redraw(meeting, focus, `[data-action=add][data-list=${list}]`);
      if (kept) this.showFlags(kept, false);
      this.say(`${numbered(this.addButton(list).dataset.item, index)} removed.`);
      this.chartSoon();
    }

    addButton(list) {
      return this.form.querySelector(`[data-action=add][data-list=${list}]`);
    }

    firstField(list, index) {
      return { people: `people.${index}.name`, actions: `actions.${index}.what`, rota: `rota.${index}.date` }[list];
    }

    redraw(meeting, focusPath, fallback) {
      const results = this.form.querySelector(".lp-kit__results").cloneNode(true);
      const chart = this.form.querySelector(".lp-kit__chart-box").cloneNode(true);
      const runtimeText = this.form.querySelector(".lp-kit__runtime").textContent;
      const problems = this.form.querySelector(".lp-kit__problems").cloneNode(true);
      const file = this.form.querySelector(".lp-kit__file").files;
      this.render(meeting);
      this.form.querySelector(".lp-kit__results").replaceWith(results);
      this.form.querySelector(".lp-kit__chart-box").replaceWith(chart);
      this.form.querySelector(".lp-kit__problems").replaceWith(problems);
      this.form.querySelector(".lp-kit__runtime").textContent = runtimeText;
      if (file && file.length) this.form.querySelector(".lp-kit__file").files = file;
      if (this.lastFlags) this.showFieldErrors(this.lastFlags.filter((flag) => this.form.querySelector(`[data-for="${flag.field}"]`)));
      if (this.lastPrompts) this.showPrompts(this.lastPrompts);
      const target = (focusPath && this.form.querySelector(`[data-field="${focusPath}"]`)) || (fallback && this.form.querySelector(fallback));
      if (target) target.focus();
    }

    confirmClear(show) {
      const box = this.form.querySelector(".lp-kit__confirm");
      box.hidden = !show;
      if (show) box.querySelector("button").focus();
      else this.form.querySelector("[data-action=clear]").focus();
    }

    clear() {
      this.lastFlags = null;
      this.lastPrompts = null;
      this.render(this.emptyMeeting());
      this.showRecord(null);
      this.setTitle(false);
      this.dirty = false;
      this.focus(`#${this.uid}-form-title`);
      this.say("The form has been cleared.");
    }

    focus(selector) {
      const target = this.root.querySelector(selector);
      if (target) target.focus();
    }

    setTitle(error) {
      document.title = error ? `Error: ${this.pageTitle}` : this.pageTitle;
    }

    // ---------------------------------------------------------------------------------------
    // Asking Python
    // ---------------------------------------------------------------------------------------
    async ask(body, quiet) {
      // The page's date goes with every request: Python's messages and the page's hints share one clock.
      const request = { action: "meeting", today: localDate(), ...body };
      if (JSON.stringify(request).length > this.settings.max_request) {
        if (!quiet) this.problem(body.mode === "open" ? "The selected file is too large for this kit to open."
          : "This meeting is longer than the kit can check in one go. Shorten the longest notes, or download it to continue later.");
        return null;
      }
      this.startPython();
      if (!quiet) this.form.setAttribute("aria-busy", "true");
      const reply = await tools().request(request);
      if (!quiet) this.form.removeAttribute("aria-busy");
      if (!this.root.isConnected) return null;
      if (reply.unavailable) { this.unavailable(reply.message, !quiet); return null; }
      if (!reply.ok) { if (!quiet) this.problem(reply.kit ? reply.message : WENT_WRONG); return null; }
      return reply;
    }

    problem(message, field) {
      this.showFlags([{ field: field || "", message, summary: message }], true);
    }

    async check(moveFocus) {
      // The record names the edition too: Python has it from the settings the build published.
      const reply = await this.ask({ mode: "check", meeting: this.read() });
      if (!reply) return null;
      this.showFlags(reply.flags, moveFocus && reply.flags.length > 0);
      this.showComplete(reply.action_status || {});
      this.showPrompts(reply.prompts || []);
      this.showResults(reply, moveFocus && !reply.flags.length);
      this.drawChart(reply.chart);
      this.showRecord(reply.record, reply.chart);
      this.say(reply.announce);
      this.root.dataset.checks = String(Number(this.root.dataset.checks || 0) + 1); // for tests and other scripts
      return reply;
    }

    chartSoon() {
      clearTimeout(this.chartTimer);
      this.chartTimer = setTimeout(() => this.updateChart(), CHART_DELAY_MS);
    }

    async updateChart() {
      const asked = ++this.chartAsked;
      const reply = await this.ask({ mode: "chart", meeting: this.read() }, true);
      if (reply && asked === this.chartAsked) this.drawChart(reply.chart);
    }

    // ---------------------------------------------------------------------------------------
    // Showing what Python found
    // ---------------------------------------------------------------------------------------
    showFlags(flags, moveFocus) {
      this.lastFlags = flags;
      const box = this.form.querySelector(".lp-kit__problems");
      this.showFieldErrors(flags);
      this.setTitle(flags.length > 0);
      if (!flags.length) return box.replaceChildren();
      const titleId = `${this.uid}-problems-title`;
      const items = flags.map((flag) => {
        const field = flag.field && this.form.querySelector(`[data-for="${flag.field}"] [id]:is(input, textarea, select)`);
        return h("li", null, field ? h("a", { href: `#${field.id}`, "data-target": field.id }, flag.summary) : flag.summary);
      });
      const summary = h("div", { class: "lp-error-summary", role: "alert", tabindex: "-1", "aria-labelledby": titleId },
        h("h3", { class: "lp-error-summary__title", id: titleId }, "There is a problem"),
        h("ul", null, items));
      box.replaceChildren(summary);
      if (moveFocus) summary.focus();
    }

    showFieldErrors(flags) {
      for (const wrapper of this.form.querySelectorAll(".lp-kit__field--error")) {
        wrapper.classList.remove("lp-field--error", "lp-kit__field--error");
        const message = wrapper.querySelector(":scope > .lp-error-message, :scope > fieldset > .lp-error-message");
        if (message) message.remove();
        for (const control of wrapper.querySelectorAll("[aria-invalid]")) {
          control.removeAttribute("aria-invalid");
          const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-error"));
          if (ids.length) control.setAttribute("aria-describedby", ids.join(" ")); else control.removeAttribute("aria-describedby");
        }
      }
      const byField = new Map();
      for (const flag of flags) {
        if (!flag.field) continue;
        byField.set(flag.field, [...(byField.get(flag.field) || []), flag.message]);
      }
      for (const [field, messages] of byField) {
        const wrapper = this.form.querySelector(`[data-for="${field}"]`);
        if (!wrapper) continue;
        const errorId = `${this.id(field)}-error`;
        const message = h("p", { class: "lp-error-message", id: errorId },
          h("span", { class: "lp-visually-hidden" }, "Error: "), messages.join(". "));
        wrapper.classList.add("lp-field--error", "lp-kit__field--error");
        const fieldset = wrapper.querySelector(":scope > fieldset");
        const place = fieldset ? fieldset.querySelector(".lp-options")
          : wrapper.querySelector(":scope > .lp-option") || wrapper.querySelector("input, textarea, select");
        place.before(message);
        for (const control of wrapper.querySelectorAll("input, textarea, select")) {
          control.setAttribute("aria-invalid", "true");
          const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          control.setAttribute("aria-describedby", [...ids, errorId].join(" "));
        }
      }
    }

    // Complete means an owner, a measure and a date: the kit cannot tell whether an action is SMART.
    showComplete(status) {
      for (const fieldset of this.form.querySelectorAll(".lp-kit__action")) {
        const index = fieldset.dataset.row.split(".")[1];
        const tag = fieldset.querySelector(".lp-kit__status");
        const state = status[index];
        tag.className = `lp-kit__status ${state === undefined ? "" : state ? "lp-kit__status--yes" : "lp-kit__status--no"}`.trim();
        tag.textContent = state === undefined ? "" : state ? "Complete" : "Not complete yet";
      }
    }

    // Suggestions for vague wording: shown under the field's label and read with the field, not errors.
    showPrompts(prompts) {
      this.lastPrompts = prompts;
      for (const old of this.form.querySelectorAll(".lp-kit__prompt")) {
        const control = old.parentElement.querySelector("input, textarea, select");
        if (control) {
          const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== old.id);
          if (ids.length) control.setAttribute("aria-describedby", ids.join(" ")); else control.removeAttribute("aria-describedby");
        }
        old.remove();
      }
      for (const prompt of prompts) {
        const wrapper = this.form.querySelector(`[data-for="${prompt.field}"]`);
        const control = wrapper && wrapper.querySelector("input, textarea, select");
        if (!control) continue;
        const id = `${this.id(prompt.field)}-prompt`;
        control.before(h("p", { class: "lp-kit__prompt", id }, h("span", { class: "lp-kit__prompt-title" }, "Suggestion: "), prompt.message));
        const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        control.setAttribute("aria-describedby", [...ids, id].join(" "));
      }
    }

    showResults(reply, moveFocus) {
      const box = this.form.querySelector(".lp-kit__results");
      const count = reply.flags.length;
      const heading = count ? `${count} ${count === 1 ? "problem" : "problems"} to sort out` : "No problems found";
      box.replaceChildren(
        h("h3", { class: "lp-kit__results-title", id: `${this.uid}-results-title`, tabindex: "-1" }, heading),
        count ? h("p", null, "Each one is listed under “There is a problem” at the top of the form and shown beside its field. " +
          "The record lists them under “Still to sort out”.") : h("p", null, "The record is ready: it is shown below the form."),
        reply.summary.length ? h("ul", null, reply.summary.map((line) => h("li", null, line))) : "",
        h("p", null, h("a", { href: `#${this.uid}-record-title`, "data-target": `${this.uid}-record-title` }, "Go to the record")));
      box.classList.add("lp-kit__results--shown");
      if (moveFocus) box.querySelector("h3").focus();
    }

    drawChart(chart) {
      const box = this.form.querySelector(".lp-kit__chart-box");
      if (!chart || !chart.series.length) {
        return box.replaceChildren(this.built.querySelector(".lp-kit__chart-empty").cloneNode(true));
      }
      box.replaceChildren(this.chartFigure(chart, "form"));
    }

    chartFigure(chart, where, table) {
      const titleId = `${this.uid}-${where}-chart-title`;
      const descId = `${this.uid}-${where}-chart-desc`;
      const p = chart.plot;
      const grid = chart.y_axis.map((tick) => svg("g", { class: "lp-chart__tick" },
        svg("line", { x1: p.left, x2: p.right, y1: tick.y, y2: tick.y, class: "lp-chart__grid" }),
        svg("text", { x: p.left - 8, y: tick.y + 4, "text-anchor": "end" }, tick.label)));
      const columns = chart.x_axis.map((tick) => svg("text", { x: tick.x, y: p.bottom + 20, "text-anchor": "middle", class: "lp-chart__column" },
        svg("tspan", { x: tick.x }, tick.label), tick.sub ? svg("tspan", { x: tick.x, dy: 15 }, tick.sub) : null));
      const series = chart.series.map((line) => svg("g", { class: `lp-chart__series lp-chart__series--${line.style} lp-chart__series--${line.kind}` },
        line.points.length > 1 ? svg("polyline", { points: line.line, fill: "none", "stroke-dasharray": line.dash, class: "lp-chart__line" }) : null,
        line.points.map((point) => svg("path", { d: point.marker, class: "lp-chart__marker" })),
        svg("text", { x: line.label.x, y: line.label.y + 4, class: "lp-chart__label" }, line.label.text)));
      const drawing = svg("svg", { viewBox: `0 0 ${chart.width} ${chart.height}`, role: "img", "aria-labelledby": `${titleId} ${descId}`, class: "lp-chart", focusable: "false" },
        svg("title", { id: titleId }, chart.title), svg("desc", { id: descId }, chart.description),
        svg("line", { x1: p.left, x2: p.left, y1: p.top, y2: p.bottom, class: "lp-chart__axis" }),
        svg("line", { x1: p.left, x2: p.right, y1: p.bottom, y2: p.bottom, class: "lp-chart__axis" }),
        grid, columns,
        svg("text", { x: 14, y: (p.top + p.bottom) / 2, transform: `rotate(-90 14 ${(p.top + p.bottom) / 2})`, "text-anchor": "middle", class: "lp-chart__axis-title" }, "Score"),
        series);
      const legend = h("ul", { class: "lp-chart__legend" }, h("li", null, "Solid line: family member"), h("li", null, "Dashed line: practitioner"),
        h("li", null, "Each person has their own marker shape and a label with their latest score."));
      // On a narrow screen the drawing keeps a readable size and scrolls sideways.
      const scroller = h("div", { class: "lp-kit__chart-scroll", tabindex: "0", role: "region", "aria-label": `${where === "record" ? "Chart in the record" : "Chart"}: ${chart.title.toLowerCase()}` }, drawing);
      return h("figure", { class: "lp-kit__chart" }, scroller,
        h("figcaption", null, h("strong", null, chart.title), legend),
        this.table(table || chart.table),
        // In the record, the section lists these lines itself.
        where === "record" ? "" : h("ul", { class: "lp-kit__chart-summary" }, chart.summaries.map((line) => h("li", null, line))));
    }

    table(table) {
      if (!table) return null;
      return h("table", { class: "lp-table lp-kit__record-table" },
        table.caption ? h("caption", null, table.caption) : null,
        h("thead", null, h("tr", null, table.head.map((cell) => h("th", { scope: "col" }, cell)))),
        h("tbody", null, table.rows.map((row) => h("tr", null, row.map((cell, c) => c === 0 ? h("th", { scope: "row" }, cell) : h("td", null, cell))))));
    }

    fields(pairs) {
      return h("dl", { class: "lp-kit__facts lp-kit__text" }, pairs.map(([label, value]) => h("div", null, h("dt", null, label), h("dd", null, value))));
    }

    showRecord(record, chart) {
      if (!record) {
        this.recordBox.hidden = true;
        this.root.classList.remove("lp-kit--has-record");
        return this.recordBox.replaceChildren();
      }
      const sections = record.sections.map((section) => h("section", { class: "lp-kit__record-section" },
        h("h3", null, section.heading),
        section.fields ? this.fields(section.fields) : null,
        section.text ? h("div", { class: "lp-kit__text" }, section.text) : null,
        section.groups ? section.groups.map((group) => h("div", { class: "lp-kit__record-group" }, h("h4", null, group.title), this.fields(group.fields))) : null,
        section.chart && chart ? this.chartFigure(chart, "record", section.table) : (section.table ? this.table(section.table) : null),
        section.items ? h("ul", { class: "lp-kit__text" }, section.items.map((item) => h("li", null, item))) : null));
      this.recordBox.replaceChildren(
        h("p", { class: "lp-kit__record-label" }, "The record of the meeting"),
        h("h2", { class: "lp-kit__title", id: `${this.uid}-record-title`, tabindex: "-1" }, record.title),
        ...sections,
        ...(record.made_with ? [h("p", { class: "lp-kit__made-with" }, record.made_with)] : []));
      this.recordBox.hidden = false;
      this.root.classList.add("lp-kit--has-record");
    }

    // ---------------------------------------------------------------------------------------
    // Keeping the record
    // ---------------------------------------------------------------------------------------
    async downloadRecord() {
      const reply = await this.check(false);
      if (!reply) return;
      download(reply.filename, reply.text, "text/plain;charset=utf-8", this.root);
      this.dirty = false;
      this.say(`The record has been downloaded as ${reply.filename}.` + (reply.flags.length ? " It lists the problems still to sort out." : ""));
    }

    // Prints the record this check has just drawn in this kit, and never anything else: if the
    // kit has left the page meanwhile (the theme swapped the page) there is nothing to print.
    async printRecord() {
      const reply = await this.check(false);
      if (!reply || !this.root.isConnected || !this.root.classList.contains("lp-kit--has-record")) return;
      window.print();
    }

    printBlank() {
      this.root.classList.add("lp-kit--print-blank");
      window.print();
      this.root.classList.remove("lp-kit--print-blank");
    }

    saveForLater() {
      const filename = `taf-meeting-saved-${localDate()}.json`;
      const saved = { kit: this.settings.kit, version: this.settings.version, edition: edition(), saved: new Date().toISOString(), meeting: this.read() };
      download(filename, JSON.stringify(saved, null, 2), "application/json", this.root);
      this.dirty = false;
      this.say(`The meeting has been downloaded as ${filename}. Open it here later to carry on.`);
    }

    async openSaved() {
      const input = this.form.querySelector(".lp-kit__file");
      const chosen = input.files && input.files[0];
      let text = null;
      if (chosen) {
        try { text = await chosen.text(); } catch (error) { text = ""; }
      }
      const start = (this.form.querySelector("[data-field='open.start']:checked") || {}).value || "continue";
      const reply = await this.ask({ mode: "open", file: text, start }, false);
      if (!reply) {
        // ask() showed the message in the summary; put it beside the file field too.
        if (this.lastFlags && this.lastFlags.length === 1 && !this.lastFlags[0].field) {
          this.lastFlags[0].field = "open.file";
          this.showFlags(this.lastFlags, true);
        }
        return;
      }
      this.lastFlags = null;
      this.lastPrompts = null;
      this.render(reply.meeting);
      this.showRecord(null);
      this.setTitle(false);
      this.dirty = false;
      if (reply.notices.length) {
        this.form.querySelector(".lp-kit__notices").replaceChildren(h("div", { class: "lp-notices", role: "note" },
          h("p", { class: "lp-notices__title" }, "About the meeting you opened"),
          h("ul", null, reply.notices.map((notice) => h("li", null, notice)))));
      }
      this.focus(`#${this.uid}-form-title`);
      this.say(reply.announce);
      this.updateChart();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Mounting: on first load, and again after each instant page change of the theme.
  // ---------------------------------------------------------------------------------------
  const mounted = new Set();

  function mountAll() {
    if (!window.handbookTools) return;
    for (const kit of mounted) if (!kit.root.isConnected) { kit.unmount(); mounted.delete(kit); }
    for (const root of document.querySelectorAll(".lp-kit:not(.lp-kit--live)")) {
      const kit = new Kit(root);
      mounted.add(kit);
      kit.mount();
    }
  }

  if (window.handbookTools) window.handbookTools.onEveryPage(mountAll); // the page-change signal the tools use
})();
