// Colours the legend swatches from their data-color (the page's CSP allows no inline
// style attributes), then draws the page's network (data from #network-data) with the
// vendored vis-network. The network object is window.network; double-clicking a node
// opens its page.
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
  network.on("doubleClick", function (params) {
    if (params.nodes.length) {
      var node = nodes.get(params.nodes[0]);
      if (node && node.url) window.location.href = node.url;
    }
  });
  network.on("afterDrawing", function () { holder.setAttribute("data-drawn", "true"); });
  network.redraw(); // the first drawing may happen inside the constructor
  window.network = network;
})();
