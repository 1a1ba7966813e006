// Progressive enhancement for generated pages. Without JavaScript every page still works.
(function () {
  "use strict";

  // Sortable index tables: each heading becomes a button; a click sorts by that column.
  // A badge sorts by its value's place in the scale (safe before risky), not by its words;
  // the column name shown before each cell on phones is not part of the value.
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var ranked = cell.querySelector("[data-rank]");
    if (ranked) return Number(ranked.getAttribute("data-rank"));
    var label = cell.querySelector(".kb-cell-label");
    var text = cell.textContent.replace(label ? label.textContent : "", "").trim();
    var number = Number(text);
    return text !== "" && !isNaN(number) ? number : text.toLowerCase();
  }

  function sortBy(table, index, button) {
    var body = table.tBodies[0];
    var th = button.parentElement;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhanceTables(root) {
    root.querySelectorAll("table.kb-sortable, .kb-sortable table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length || table.dataset.kbSortable) return;
      table.dataset.kbSortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kb-sort";
        button.textContent = th.textContent;
        button.title = "Sort by " + th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, button); });
      });
    });
  }

  // Decision trees: one step at a time, with the path taken, Back and Start again.
  // The URL hash names the current step, so a step can be shared and browser Back works.
  // Filters: a select per filter the box carries (script.kb-filters), narrowing the entries
  // by the values each carries (span.kb-row, inside its table row, list item or kb-item);
  // a group or map row left with none is hidden too. The choice lives in the address, so a
  // view can be shared, reloaded and opened from the offline edition.
  function setUpFilters(box) {
    var data = box.querySelector("script.kb-filters");
    if (!data || box.dataset.kbFilters) return;
    box.dataset.kbFilters = "1";
    var filters = JSON.parse(data.textContent), params = new URLSearchParams(location.search);
    var rows = Array.prototype.map.call(box.querySelectorAll(".kb-row"), function (mark) {
      return {row: mark.closest(".kb-item, li, tr"), values: JSON.parse(mark.getAttribute("data-kb-row")),
              name: mark.parentNode.querySelector("a") ? mark.parentNode.querySelector("a").getAttribute("href") : ""};
    });
    var total = new Set(rows.map(function (entry) { return entry.name; })).size;  // a case on the map and in its group is one
    var bar = element("div", {"class": "kb-filter-bar", role: "group", "aria-label": "Filter the entries"});
    var shown = element("p", {"class": "kb-filter-count", "aria-live": "polite"});
    var selects = filters.map(function (filter) {
      var select = element("select", {"data-key": filter.key});
      select.appendChild(new Option("All", ""));
      filter.options.forEach(function (option) { select.appendChild(new Option(option[1], option[0])); });
      select.value = params.get(filter.key) || "";
      if (select.value !== (params.get(filter.key) || "")) select.value = "";  // a value this table lacks
      var label = element("label", {}, filter.label + " ");
      label.appendChild(select);
      bar.appendChild(label);
      select.addEventListener("change", function () { apply(true); });
      return select;
    });
    function apply(remember) {
      var visible = new Set();
      rows.forEach(function (entry) {
        var keep = selects.every(function (select) {
          return !select.value || (entry.values[select.dataset.key] || []).indexOf(select.value) >= 0;
        });
        entry.row.hidden = !keep;
        if (keep) visible.add(entry.name);
      });
      box.querySelectorAll(".kb-group, .kb-map-row").forEach(function (group) {
        var held = group.querySelectorAll(".kb-row").length;
        group.hidden = held > 0 && !group.querySelector(":is(.kb-item, li, tr):not([hidden]) > .kb-row");
      });
      shown.textContent = "Showing " + visible.size + " of " + total + ".";
      if (!remember) return;
      var query = new URLSearchParams(location.search);
      selects.forEach(function (select) {
        if (select.value) query.set(select.dataset.key, select.value); else query.delete(select.dataset.key);
      });
      var search = query.toString();
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }
    bar.appendChild(shown);
    box.insertBefore(bar, box.firstChild);
    apply(false);
  }

  function element(tag, props, text) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) { node.setAttribute(key, props[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function setUpTree(tree) {
    if (tree.dataset.kbReady) return;
    tree.dataset.kbReady = "1";
    var steps = Array.prototype.slice.call(tree.querySelectorAll(".kb-step"));
    var byId = {};
    steps.forEach(function (step) { byId[step.id] = step; });
    var start = tree.dataset.start;
    var path = [];  // answers taken so far: {from: step id, label: answer text}

    var bar = element("div", {"class": "kb-stepper", role: "group", "aria-label": "Step through this tree"});
    var back = element("button", {type: "button", "class": "kb-back"}, "Back");
    var restart = element("button", {type: "button", "class": "kb-restart"}, "Start again");
    var toggle = element("button", {type: "button", "class": "kb-show-all", "aria-pressed": "false"}, "Show all steps");
    var status = element("p", {"class": "kb-status", "aria-live": "polite"});
    var trail = element("ol", {"class": "kb-path", "aria-label": "Your answers so far"});
    [back, restart, toggle, status, trail].forEach(function (node) { bar.appendChild(node); });
    tree.parentNode.insertBefore(bar, tree);
    tree.classList.add("kb-stepping");
    // While stepping, the URL already names the step; the headings' permalinks would only
    // add a tab stop between the question and its answers.
    tree.querySelectorAll(".kb-step .headerlink").forEach(function (link) { link.setAttribute("tabindex", "-1"); });

    function currentId() {
      var id = decodeURIComponent(location.hash.slice(1));
      return byId[id] ? id : start;
    }

    function heading(step) { return step.querySelector("h2"); }

    function show(id, focus) {
      var stepping = tree.classList.contains("kb-stepping");
      steps.forEach(function (step) {
        step.hidden = stepping && step.id !== id;
        step.style.scrollMarginTop = "";
      });
      trail.textContent = "";
      path.forEach(function (taken) {
        var item = element("li");
        item.appendChild(element("span", {"class": "kb-path-question"}, heading(byId[taken.from]).textContent.replace(/\s*¶$/, "")));
        item.appendChild(document.createTextNode(" → "));
        item.appendChild(element("strong", {}, taken.label));
        trail.appendChild(item);
      });
      back.disabled = path.length === 0;
      var title = heading(byId[id]);
      status.textContent = "Now at " + title.textContent.replace(/\s*¶$/, "");
      if (focus && stepping) {
        title.setAttribute("tabindex", "-1");
        title.focus({preventScroll: true});
        // Bring the stepper and the question to the top, below the theme's fixed header, so
        // the answers are on screen (on a phone they were below the fold from step 2). As the
        // step's scroll margin: Zensical's theme scrolls the hash's target into view itself,
        // a frame after this, and then comes to the same place.
        var step = byId[id], header = document.querySelector(".md-header");
        var above = step.getBoundingClientRect().top - bar.getBoundingClientRect().top;
        step.style.scrollMarginTop = above + (header ? header.offsetHeight : 0) + 8 + "px";
        step.scrollIntoView();
      }
    }

    tree.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link || !tree.contains(link)) return;
      var target = decodeURIComponent(link.getAttribute("href").slice(1));
      if (!byId[target]) return;
      var from = link.closest(".kb-step");
      if (target === start) path = [];
      else if (from) path.push({from: from.id, label: link.textContent.trim()});
      if (target === currentId()) show(target, true);  // no hashchange will follow
    });

    window.addEventListener("hashchange", function () {
      var id = currentId();
      for (var i = 0; i < path.length; i++) {
        if (path[i].from === id) { path = path.slice(0, i); break; }  // went back to an earlier step
      }
      show(id, true);
    });

    back.addEventListener("click", function () {
      // The answers taken are the page's history: going back is the browser's Back, so the
      // two never disagree (the hashchange that follows trims the path).
      if (path.length) history.back();
    });

    restart.addEventListener("click", function () {
      path = [];
      if (currentId() === start) show(start, true);
      else location.hash = start;
    });

    toggle.addEventListener("click", function () {
      var all = tree.classList.toggle("kb-stepping") === false;
      toggle.setAttribute("aria-pressed", String(all));
      toggle.textContent = all ? "Step through" : "Show all steps";
      show(currentId(), false);
    });

    show(currentId(), false);
  }

  // Material's search dialog has role="dialog" but no name; screen readers announce it
  // as an unnamed dialog. Name it after its own input's label.
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    var input = document.querySelector(".md-search__input");
    if (dialog) dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }

  // A tree's overview keeps its size and scrolls sideways when wider than the column: open
  // it on the first question (the layout centres it), and say that it scrolls.
  function openOverview(figure) {
    var first = figure.querySelector(".kb-node-question");
    if (!first || figure.scrollWidth <= figure.clientWidth + 1) return;
    figure.setAttribute("data-scrolls", "");
    var box = first.getBoundingClientRect(), frame = figure.getBoundingClientRect();
    figure.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
  }

  // A table wider than the column scrolls in its own box (Material's scroll wrapper): let the
  // keyboard reach it, so it can be scrolled without a mouse (axe: scrollable-region-focusable).
  function focusScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }

  function enhance() {
    nameSearchDialog();
    focusScrollers();
    document.querySelectorAll(".kb-overview").forEach(openOverview);
    enhanceTables(document);
    document.querySelectorAll(".kb-sortable, .kb-filterable").forEach(setUpFilters);
    document.querySelectorAll(".kb-tree[data-start]").forEach(setUpTree);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);  // Material's page-load stream (also after instant loads)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
