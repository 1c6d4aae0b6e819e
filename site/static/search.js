/* Client-side full-text search over every revision.
 * The index is a set of plain script files (search/manifest.js and one shard per document),
 * loaded with <script> tags so it works on any static host and from file:// alike. */
(function () {
  "use strict";
  var manifest = window.TRACKER_SEARCH || { shards: [] };
  var docs = [];
  window.trackerSearchAdd = function (doc) { docs.push(doc); };

  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var loaded = null;
  var MAX_RESULTS = 100;

  function fold(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  // Whole words: a term of letters or digits matches only where no letter or digit touches it
  // ("AI" is not found inside "aims"). Japanese and Chinese are written without spaces, so
  // their characters never count as part of a word: a term holding them is matched as its
  // run of characters (every character n-gram of it, in order), and "AI" is found in "AI人材".
  var CJK = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc";
  var WORD = "(?:(?![" + CJK + "])[\\p{L}\\p{N}\\p{M}])";
  var HAS_CJK = new RegExp("[" + CJK + "]", "u");

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function matcher(term) {
    var body = escapeRegExp(term);
    if (HAS_CJK.test(term)) { return new RegExp(body, "gu"); }
    return new RegExp("(?<!" + WORD + ")" + body + "(?!" + WORD + ")", "gu");
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t.length > 0; }).map(matcher);
  }

  function loadAll() {
    if (loaded) { return loaded; }
    loaded = new Promise(function (resolve) {
      var pending = manifest.shards.length;
      if (pending === 0) { resolve(); return; }
      manifest.shards.forEach(function (src) {
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onload = s.onerror = function () { pending -= 1; if (pending === 0) { resolve(); } };
        document.head.appendChild(s);
      });
    });
    return loaded;
  }

  function highlight(parent, text, matchers) {
    var folded = fold(text);
    var marks = [];
    matchers.forEach(function (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(folded)) !== null) {
        if (m[0].length === 0) { re.lastIndex += 1; continue; }
        marks.push([m.index, m.index + m[0].length]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      parent.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      parent.appendChild(mark);
      pos = m[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function search(query) {
    var matchers = terms(query);
    var hits = [];
    if (matchers.length === 0) { return hits; }
    docs.forEach(function (doc) {
      doc.lines.forEach(function (line) {
        var folded = line[3] || (line[3] = fold(line[0]));  // [text, revisions, anchor, folded text]
        for (var i = 0; i < matchers.length; i++) {
          matchers[i].lastIndex = 0;
          if (!matchers[i].test(folded)) { return; }
        }
        hits.push({ doc: doc, text: line[0], revs: line[1], anchor: line[2] });
      });
    });
    hits.sort(function (a, b) {
      var la = a.doc.revisions[a.revs[a.revs.length - 1]][0], lb = b.doc.revisions[b.revs[b.revs.length - 1]][0];
      if (la !== lb) { return la < lb ? 1 : -1; }
      return a.doc.id < b.doc.id ? -1 : (a.doc.id > b.doc.id ? 1 : 0);
    });
    return hits;
  }

  function show(query) {
    list.textContent = "";
    var hits = search(query);
    var matchers = terms(query);
    status.textContent = hits.length === 0 ? "No results for \u201c" + query + "\u201d."
      : hits.length + " result" + (hits.length === 1 ? "" : "s") + " for \u201c" + query + "\u201d" + (hits.length > MAX_RESULTS ? " (first " + MAX_RESULTS + " shown)." : ".");
    hits.slice(0, MAX_RESULTS).forEach(function (hit) {
      var latest = hit.doc.revisions[hit.revs[hit.revs.length - 1]];
      var li = document.createElement("li");
      li.className = "search-hit";
      var a = document.createElement("a");
      a.href = latest[2] + (hit.anchor ? "#" + hit.anchor : "");  // the line's place on that page
      a.lang = hit.doc.lang;
      a.dir = "auto";  // document text is isolated: an override in it stays inside the link
      highlight(a, hit.text, matchers);
      li.appendChild(a);
      var meta = document.createElement("div");
      meta.className = "hit-meta";
      var title = document.createElement("span");
      title.lang = hit.doc.lang;
      title.dir = "auto";
      title.textContent = hit.doc.title;
      meta.appendChild(title);
      var dates = hit.revs.map(function (i) { return hit.doc.revisions[i][0]; });
      meta.appendChild(document.createTextNode(" \u00b7 in " + hit.revs.length + " of " + hit.doc.revisions.length +
        " revisions (" + dates[0] + (dates.length > 1 ? " to " + dates[dates.length - 1] : "") + ")" +
        (hit.doc.illustrative ? " \u00b7 illustrative" : "")));
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  function run(query) {
    if (!query) { status.textContent = ""; list.textContent = ""; return; }
    status.textContent = "Searching\u2026";
    loadAll().then(function () { show(query); });
  }

  if (form && input) {
    var params = new URLSearchParams(window.location.search);
    var initial = params.get("q") || "";
    input.value = initial;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = input.value.trim();
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* file:// may refuse */ }
      run(q);
    });
    if (initial) { run(initial.trim()); }
  }
})();
