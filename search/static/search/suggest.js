// Suggestions as you type in any search box with a data-suggest URL: the ARIA combobox pattern
// (a listbox the arrow keys move through, aria-activedescendant, Escape to close, Enter to open one).
// Progressive enhancement: without this script the boxes are plain search forms.
(function () {
  "use strict";
  var DELAY = 150;

  function enhance(input, index) {
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;

    list.id = "search-suggestions-" + index;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.parentNode.classList.add("has-suggestions");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    function show(suggestions) {
      items = suggestions;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.replaceChildren.apply(list, suggestions.map(function (item, position) {
        var option = document.createElement("li");
        var kind = document.createElement("span");
        option.id = list.id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.title + " ";
        kind.className = "search-suggestions__type";
        kind.textContent = item.type;
        option.appendChild(kind);
        return option;
      }));
      var open = suggestions.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      status.textContent = open ? suggestions.length + (suggestions.length === 1 ? " suggestion" : " suggestions") + ", arrow keys to choose" : "";
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(position) {
      var options = list.children;
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = position;
      if (active < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[active].setAttribute("aria-selected", "true");
      options[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        show([]);
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
          .then(function (data) { show(data.suggestions); })
          .catch(function () { /* a failed suggestion never blocks searching */ });
      }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        if (!open) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        // The positions go round: the suggestions, then what was typed (-1), then the first again.
        var states = items.length + 1;
        choose(((active + 1 + step + states) % states) - 1);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].url);
      }
    });

    // mousedown, not click: the box keeps its focus until the page changes.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      event.preventDefault();
      if (option) window.location.assign(items[Array.prototype.indexOf.call(list.children, option)].url);
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
