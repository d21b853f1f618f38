// Draws the page's network (data from #network-data) with the vendored vis-network.
// The network object is window.network; double-clicking a node opens its page.
(function () {
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
