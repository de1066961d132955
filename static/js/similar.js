// Puts the community's open reports of the chosen category first in the
// list above the report form, so the five the page shows are the likeliest
// to be the resident's problem. Without this script the server's order
// (newest first) stands and every button still works.
(function () {
  'use strict';
  var list = document.getElementById('similar-list');
  var category = document.getElementById('category');
  if (!list || !category) {
    return;
  }
  var items = Array.prototype.slice.call(list.children); // the server's order
  function reorder() {
    var chosen = category.value;
    var first = items.filter(function (li) { return li.dataset.category === chosen; });
    var rest = items.filter(function (li) { return li.dataset.category !== chosen; });
    first.concat(rest).forEach(function (li) { list.appendChild(li); });
  }
  category.addEventListener('change', reorder);
  reorder();
})();
