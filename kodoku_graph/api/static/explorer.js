// Colours the legend swatches from their data-color (the page's CSP allows no inline
// style attributes), then draws the page's network (data from #network-data) with the
// vendored vis-network.
// The network object is window.network. Clusters listed in the data start collapsed and
// open on click; clicking a node or an edge lists it (and what it shares) beside the
// canvas; double-clicking a node opens its page; the #links control shows more links;
// the view is framed again whenever the canvas changes size.
(function () {
  document.querySelectorAll(".swatch[data-color]").forEach(function (el) {
    el.style.background = el.getAttribute("data-color");
  });

  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof vis === "undefined") return;
  var data = JSON.parse(source.textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, data.options);
  var detail = document.getElementById("network-detail");

  (data.clusters || []).forEach(function (c) {
    var members = {};
    c.members.forEach(function (m) { members[m] = true; });
    network.cluster({
      joinCondition: function (n) { return members[n.id] === true; },
      clusterNodeProperties: {
        id: c.id, label: c.label, title: c.title, shape: "box", x: c.x, y: c.y,
        color: { background: c.color, border: "#334e68" },
        font: { color: "#ffffff", size: 16 }, margin: 8, allowSingleNodeCluster: true
      }
    });
  });

  if ((data.clusters || []).length) network.fit(); // frame what is shown, not the waiting members

  function el(tag, text, href) {
    var e = document.createElement(tag);
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      e.appendChild(a);
    } else if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function show(title, lines, groups) {
    if (!detail) return;
    detail.textContent = "";
    detail.appendChild(el("h3", title));
    lines.forEach(function (l) { detail.appendChild(el("p", l)); });
    groups.forEach(function (g) {
      detail.appendChild(el("h4", g.name + " (" + g.items.length + ")"));
      var ul = el("ul");
      g.items.forEach(function (it) {
        var li = el("li", it.id, it.url);
        if (it.text) li.appendChild(document.createTextNode(" " + it.text));
        ul.appendChild(li);
      });
      detail.appendChild(ul);
    });
    detail.setAttribute("data-shown", "true");
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    if (e.shared) {
      show(e.ministries[0] + " — " + e.ministries[1], ["weight " + e.weight + " · rank " + e.rank], [
        { name: "施策 measures", items: e.shared.measures },
        { name: "提言 recommendations", items: e.shared.recommendations },
        { name: "会議体 councils", items: e.shared.councils }
      ]);
    } else {
      show(e.from + " → " + e.to, String(e.title || "").split("\n"), []);
    }
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    var items = [];
    edges.get().forEach(function (e) {
      if (e.hidden || (e.from !== id && e.to !== id)) return;
      var other = e.from === id ? e.to : e.from;
      var o = nodes.get(other) || {};
      items.push({ id: String(other), url: o.url, text: e.weight !== undefined ? "weight " + e.weight : "" });
    });
    show(String(n.label).replace(/\n/g, " "), String(n.title || "").split("\n"),
      [{ name: "つながり links shown", items: items }]);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (network.isCluster(id)) { network.openCluster(id); return; }
      showNode(id);
    } else if (params.edges.length) {
      var eid = params.edges[0];
      var base = network.clustering.getBaseEdges ? network.clustering.getBaseEdges(eid) : [eid];
      showEdge(base.length ? base[0] : eid);
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && !network.isCluster(params.nodes[0])) {
      var node = nodes.get(params.nodes[0]);
      if (node && node.url) window.location.href = node.url;
    }
  });

  var select = document.getElementById("links");
  if (select) {
    select.addEventListener("change", function () {
      var k = parseInt(select.value, 10);
      edges.update(edges.get().map(function (e) {
        return { id: e.id, hidden: k > 0 && e.rank > k };
      }));
      var count = document.getElementById("edge-count");
      if (count) count.textContent = String(edges.get({ filter: function (e) { return !e.hidden; } }).length);
      var url = new URL(window.location.href);
      url.searchParams.set("links", String(k));
      window.history.replaceState(null, "", url.toString());
    });
  }

  // A change of the canvas size (the page's layout settling, a phone turned, the window
  // resized, a full-page screenshot) makes vis-network rescale its camera by the average
  // of the width and height ratios, which after a transient size can leave the view
  // zoomed in on an empty patch: frame the whole network again after every resize (after
  // vis has set its own camera, hence the next animation frame).
  var refit = 0;
  network.on("resize", function (p) {
    if (p.width === p.oldWidth && p.height === p.oldHeight) return;
    window.cancelAnimationFrame(refit);
    refit = window.requestAnimationFrame(function () { network.fit({ animation: false }); });
  });

  network.on("afterDrawing", function () { holder.setAttribute("data-drawn", "true"); });
  network.redraw(); // the first drawing may happen inside the constructor
  window.network = network;
  window.networkEdges = edges;
  window.networkNodes = nodes;
})();
