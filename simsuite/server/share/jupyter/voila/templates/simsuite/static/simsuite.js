// ARIA for the widget helpers of simsuite.widgets.common, applied as widgets appear:
// - a feedback panel is a live region named "Feedback"; when it fills it scrolls into view and
//   takes focus, so Check never seems to do nothing;
// - a radio group gets role="radiogroup", named by its label;
// - sliders, dropdowns, text boxes and their readouts are named by their description, or by
//   the widget's tooltip when it has none;
// - a page left (closed, reloaded, navigated away) shuts its kernel down at once.
(function () {
  "use strict";
  var page = window.simsuitePage || {};
  var counter = 0;

  function labelOf(widget) {
    var label = widget.querySelector(":scope > .widget-label");
    if (label && label.textContent.trim()) {
      if (!label.id) { label.id = "simsuite-label-" + (++counter); }
      return label;
    }
    return null;
  }

  function nameFor(widget) {
    var label = labelOf(widget);
    if (label) { return { id: label.id, text: label.textContent.trim() }; }
    var title = widget.getAttribute("title");
    return title ? { id: null, text: title } : null;
  }

  function name(control, widget) {
    if (!control || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) {
      return;
    }
    var found = nameFor(widget);
    if (!found) { return; }
    if (found.id) { control.setAttribute("aria-labelledby", found.id); }
    else { control.setAttribute("aria-label", found.text); }
  }

  function radios(root) {
    root.querySelectorAll(".widget-radio").forEach(function (widget) {
      var box = widget.querySelector(".widget-radio-box");
      if (!box || box.getAttribute("role") === "radiogroup") { return; }
      box.setAttribute("role", "radiogroup");
      name(box, widget);
    });
  }

  function controls(root) {
    root.querySelectorAll(".widget-slider, .widget-hslider, .widget-vslider").forEach(function (w) {
      w.querySelectorAll(".noUi-handle, [role=slider], input[type=range]").forEach(function (c) { name(c, w); });
      var readout = w.querySelector(".widget-readout");
      if (readout) {
        if (!readout.getAttribute("role")) { readout.setAttribute("role", "textbox"); }
        name(readout, w);
      }
    });
    root.querySelectorAll(".widget-dropdown, .widget-select, .widget-text, .widget-textarea, .widget-inline-hbox").forEach(function (w) {
      w.querySelectorAll("select, input, textarea").forEach(function (c) {
        if (c.type === "checkbox" || c.type === "radio") { return; }
        if (c.labels && c.labels.length) { return; }
        name(c, w);
      });
    });
    root.querySelectorAll(".jupyter-button").forEach(function (b) {
      if (!b.textContent.trim() && !b.getAttribute("aria-label") && b.getAttribute("title")) {
        b.setAttribute("aria-label", b.getAttribute("title"));
      }
      b.querySelectorAll("i.fa").forEach(function (i) { i.setAttribute("aria-hidden", "true"); });
    });
  }

  function inView(el) {
    var r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  }

  function feedback(root) {
    root.querySelectorAll(".simsuite-feedback-panel").forEach(function (panel) {
      if (panel.dataset.simsuiteLive) { return; }
      panel.dataset.simsuiteLive = "1";
      panel.setAttribute("role", "region");
      panel.setAttribute("aria-live", "polite");
      panel.setAttribute("aria-label", page.feedback || panel.getAttribute("title") || "Feedback");
      panel.removeAttribute("title");
      panel.setAttribute("tabindex", "-1");
      var was = panel.textContent.trim();
      new MutationObserver(function () {
        var now = panel.textContent.trim();
        if (now && now !== was) {
          // Check was pressed: bring the answer to the learner and the learner to the answer
          var scroll = !inView(panel);
          panel.focus({ preventScroll: true });
          if (scroll) { panel.scrollIntoView({ block: "start", behavior: "auto" }); }
        }
        was = now;
      }).observe(panel, { childList: true, subtree: true, characterData: true });
    });
  }

  function apply(root) {
    radios(root);
    controls(root);
    feedback(root);
  }

  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; apply(document.body); });
  }).observe(document.body, { childList: true, subtree: true });
  apply(document.body);

  // A closed page frees its kernel at once instead of waiting for the idle culler.
  window.addEventListener("pagehide", function () {
    try {
      var config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
      if (config.kernelId && navigator.sendBeacon) {
        navigator.sendBeacon(config.baseUrl + "voila/api/shutdown/" + config.kernelId);
      }
    } catch (e) { /* no kernel on this page */ }
  });
})();
