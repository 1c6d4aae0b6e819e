/* Collapse long runs of unchanged paragraphs in a full-text redline; a button shows them again. */
(function () {
  "use strict";
  var MIN_RUN = 4;   // runs shorter than this stay visible
  var KEEP = 1;      // unchanged paragraphs kept visible at each edge of a run, for context
  document.querySelectorAll(".fulltext").forEach(function (container) {
    if (container.querySelector(".block:not(.status-same)") === null) { return; }  // nothing changed: keep all
    var blocks = Array.prototype.slice.call(container.querySelectorAll(".block"));
    var run = [];
    function flush() {
      if (run.length >= MIN_RUN) {
        var hidden = run.slice(KEEP, run.length - KEEP);
        hidden.forEach(function (b) { b.hidden = true; });
        var button = document.createElement("button");
        button.type = "button";
        button.className = "collapsed-run";
        button.textContent = "Show " + hidden.length + " unchanged paragraph" + (hidden.length === 1 ? "" : "s");
        button.setAttribute("aria-expanded", "false");
        button.addEventListener("click", function () {
          hidden.forEach(function (b) { b.hidden = false; });
          button.remove();
          hidden[0].setAttribute("tabindex", "-1");
          hidden[0].focus();
        });
        hidden[0].parentNode.insertBefore(button, hidden[0]);
      }
      run = [];
    }
    blocks.forEach(function (b) {
      if (b.classList.contains("status-same")) { run.push(b); } else { flush(); }
    });
    flush();
  });
  // A permalink to a hidden paragraph opens its run.
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.hidden) {
      var prev = target.previousElementSibling;
      while (prev && !prev.classList.contains("collapsed-run")) { prev = prev.previousElementSibling; }
      if (prev) { prev.click(); }
      target.scrollIntoView();
    }
  }
})();
