/* Lead Professional handbook: training mode.
 *
 * The training page holds the cases (readable without JavaScript), the real decision tools
 * (hidden until a scenario is chosen) and, in a JSON block, what this script shows of each
 * scenario and set. This script lets a trainee choose a scenario or a set, shows the case and
 * the tool it is answered in, follows the tool through its lp:step events, and asks Python for
 * feedback ({action: "feedback", scenario: its id, answers}): Python, which has the scenarios
 * from the scenarios file the build published (which the worker fetches at the first such request),
 * replays both routes and explains where they part. The script
 * compares nothing itself; it only draws what Python says, as text, never as HTML.
 *
 * A set's score lives in this object only: it is never written to storage or to the address.
 */
(function () {
  "use strict";

  const api = () => window.handbookTools;

  function h(tag, attrs, ...children) {
    return api().h(tag, attrs, ...children);
  }

  function citation(s) {
    return `${s.publisher}, ${s.title} (${s.date}): ${s.section}`;
  }

  class Training {
    constructor(root) {
      this.root = root;
      const data = JSON.parse(root.querySelector("script.lp-training__data").textContent);
      this.scenarios = data.scenarios;
      this.sets = data.sets;
      this.byId = new Map(this.scenarios.map((s) => [s.id, s]));
      this.catalogue = root.querySelector(".lp-training__catalogue");
      this.app = root.querySelector(".lp-training__app");
      this.toolsBox = root.querySelector(".lp-training__tools");
      this.status = root.querySelector(".lp-training__status");
      this.sheet = document.querySelector("a.lp-training-sheet");
      this.top = h("div", { class: "lp-training__view" });
      this.bottom = h("div", { class: "lp-training__actions" });
      this.views = {}; // tree id -> the tool's latest view (from lp:step)
      this.current = null; // { id, set, index }
      this.results = new Map(); // scenario id -> right or not, first feedback only, for the set being worked
      this.busy = false;
      this.pageTitle = document.title;
    }

    mount() {
      this.root.classList.add("lp-training--live");
      this.catalogue.hidden = true;
      this.app.hidden = false;
      this.app.replaceChildren(this.top, this.toolsBox, this.bottom);
      this.root.addEventListener("lp:step", (event) => {
        this.views[event.detail.tree] = event.detail.view;
        this.clearProblem();
      });
      this.root.addEventListener("click", (event) => this.clicked(event));
      this.stopListening = api().onRuntime((event) => this.runtimeChanged(event));
      this.showPicker(false);
    }

    unmount() {
      if (this.stopListening) this.stopListening();
    }

    // -------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------
    clicked(event) {
      const button = event.target.closest("[data-training]");
      if (!button || !this.root.contains(button)) return;
      event.preventDefault();
      const action = button.dataset.training;
      if (action === "start-set") this.startSet(button.dataset.set);
      else if (action === "start") this.start(button.dataset.scenario, null, 0);
      else if (action === "feedback") this.askForFeedback();
      else if (action === "next") this.next();
      else if (action === "again") this.start(this.current.id, null, 0);
      else if (action === "set-again") this.startSet(this.current.set.id);
      else if (action === "choose") this.showPicker(true);
      else if (action === "to-tool") this.focusTool();
    }

    runtimeChanged(event) {
      if (!this.root.isConnected) return this.unmount();
      if (event === "failed" && this.current) {
        this.showProblem("Feedback is not available, because the tool could not start in this browser. " +
          "The rules of the tool are written out below it; compare your answers with the trainer's answer sheet.");
      }
    }

    // -------------------------------------------------------------------------------------
    // Starting scenarios and sets
    // -------------------------------------------------------------------------------------
    startSet(setId) {
      const set = this.sets.find((s) => s.id === setId);
      if (!set) return;
      this.results = new Map();
      this.start(set.scenarios[0], set, 0);
    }

    start(scenarioId, set, index) {
      const scenario = this.byId.get(scenarioId);
      if (!scenario) return;
      this.current = { id: scenarioId, set, index };
      const tool = this.toolFor(scenario.tree);
      this.views[scenario.tree] = null;
      // A tool still showing its first question, untouched, needs no restart (and no "Started again").
      const used = tool && tool.querySelector(".lp-restart, .lp-error-summary, .lp-problem, input:checked");
      if (used) tool.dispatchEvent(new CustomEvent("lp:restart"));
      this.showScenario();
    }

    next() {
      const { set, index } = this.current;
      if (set && index + 1 < set.scenarios.length) this.start(set.scenarios[index + 1], set, index + 1);
      else if (set) this.showScore();
      else this.showPicker(true);
    }

    toolFor(tree) {
      return this.toolsBox.querySelector(`.lp-training__tool[data-tree="${CSS.escape(tree)}"] .lp-tool`);
    }

    showTool(tree) {
      this.toolsBox.hidden = !tree;
      for (const box of this.toolsBox.querySelectorAll(".lp-training__tool")) box.hidden = box.dataset.tree !== tree;
    }

    focusTool() {
      const scenario = this.byId.get(this.current.id);
      const tool = this.toolFor(scenario.tree);
      const target = tool && (tool.querySelector(".lp-tool__step h3[tabindex]") || tool);
      if (target) target.focus();
    }

    // -------------------------------------------------------------------------------------
    // Views
    // -------------------------------------------------------------------------------------
    show(nodes, actions, tree, heading, announce, moveFocus) {
      this.top.replaceChildren(...nodes.filter(Boolean));
      this.bottom.replaceChildren(...actions.filter(Boolean));
      this.showTool(tree);
      document.title = moveFocus ? `${heading.textContent} – ${this.pageTitle}` : this.pageTitle;
      this.say(announce);
      if (moveFocus) heading.focus();
    }

    say(message) {
      this.status.textContent = message;
    }

    heading(label) {
      return h("h2", { class: "lp-training__heading", tabindex: "-1" }, label);
    }

    showPicker(moveFocus) {
      this.current = null;
      const heading = this.heading("Choose a set or a scenario");
      const nodes = [heading,
        h("p", null, "Work through a set in order to get a score at the end, or choose any single scenario.")];
      if (this.sets.length) {
        nodes.push(h("h3", null, "Sets"), h("ul", { class: "lp-training__list" }, this.sets.map((set) =>
          h("li", { class: "lp-training__item" },
            h("button", { type: "button", class: "lp-link lp-training__choice", "data-training": "start-set", "data-set": set.id },
              `Start the set: ${set.title}`),
            h("span", { class: "lp-training__count" }, ` (${set.scenarios.length} ${set.scenarios.length === 1 ? "scenario" : "scenarios"})`),
            h("span", { class: "lp-training__description" }, set.description)))));
      }
      nodes.push(h("h3", null, "Single scenarios"));
      const tools = [...new Set(this.scenarios.map((s) => s.tool))];
      for (const tool of tools) {
        nodes.push(h("h4", null, tool), h("ul", { class: "lp-training__list" }, this.scenarios.filter((s) => s.tool === tool).map((s) =>
          h("li", { class: "lp-training__item" },
            h("button", { type: "button", class: "lp-link lp-training__choice", "data-training": "start", "data-scenario": s.id },
              `Scenario ${s.number}: ${s.title}`)))));
      }
      this.show(nodes, [], null, heading, "Choose a set or a scenario.", moveFocus);
    }

    progress() {
      const { set, index } = this.current;
      return set ? h("p", { class: "lp-training__progress" }, `${set.title}: scenario ${index + 1} of ${set.scenarios.length}`) : null;
    }

    showScenario() {
      const scenario = this.byId.get(this.current.id);
      const heading = this.heading(`Scenario ${scenario.number}: ${scenario.title}`);
      const nodes = [
        this.progress(),
        heading,
        h("p", { class: "lp-training__tool-name" }, `Tool: ${scenario.tool}`),
        h("div", { class: "lp-training__case" }, scenario.paragraphs.map((p) => h("p", null, p))),
        h("p", { class: "lp-hint" }, "Answer the case in the tool below, as you would for a real family. " +
          "When the tool gives its result, get feedback."),
      ];
      const actions = [
        h("div", { class: "lp-training__problem" }),
        h("button", { type: "button", class: "md-button md-button--primary lp-button", "data-training": "feedback" }, "Get feedback"),
        h("p", null, h("button", { type: "button", class: "lp-link", "data-training": "choose" },
          this.current.set ? "Leave the set and choose another scenario" : "Choose another scenario")),
      ];
      this.show(nodes, actions, scenario.tree, heading, `Scenario ${scenario.number}: ${scenario.title}. Read the case, then answer it in the tool.`, true);
      if (api().runtime.state === "failed") this.runtimeChanged("failed");
    }

    clearProblem() {
      const box = this.bottom.querySelector(".lp-training__problem");
      if (box) box.replaceChildren();
    }

    showProblem(message, link) {
      const box = this.bottom.querySelector(".lp-training__problem");
      if (!box) return;
      const summary = h("div", { class: "lp-error-summary", role: "alert", tabindex: "-1", "aria-labelledby": "lp-training-problem-title" },
        h("h3", { class: "lp-error-summary__title", id: "lp-training-problem-title" }, "There is a problem"),
        h("ul", null, h("li", null, link
          ? h("a", { href: `#${link}`, "data-training": "to-tool" }, message)
          : message)),
        !link && this.sheet ? h("p", null, h("a", { href: this.sheet.getAttribute("href") }, "Open the trainer's answer sheet")) : null);
      box.replaceChildren(summary);
      summary.focus();
    }

    async askForFeedback() {
      if (this.busy) return;
      const scenario = this.byId.get(this.current.id);
      const view = this.views[scenario.tree];
      const tool = this.toolFor(scenario.tree);
      if (!view || view.kind !== "outcome") {
        return this.showProblem("Answer the questions in the tool until it gives a result", tool ? tool.id : "");
      }
      // The scenario by its id: Python has the scenarios, and the council's local rules and names,
      // from the settings the build published, given to it once as it started.
      const request = { action: "feedback", scenario: scenario.id, answers: view.state };
      this.busy = true;
      this.root.setAttribute("aria-busy", "true");
      this.say("Checking your answers…");
      const reply = await api().request(request);
      this.busy = false;
      this.root.removeAttribute("aria-busy");
      if (!this.root.isConnected || !this.current || this.current.id !== scenario.id) return;
      if (reply.unavailable) return this.runtimeChanged("failed");
      if (!reply.ok) return this.showProblem(reply.message, false);
      if (this.current.set && !this.results.has(scenario.id)) this.results.set(scenario.id, reply.feedback.right);
      this.showFeedback(scenario, reply.feedback);
    }

    showFeedback(scenario, f) {
      const heading = this.heading(f.heading);
      const verdict = h("div", { class: `lp-training__verdict lp-training__verdict--${f.right ? "right" : "wrong"}` },
        h("p", { class: "lp-training__verdict-label" }, f.right ? "Right" : "Not the expected result"),
        h("dl", { class: "lp-summary" },
          this.row(f.right ? "Result" : "Your result", f.yours.title),
          f.yours.lead && this.row(f.right ? f.lead_labels.right : f.lead_labels.yours, f.yours.lead),
          !f.right && this.row("Expected result", f.expected.title),
          !f.right && f.expected.lead && this.row(f.lead_labels.expected, f.expected.lead)));
      const nodes = [this.progress(), heading, h("p", { class: "lp-training__tool-name" }, `Scenario ${scenario.number}: ${scenario.title}`), verdict];
      if (f.alternative) nodes.push(h("p", { class: "lp-training__alternative" }, h("strong", null, "Another accepted route: "), f.alternative));
      if (f.divergence) nodes.push(...this.divergence(f.divergence));
      nodes.push(h("h3", null, "Teaching point"), h("p", { class: "lp-training__point" }, f.teaching_point));
      if (!f.right && f.reasons.length) nodes.push(h("h3", null, "Why the expected result applies"), h("ul", null, f.reasons.map((r) => h("li", null, r))));
      if (f.local_rules.length) nodes.push(h("div", { class: "lp-section lp-local-rule" }, h("h3", null, "Local rule"), h("ul", null, f.local_rules.map((r) => h("li", null, r)))));
      if (f.other_differences.length) nodes.push(this.others(f.other_differences, f.right));
      const cited = [...new Set([...f.sources, ...f.scenario_sources].map(citation))];
      nodes.push(h("div", { class: "lp-section lp-sources" }, h("h3", null, "Sources"), h("ul", null, cited.map((c) => h("li", null, c)))));
      const { set, index } = this.current;
      const actions = set
        ? [h("button", { type: "button", class: "md-button md-button--primary lp-button", "data-training": "next" },
          index + 1 < set.scenarios.length ? "Next scenario" : "See your score")]
        : [h("button", { type: "button", class: "md-button md-button--primary lp-button", "data-training": "again" }, "Try this scenario again"),
          h("p", null, h("button", { type: "button", class: "lp-link", "data-training": "choose" }, "Choose another scenario"))];
      this.show(nodes, actions, null, heading, f.announce, true);
    }

    row(key, value) {
      return h("div", { class: "lp-summary__row lp-training__row" }, h("dt", { class: "lp-summary__key" }, key), h("dd", { class: "lp-summary__value" }, value));
    }

    divergence(d) {
      const rows = d.rows.map(([key, value]) => this.row(key, value)); // Python words them: yours, and the expected
      return [
        h("h3", null, "Where your answers led elsewhere"),
        h("dl", { class: "lp-summary lp-training__divergence" }, rows),
        d.details.length ? h("ul", { class: "lp-training__details" }, d.details.map((line) => h("li", null, line))) : null,
        d.split ? h("p", null, d.split) : null,
        d.note ? h("div", { class: "lp-training__note" }, h("h4", null, "Why the expected answer"), h("p", null, d.note)) : null,
      ];
    }

    others(differences, right) {
      return h("details", { class: "lp-training__others" },
        h("summary", null, right
          ? `Answers that differ but did not change the result (${differences.length})`
          : `Other answers that differ (${differences.length})`),
        h("ul", null, differences.map((d) => h("li", null,
          h("strong", null, d.question), " ", d.summary,
          d.details.length ? h("ul", null, d.details.map((line) => h("li", null, line))) : null))));
    }

    showScore() {
      const set = this.current.set;
      const right = set.scenarios.filter((id) => this.results.get(id)).length;
      const heading = this.heading(`Your score: ${right} of ${set.scenarios.length}`);
      const nodes = [
        h("p", { class: "lp-training__progress" }, `${set.title}: finished`),
        heading,
        h("ul", { class: "lp-training__results" }, set.scenarios.map((id) => {
          const s = this.byId.get(id);
          const result = this.results.has(id) ? (this.results.get(id) ? "right" : "not the expected result") : "no feedback asked for";
          return h("li", null, `Scenario ${s.number}: ${s.title}: ${result}`);
        })),
        h("p", { class: "lp-hint" }, "Only your first feedback on each scenario counts. The score is kept in this page only: " +
          "it is not stored, and it is gone when you leave or reload the page."),
        this.sheet ? h("p", null, h("a", { href: this.sheet.getAttribute("href") }, "Compare with the trainer's answer sheet")) : null,
      ];
      const actions = [
        h("button", { type: "button", class: "md-button md-button--primary lp-button", "data-training": "set-again" }, "Work through the set again"),
        h("p", null, h("button", { type: "button", class: "lp-link", "data-training": "choose" }, "Choose another set or scenario")),
      ];
      this.show(nodes, actions, null, heading, `Your score: ${right} of ${set.scenarios.length}.`, true);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Mounting: on first load, and again after each instant page change of the theme.
  // ---------------------------------------------------------------------------------------
  const mounted = new Set();

  function mountAll() {
    if (!api()) return;
    for (const training of mounted) if (!training.root.isConnected) { training.unmount(); mounted.delete(training); }
    for (const root of document.querySelectorAll(".lp-training:not(.lp-training--live)")) {
      try {
        const training = new Training(root);
        mounted.add(training);
        training.mount();
      } catch (error) {
        console.error(error); // the cases stay readable in the page as the build wrote them
      }
    }
  }

  if (window.handbookTools) window.handbookTools.onEveryPage(mountAll); // the page-change signal the tools use
})();
