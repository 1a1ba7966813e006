// The assessment page (assess/): a reader's own workloads through the decision trees.
// Workloads live in this browser's localStorage only; the page makes no requests. Text from
// the data or a reader's file is only ever set with textContent; everything else the report
// shows is rendered and escaped by the generator into the page (.kb-assess-library).
(function () {
  "use strict";
  var root = document.getElementById("kb-assess");
  var source = document.getElementById("kb-assess-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var pieces = {outcome: {}, signal: {}, verdict: []};
  document.querySelectorAll(".kb-assess-library [data-outcome]").forEach(function (el) { pieces.outcome[el.dataset.outcome] = el; });
  document.querySelectorAll(".kb-assess-library [data-signal]").forEach(function (el) { pieces.signal[el.dataset.signal] = el; });
  document.querySelectorAll(".kb-assess-library [data-verdict]").forEach(function (el) { pieces.verdict.push(el); });  // the scale's order
  var own = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };
  var $ = function (selector, within) { return (within || root).querySelector(selector); };

  // A path, read off the steps the generator resolved for every question (render/assess.py
  // `walk_data`, by the walk `kb assess` uses): the step of the answer written, or the one
  // for none written (null where the path stops). The stepper passes `asked`, the questions
  // answered in this round, and the path halts at the first question not among them.
  function walk(tree, answers, asked) {
    var steps = [], at = tree.start, taken;
    while (own(tree.questions, at) && steps.length < Object.keys(tree.questions).length) {
      if (asked && asked.indexOf(at) < 0) break;
      taken = own(answers, at) ? stepFor(tree.questions[at], answers[at]) : tree.questions[at].unwritten;
      if (!taken) break;
      steps.push({node: at, label: taken.label, signal: taken.signal || null});
      at = taken.to;
    }
    return {steps: steps, at: at, outcome: own(tree.outcomes, at) ? at : null, stoppedAt: own(tree.questions, at) ? at : null};
  }

  function stepFor(node, label) {
    return node.answers.filter(function (a) { return a.label === label; })[0];
  }

  // The report's signals: the three lists `Report.signals` joins, as the generator made them.
  function signalsFor(tree, result, workload) {
    var ids = result.outcome ? tree.outcomes[result.outcome].signals.slice() : [];
    result.steps.forEach(function (step) { ids.push(tree.questions[step.node].signal); });
    (workload.vendors || []).forEach(function (v) { ids = ids.concat(data.vendors[v].signals); });
    return ids.filter(function (id, i) { return id && ids.indexOf(id) === i; });
  }

  // Storage: the same shape as the exported file and `kb assess`'s input.
  var workloads = [], message = $(".kb-assess-message");
  function say(text) { message.textContent = text; }
  function save() {
    try { localStorage.setItem(data.storage, JSON.stringify({workloads: workloads})); }
    catch (e) { say("This browser does not let the page keep your workloads; export them to keep a copy."); }
  }
  function load() {
    try {
      var kept = JSON.parse(localStorage.getItem(data.storage) || "null");
      if (kept) { var found = check(kept); workloads = found.ok; if (found.errors.length) say(found.errors.join(" ")); }
    } catch (e) { say("The workloads this browser kept could not be read; they were left as they are."); }
  }

  // A file (or what was kept) checked the way `kb assess` checks it; unfinished paths are
  // kept here so they can be finished.
  function check(parsed) {
    var ok = [], errors = [];
    if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.workloads)) {
      return {ok: ok, errors: ["Expected a file with a list under 'workloads', as this page exports."]};
    }
    parsed.workloads.forEach(function (item, i) {
      var where = "Workload " + (i + 1) + ": ", before = errors.length;
      if (!item || typeof item !== "object") { errors.push(where + "expected a mapping."); return; }
      Object.keys(item).forEach(function (key) {
        if (["name", "sector", "vendors", "tree", "answers"].indexOf(key) < 0) errors.push(where + "unknown field '" + key + "'.");
      });
      if (typeof item.name !== "string" || !item.name.trim()) errors.push(where + "'name' must be some text.");
      var tree = typeof item.tree === "string" && own(data.trees, item.tree) ? data.trees[item.tree] : null;
      if (!tree) errors.push(where + "unknown decision tree '" + item.tree + "'; trees: " + Object.keys(data.trees).join(", ") + ".");
      if (item.sector !== undefined && !own(data.sectors, item.sector)) errors.push(where + "unknown sector '" + item.sector + "'.");
      if (item.vendors !== undefined && !(Array.isArray(item.vendors) && item.vendors.every(function (v) { return own(data.vendors, v); }))) {
        errors.push(where + "'vendors' must list vendor ids of this knowledge base.");
      }
      var answers = item.answers === undefined ? {} : item.answers;
      if (!answers || typeof answers !== "object" || Array.isArray(answers)) errors.push(where + "'answers' must map question ids to answers.");
      else if (tree) {
        Object.keys(answers).forEach(function (id) {
          var node = own(tree.questions, id) ? tree.questions[id] : null;
          if (!node) errors.push(where + "the tree has no question '" + id + "'.");
          else if (!node.answers.some(function (a) { return a.label === answers[id]; })) {
            errors.push(where + "'" + id + "' expects one of: " + node.answers.map(function (a) { return a.label; }).join(" / ") + ".");
          }
        });
      }
      if (errors.length === before) ok.push(tidy(item));
    });
    return {ok: ok, errors: errors};
  }

  function tidy(item) {  // the file's shape, its keys in order, nothing empty
    var out = {name: item.name.trim()};
    if (item.sector) out.sector = item.sector;
    if (item.vendors && item.vendors.length) out.vendors = item.vendors.slice();
    out.tree = item.tree;
    out.answers = Object.assign({}, item.answers || {});
    return out;
  }

  // The report: a summary line, a table and the map over all workloads, then one card each.
  var list = $(".kb-assess-list"), card = document.getElementById("kb-assess-card");
  var overview = $(".kb-assess-overview"), row = document.getElementById("kb-assess-row");
  var map = document.getElementById("kb-assess-map"), places = map ? map.querySelectorAll(".kb-assess-place") : [];
  if (map) overview.appendChild(map);
  function render() {
    var results = workloads.map(function (w) { return walk(data.trees[w.tree], w.answers); });
    list.textContent = "";
    $(".kb-assess-empty").hidden = workloads.length > 0;
    overview.hidden = !workloads.length;
    summarise(results);
    workloads.forEach(function (w, index) { list.appendChild(cardFor(w, index, results[index])); });
  }

  function verdictOf(w, result) { return result.outcome ? data.trees[w.tree].outcomes[result.outcome].verdict : ""; }
  function badge(verdict) {
    var piece = pieces.verdict.filter(function (el) { return el.dataset.verdict === verdict; })[0];
    return piece ? piece.firstElementChild.cloneNode(true) : document.createTextNode(verdict);
  }
  function placesOf(w, result) {  // the map's places the outcome's use cases hold, as the generator listed them
    if (!result.outcome) return [];
    return data.trees[w.tree].outcomes[result.outcome].places.map(function (at) {
      return Array.prototype.filter.call(places, function (el) { return el.dataset.row === at[0] && el.dataset.column === at[1]; })[0];
    }).filter(Boolean);
  }

  // "3 workloads: 2 Safe bet, 1 Risky": counts by verdict in the scale's order, each its badge.
  function summarise(results) {
    var line = $(".kb-assess-summary"), rows = $(".kb-assess-table tbody"), parts = [];
    line.textContent = workloads.length + (workloads.length === 1 ? " workload: " : " workloads: ");
    pieces.verdict.forEach(function (piece) {
      var count = workloads.filter(function (w, i) { return verdictOf(w, results[i]) === piece.dataset.verdict; }).length;
      if (count) parts.push([count + " ", badge(piece.dataset.verdict)]);
    });
    var open = results.filter(function (r) { return !r.outcome; }).length;
    if (open) parts.push([open + " not finished"]);
    parts.forEach(function (part, i) {
      if (i) line.appendChild(document.createTextNode(", "));
      part.forEach(function (bit) { line.appendChild(typeof bit === "string" ? document.createTextNode(bit) : bit); });
    });
    line.appendChild(document.createTextNode("."));
    rows.textContent = "";
    Array.prototype.forEach.call(places, function (place) {
      $(".kb-assess-here", place).textContent = "";
      $(".kb-assess-yours", place).hidden = true;
      delete place.dataset.yours;
    });
    workloads.forEach(function (w, index) {
      var tr = row.content.firstElementChild.cloneNode(true), name = $(".kb-assess-row-name", tr), where = $(".kb-assess-row-where", tr);
      var verdict = verdictOf(w, results[index]), at = placesOf(w, results[index]);
      name.textContent = w.name;
      name.href = "#kb-assess-workload-" + (index + 1);
      $(".kb-assess-row-verdict", tr).appendChild(verdict ? badge(verdict) : document.createTextNode("Not finished"));
      at.forEach(function (place, i) {
        if (where) {
          if (i) where.appendChild(document.createTextNode("; "));
          copyInto(where, $(".kb-assess-place-name", place));
        }
        var item = document.createElement("li");
        item.appendChild(badge(verdict));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(name.cloneNode(true));
        $(".kb-assess-here", place).appendChild(item);
        $(".kb-assess-yours", place).hidden = false;
        place.dataset.yours = "";
      });
      if (where && !at.length) where.textContent = "—";
      rows.appendChild(tr);
    });
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = value;
    return el;
  }

  function copyInto(target, piece) {
    Array.prototype.forEach.call(piece.childNodes, function (child) { target.appendChild(child.cloneNode(true)); });
  }

  function cardFor(w, index, result) {
    var el = card.content.firstElementChild.cloneNode(true), tree = data.trees[w.tree];
    el.dataset.index = index;
    el.dataset.tree = w.tree;
    el.dataset.outcome = result.outcome || "";
    el.dataset.verdict = result.outcome ? tree.outcomes[result.outcome].verdict : "";
    $(".kb-assess-name", el).textContent = w.name;
    $(".kb-assess-name", el).id = "kb-assess-workload-" + (index + 1);
    var meta = ["Tree: " + tree.name];
    if (w.sector) meta.push("Sector: " + data.sectors[w.sector]);
    if (w.vendors) meta.push("Vendors: " + w.vendors.map(function (v) { return data.vendors[v].name; }).join(", "));
    $(".kb-assess-meta", el).textContent = meta.join(" · ");
    if (result.outcome) copyInto($(".kb-assess-outcome", el), pieces.outcome[w.tree + " " + result.outcome]);
    var stopped = $(".kb-assess-stopped", el);
    stopped.hidden = !result.stoppedAt;
    if (result.stoppedAt) stopped.textContent = "Not finished: the next question is “" + tree.questions[result.stoppedAt].question + "”";
    result.steps.forEach(function (step) {
      var item = text("li", tree.questions[step.node].question + " ");
      item.appendChild(text("strong", step.label));
      if (step.signal) item.appendChild(document.createTextNode(" (the signal’s status today)"));
      $(".kb-assess-path", el).appendChild(item);
    });
    var ids = signalsFor(tree, result, w);
    $(".kb-assess-signals-title", el).hidden = !ids.length;
    ids.forEach(function (id) {
      var item = document.createElement("li");
      copyInto(item, pieces.signal[id].firstElementChild);
      $(".kb-assess-signals", el).appendChild(item);
    });
    $("[data-act=edit]", el).textContent = result.outcome ? "Change answers" : "Continue";
    return el;
  }

  // Stepping through a tree for one workload: the questions on its path, one at a time.
  var stepper = document.getElementById("kb-assess-stepper"), step = null;
  function current() {  // the first question on the path not yet answered in this round
    var tree = data.trees[workloads[step.index].tree], taken = walk(tree, step.answers, step.done);
    return {at: taken.at, path: taken.steps, tree: tree};
  }

  function edit(index) {
    step = {index: index, answers: Object.assign({}, workloads[index].answers), done: []};
    stepper.hidden = false;
    $("#kb-assess-step-title").textContent = "Answering for " + workloads[index].name;
    show($("#kb-assess-step-title"));
  }

  // Each question opens at the top of the window (below the theme's header: the stepper's
  // scroll-margin-top), so its answers follow in view, on a phone too; the focus moves
  // with it, as the buttons it was on are gone.
  function show(focus) {
    var now = current();
    if (own(now.tree.outcomes, now.at)) return finish();
    var node = now.tree.questions[now.at], trail = $(".kb-path", stepper), buttons = $(".kb-assess-answers", stepper);
    trail.textContent = "";
    now.path.forEach(function (taken) {
      var item = text("li", now.tree.questions[taken.node].question + " → ");
      item.appendChild(text("strong", taken.label));
      trail.appendChild(item);
    });
    $(".kb-assess-question", stepper).textContent = node.question;
    $(".kb-assess-help", stepper).textContent = node.help || "";
    var today = node.unwritten, signal = today && data.signals[today.signal];
    $(".kb-assess-today", stepper).textContent = today ? "As of this edition: “" + today.label + "”, because the signal “" +
      signal.name + "” is " + signal.status_label.toLowerCase() + "." : "";
    buttons.textContent = "";
    node.answers.forEach(function (a) {
      var b = text("button", a.label, "md-button");
      b.type = "button";
      b.setAttribute("aria-pressed", String(step.answers[now.at] === a.label));
      b.addEventListener("click", function () { step.answers[now.at] = a.label; step.done.push(now.at); show(); });
      buttons.appendChild(b);
    });
    if (today) {
      var follow = text("button", "Leave it to the signal (today: " + today.label + ")", "md-button");
      follow.type = "button";
      follow.setAttribute("aria-pressed", String(!own(step.answers, now.at)));
      follow.addEventListener("click", function () { delete step.answers[now.at]; step.done.push(now.at); show(); });
      buttons.appendChild(follow);
    }
    $(".kb-assess-back", stepper).disabled = step.done.length === 0;
    stepper.scrollIntoView({block: "start", behavior: "instant"});
    (focus || $(".kb-assess-question", stepper)).focus({preventScroll: true});
  }

  function finish() {  // keep only the answers on the path taken, as `kb assess` expects
    var w = workloads[step.index], taken = walk(data.trees[w.tree], step.answers), kept = {};
    taken.steps.forEach(function (s) { if (!s.signal) kept[s.node] = s.label; });
    if (taken.stoppedAt) Object.assign(kept, step.answers);
    w.answers = kept;
    var index = step.index;
    step = null;
    stepper.hidden = true;
    save();
    render();
    var name = list.children[index] && $(".kb-assess-name", list.children[index]);
    if (name) name.focus();
  }

  $(".kb-assess-back", stepper).addEventListener("click", function () { step.done.pop(); show(); });
  $(".kb-assess-later", stepper).addEventListener("click", finish);

  $("#kb-assess-add").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, vendors = [];
    if (!form.elements.name.value.trim()) return say("Give the workload a name first.");
    form.querySelectorAll("input[name=vendors]:checked").forEach(function (box) { vendors.push(box.value); });
    workloads.push(tidy({name: form.elements.name.value, tree: form.elements.tree.value,
                         sector: form.elements.sector ? form.elements.sector.value : "", vendors: vendors}));
    form.reset();  // every field back to how the page opened: nothing carries over to the next workload
    save();
    render();
    edit(workloads.length - 1);
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-act]");
    if (!button) return;
    var index = Number(button.closest(".kb-assess-card").dataset.index);
    if (button.dataset.act === "edit") return edit(index);
    workloads.splice(index, 1);
    save();
    render();
    say("Removed.");
  });

  // Export, import, print and clear: files are made and read here, never sent.
  root.querySelectorAll("[data-export]").forEach(function (button) {
    button.addEventListener("click", function () {
      var yaml = button.dataset.export === "yaml", body = {workloads: workloads.map(tidy)};
      var content = yaml ? window.jsyaml.dump(body, {lineWidth: -1}) : JSON.stringify(body, null, 2) + "\n";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([content], {type: yaml ? "text/yaml" : "application/json"}));
      link.download = data.stem + "-workloads." + (yaml ? "yaml" : "json");
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
    });
  });

  $(".kb-assess-import input").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) return;
    file.text().then(function (content) {
      var parsed;
      try { parsed = /^\s*\{/.test(content) ? JSON.parse(content) : window.jsyaml.load(content); }
      catch (e) { return say("Nothing imported: " + file.name + " is not YAML or JSON (" + e.message + ")."); }
      var found = check(parsed);
      if (found.errors.length) return say("Nothing imported from " + file.name + ": " + found.errors.join(" "));
      workloads = workloads.concat(found.ok);
      save();
      render();
      say("Imported " + found.ok.length + " workload(s) from " + file.name + ".");
    }).finally(function () { event.target.value = ""; });
  });

  $(".kb-assess-print").addEventListener("click", function () { window.print(); });
  $(".kb-assess-clear").addEventListener("click", function () {
    if (!workloads.length || !window.confirm("Remove all " + workloads.length + " workload(s) from this browser? Export them first to keep a copy.")) return;
    workloads = [];
    try { localStorage.removeItem(data.storage); } catch (e) { /* nothing was kept */ }
    render();
    say("Cleared. Nothing of your workloads is left in this browser.");
  });

  var wanted = new URLSearchParams(location.search).get("tree");
  if (wanted && own(data.trees, wanted)) {  // the tree asked for is the form's own default, kept by reset()
    Array.prototype.forEach.call($("#kb-assess-tree").options, function (o) { o.defaultSelected = o.value === wanted; });
    $("#kb-assess-tree").value = wanted;
  }
  document.querySelector(".kb-assess-nojs").hidden = true;
  root.hidden = false;
  load();
  render();
})();
