// Suggestions as you type in any search box with a data-suggest URL.
// Progressive enhancement: without this script the boxes still search.
(function () {
  "use strict";
  var DELAY = 150;

  function enhance(input, index) {
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + index;
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    var timer = null;
    var controller = null;

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        list.replaceChildren();
        return;
      }
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        fetch(input.dataset.suggest + "?query=" + encodeURIComponent(query), {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              option.label = item.type;
              return option;
            }));
          })
          .catch(function () { /* a failed suggestion never blocks searching */ });
      }, DELAY);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
