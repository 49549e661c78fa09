// Map page: states and organisations linked by agreements (Cytoscape), coloured by kind.
// Everything from the server is set as text, never as HTML: titles come from articles.
const COLOURS = {
  kind: {treaty: "#b03a2e", agreement: "#1f618d", declaration: "#7d3c98", memorandum: "#117a65",
    protocol: "#b9770e", other: "#7f8c8d"},
  status: {mentioned: "#aab7b8", proposed: "#f0b27a", signed: "#2e86c1", ratified: "#28b463",
    in_force: "#1d8348", terminated: "#922b21"},
};

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, {headers: {Accept: "application/json"}});
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

async function showParty(code) {
  const panel = document.getElementById("party-panel");
  const list = document.getElementById("party-agreements");
  document.getElementById("party-name").textContent = code;
  let data;
  try {
    data = await getJSON("/api/parties/" + encodeURIComponent(code));
  } catch (error) {
    list.replaceChildren(element("li", error.message));
    panel.hidden = false;
    return;
  }
  const partners = data.partners.slice(0, 8).map((p) => `${p.party} (${p.agreements})`).join(", ");
  document.getElementById("party-partners").textContent = partners ? "Partners: " + partners : "";
  list.replaceChildren(...data.agreements.map((a) => {
    const item = element("li");
    const link = element("a", a.title, "party-agreement");
    link.href = "/agreements/" + encodeURIComponent(a.id);
    item.append(link, element("span", ` · ${a.kind} · ${(a.status || "mentioned").replace("_", " ")}` +
      (a.first_date ? ` · ${a.first_date}` : ""), "muted"));
    return item;
  }));
  panel.hidden = false;
}

// One drawn edge per pair of parties and colour, however many agreements: thousands stay drawable.
function elementsOf(graph, by) {
  const edges = new Map();
  for (const e of graph.edges) {
    const value = (by === "kind" ? e.kind : e.status) || "mentioned";
    const key = `${e.source}|${e.target}|${value}`;
    const edge = edges.get(key) || {id: "e" + edges.size, source: e.source, target: e.target, count: 0,
      colour: COLOURS[by][value] || "#7f8c8d"};
    edge.count += 1;
    edges.set(key, edge);
  }
  return [
    ...graph.nodes.map((n) => ({data: {id: n.id, label: n.id, weight: n.agreements}})),
    ...[...edges.values()].map((e) => ({data: e})),
  ];
}

let fetched = null;  // the graph of this page's year: a colour change redraws it without asking again

async function draw(container, by) {
  const status = document.getElementById("map-status");
  for (const name of ["kind", "status"]) document.getElementById("legend-" + name).hidden = name !== by;
  const year = container.dataset.year;
  try {
    fetched = fetched || await getJSON("/api/graph" + (year ? "?year=" + encodeURIComponent(year) : ""));
  } catch (error) {
    status.textContent = error.message;
    return;
  }
  const graph = fetched;
  status.textContent = `${graph.nodes.length} parties, ${graph.edges.length} links`;
  const elements = elementsOf(graph, by);
  const big = elements.length > 1500;
  const cy = cytoscape({
    container,
    elements,
    style: [
      {selector: "node", style: {"label": "data(label)", "background-color": "#34495e", "color": "#1b2631",
        "font-size": 11, "text-valign": "top", "text-margin-y": -3,
        "width": "mapData(weight, 1, 50, 14, 46)", "height": "mapData(weight, 1, 50, 14, 46)"}},
      {selector: "node:selected", style: {"background-color": "#e67e22"}},
      {selector: "edge", style: {"line-color": "data(colour)", "opacity": 0.75,
        "width": "mapData(count, 1, 10, 2, 8)", "curve-style": big ? "haystack" : "bezier"}},
    ],
    layout: big ? {name: "circle"} : {name: "cose", animate: false, randomize: false, nodeRepulsion: 9000},
    maxZoom: 2,
  });
  cy.on("tap", "node", (event) => showParty(event.target.id()));
  window.treatywatchGraph = cy;  // for tests and the console
}

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("graph");
  const colour = document.getElementById("map-colour");
  colour.addEventListener("change", () => {
    if (window.treatywatchGraph) window.treatywatchGraph.destroy();
    draw(container, colour.value);
  });
  draw(container, colour.value);
});
