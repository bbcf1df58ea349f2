// Pagefind's search box on the search page; the index it loads is the page language's own.
(function () {
  var box = document.getElementById("search-box");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search-box",
    // absolute: Pagefind imports its files relative to its own script, not to this page
    bundlePath: new URL(box.getAttribute("data-bundle"), location.href).pathname,
    showImages: false,
  });
  var params = new URLSearchParams(location.search);
  var input = box.querySelector("input");
  if (input) {
    var heading = document.querySelector("article h1[id]");
    if (heading) input.setAttribute("aria-labelledby", heading.id);  // a visible label, not only a title
    input.focus();
    if (params.get("q")) {
      input.value = params.get("q");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
})();
