/* Lead Professional handbook: the theme's start-up code, as a file instead of inline scripts.
 *
 * mkdocs-material writes a few small <script> blocks straight into every page. A strict
 * Content-Security-Policy (script-src 'self', no 'unsafe-inline') blocks those, so the
 * templates in overrides/partials/javascripts/ load this file instead, once for each job:
 *
 *   <script src="theme-init.….js" data-md-scope="…">     in <head>: the storage helpers
 *   <script src="…" data-handbook-run="palette">         in the header: the saved colour scheme
 *   <script src="…" data-handbook-run="content">         after the page content: tab anchors
 *   <script src="…" data-handbook-run="announce">        in the banner: a dismissed banner
 *
 * The theme's bundle calls the helpers by name (__md_get, __md_set, __md_hash, __md_scope), so
 * they must be globals with the same arguments. Every run defines them if they are missing,
 * and none redefines them: instant navigation runs the "content" copy again on each new page,
 * and the scope must stay the one the first page set.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const settings = (script && script.dataset) || {};

  // ---------------------------------------------------------------------------------------
  // Storage helpers. Keys are prefixed with the site's path, so two handbooks on one host
  // keep separate settings. Storage that the browser refuses (private modes, blocked site
  // data) reads as empty and ignores writes, instead of stopping the theme.
  // ---------------------------------------------------------------------------------------
  if (typeof window.__md_get !== "function") {
    window.__md_scope = new URL(settings.mdScope || ".", location);

    window.__md_hash = function (text) {
      let value = 0;
      for (const character of String(text)) value = (value << 5) - value + character.charCodeAt(0);
      return value;
    };

    window.__md_get = function (key, storage, scope) {
      try {
        const store = storage || localStorage;
        const raw = store.getItem(`${(scope || window.__md_scope).pathname}.${key}`);
        return JSON.parse(raw);
      } catch (error) {
        return null;
      }
    };

    // The colour scheme is kept only once the reader has chosen one with the toggle. The theme
    // also saves its palette as each page loads, which would keep something without their choice.
    let paletteChosen = false;
    document.addEventListener("change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.name === "__palette") paletteChosen = true;
    }, true);

    window.__md_set = function (key, value, storage, scope) {
      if (key === "__palette" && !paletteChosen) return;
      try {
        const store = storage || localStorage;
        store.setItem(`${(scope || window.__md_scope).pathname}.${key}`, JSON.stringify(value));
      } catch (error) {
        // Full or refused storage: the setting lasts for this page only.
      }
    };

    // Instant navigation copies the next page's <head> tags into this one. It parses that page
    // with scripting off, so the <noscript> there holds a live <link> to noscript.css, which,
    // once copied in, would apply here and hide every tool. Such copies go as they arrive (the
    // observer runs before the page is next drawn). A <noscript> the browser parsed itself,
    // with scripting on, holds only text and is left alone.
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          if (node.nodeName === "NOSCRIPT" && node.firstElementChild) node.remove();
        }
      }
    }).observe(document.head, { childList: true });
  }

  // ---------------------------------------------------------------------------------------
  // Colour scheme: if the reader chose one with the palette toggle, put it back before the
  // page is drawn, so it does not flash the default first. Runs inside the header, after
  // the palette's radio buttons and with <body> already open.
  // ---------------------------------------------------------------------------------------
  function restorePalette() {
    const saved = window.__md_get("__palette");
    if (!saved || !saved.color) return;
    const color = saved.color;
    if (color.media === "(prefers-color-scheme)") {
      // "Follow the system": use whichever of the light or dark options matches it now.
      const side = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
      const option = document.querySelector(`[data-md-color-media='(prefers-color-scheme: ${side})']`);
      if (option) {
        for (const part of ["media", "scheme", "primary", "accent"]) {
          color[part] = option.getAttribute(`data-md-color-${part}`);
        }
      }
    }
    for (const [part, value] of Object.entries(color)) {
      document.body.setAttribute(`data-md-color-${part}`, value);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Content tabs: with the theme's "content.tabs.link" feature, open the tab the reader last
  // chose in each set; and if the address names a tab (#__tabbed_1_2), open that one.
  // ---------------------------------------------------------------------------------------
  function restoreTabs() {
    if (settings.tabsLink === "true") {
      const chosen = window.__md_get("__tabs");
      if (Array.isArray(chosen)) {
        for (const set of document.querySelectorAll(".tabbed-set")) openFirstMatch(set, chosen);
      }
    }
    const target = document.getElementById(location.hash.slice(1));
    // Only the theme's tab inputs are touched; any other element the address names is left be.
    if (target && typeof target.name === "string" && target.name.startsWith("__tabbed_")) {
      target.checked = true;
    }
  }

  function openFirstMatch(set, chosen) {
    const labels = set.querySelector(".tabbed-labels");
    if (!labels) return;
    for (const title of chosen) {
      for (const label of labels.getElementsByTagName("label")) {
        if (label.innerText.trim() !== title) continue;
        const input = document.getElementById(label.htmlFor);
        if (input) input.checked = true;
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Announcement banner: keep it hidden if the reader dismissed this same text before.
  // ---------------------------------------------------------------------------------------
  function restoreAnnouncement() {
    const banner = document.querySelector("[data-md-component=announce]");
    const text = banner && banner.querySelector(".md-typeset");
    if (text && window.__md_hash(text.innerHTML) === window.__md_get("__announce")) banner.hidden = true;
  }

  const jobs = { palette: restorePalette, content: restoreTabs, announce: restoreAnnouncement };
  // ---------------------------------------------------------------------------------------
  // Continue pressed on a tool before lp-tools.js has taken it over (seconds, on a slow phone
  // connection): the build's plain form would reload the page with the answer in its address,
  // and so in the server's log. The press is held here, from the head, and the tool acts on it
  // when it takes over.
  // ---------------------------------------------------------------------------------------
  if (!window.__lpHoldsEarlyContinue) {
    window.__lpHoldsEarlyContinue = true;
    document.addEventListener("submit", (event) => {
      const tool = event.target instanceof Element ? event.target.closest(".lp-tool") : null;
      if (!tool || tool.classList.contains("lp-tool--live")) return;
      event.preventDefault();
      tool.dataset.earlyContinue = "true";
      const status = tool.querySelector(".lp-tool__status");
      if (status) status.textContent = "The tool is still loading. It will carry on from your answer when it is ready.";
    }, true);
  }

  const job = jobs[settings.handbookRun];
  if (job) job();
})();
