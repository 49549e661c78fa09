// Map page: states (and organisations) linked by agreements, drawn with Cytoscape.
const COLOURS = {
  kind: {treaty: "#b03a2e", agreement: "#1f618d", declaration: "#7d3c98", memorandum: "#117a65", protocol: "#b9770e", other: "#7f8c8d"},
  status: {proposed: "#aab7b8", signed: "#2e86c1", ratified: "#28b463", in_force: "#1d8348", terminated: "#922b21", none: "#7f8c8d"},
};

function text(tag, value) {
  const node = document.createElement(tag);
  node.textContent = value;  // never innerHTML: titles come from articles
  return node;
}

async function showParty(code) {
  const panel = document.getElementById("party-panel");
  const list = document.getElementById("party-agreements");
  const response = await fetch("/api/parties/" + encodeURIComponent(code));
  const data = await response.json();
  document.getElementById("party-name").textContent = code;
  list.replaceChildren(...(data.agreements || []).map((a) => {
    const item = document.createElement("li");
    const link = text("a", a.title);
    link.href = "/agreements/" + encodeURIComponent(a.id);
    link.className = "party-agreement";
    item.append(link, text("span", " · " + a.kind + " · " + (a.status || "mentioned")));
    return item;
  }));
  panel.hidden = false;
}

async function draw() {
  const year = document.getElementById("map-year").value;
  const by = document.getElementById("map-colour").value;
  const response = await fetch("/api/graph" + (year ? "?year=" + encodeURIComponent(year) : ""));
  const graph = await response.json();
  const elements = [
    ...graph.nodes.map((n) => ({data: {id: n.id, label: n.id, weight: n.agreements}})),
    ...graph.edges.map((e, i) => ({data: {id: "e" + i, source: e.source, target: e.target, title: e.title,
      colour: COLOURS[by][(by === "kind" ? e.kind : e.status) || "none"] || "#7f8c8d"}})),
  ];
  const cy = cytoscape({
    container: document.getElementById("graph"),
    elements,
    style: [
      {selector: "node", style: {"label": "data(label)", "background-color": "#34495e", "color": "#1b2631",
        "width": "mapData(weight, 1, 10, 24, 60)", "height": "mapData(weight, 1, 10, 24, 60)", "font-size": 12}},
      {selector: "edge", style: {"line-color": "data(colour)", "width": 3, "curve-style": "bezier", "opacity": 0.8}},
    ],
    layout: {name: "cose", animate: false},
  });
  cy.on("tap", "node", (event) => showParty(event.target.id()));
  window.treatywatchGraph = cy;
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("map-form").addEventListener("submit", (event) => { event.preventDefault(); draw(); });
  draw();
});
