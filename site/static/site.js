/* Progressive enhancement only: every page reads fine without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
})();
