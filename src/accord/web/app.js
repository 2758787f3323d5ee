// accord dashboard: plain JavaScript over the HTTP API; every chart is hand-drawn SVG (no libraries, no CDN).
"use strict";

const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const MODALITIES = ["asserted", "reported", "intended", "planned", "demanded", "hypothetical", "negated"];
const PAGE = 25;
const SVG = "http://www.w3.org/2000/svg";
const state = { filters: {}, dyad: null, offset: 0 };

// ---- small helpers --------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    if (typeof child === "string") { const t = document.createElementNS(SVG, "title"); t.textContent = child; node.append(t); }
    else node.append(child);
  }
  return node;
}

function svgText(x, y, text, attrs) {
  const node = svg("text", { x, y, ...(attrs || {}) });
  node.textContent = text;
  return node;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== "" && value !== null && value !== undefined) q.set(key, value);
  const s = q.toString();
  return s ? "?" + s : "";
}

const KEY = "accord-api-key";  // the server's --api-key, when it has one: asked once, kept for this tab

async function api(path, params) {
  const key = sessionStorage.getItem(KEY);
  const headers = key ? { Accept: "application/json", "X-API-Key": key } : { Accept: "application/json" };
  const response = await fetch(path + query(params || {}), { headers });
  if (response.status === 401) askKey(key ? "That key was refused." : "");
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

function askKey(note) {
  document.getElementById("key-note").textContent = note;
  document.getElementById("key-form").hidden = false;
  document.getElementById("key").focus();
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = String(error.message || error);
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 8000);
}

function actorLabel(code, name) {
  if (name && code) return `${name} (${code})`;
  return name || code || "–";
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

// ---- filters ---------------------------------------------------------------------------------------

function fillSelect(id, rows, key, label) {
  const select = document.getElementById(id);
  for (const row of rows) {
    if (row[key] === null || row[key] === undefined) continue;
    select.append(el("option", { value: row[key] }, `${label ? label(row[key]) : row[key]} (${row.events})`));
  }
}

async function loadFacets() {
  const facets = await api("/facets");
  const countries = new Map();
  for (const row of [...facets.source_country, ...facets.target_country]) {
    if (row.source_country || row.target_country) {
      const code = row.source_country || row.target_country;
      countries.set(code, (countries.get(code) || 0) + row.events);
    }
  }
  const byCount = [...countries.entries()].sort((a, b) => b[1] - a[1]).map(([code, events]) => ({ code, events }));
  fillSelect("f-country", byCount, "code");
  fillSelect("f-plover", facets.plover.sort((a, b) => b.events - a.events), "plover");
  fillSelect("f-root", facets.root.sort((a, b) => String(a.root).localeCompare(String(b.root))), "root");
  const modalities = facets.modality.sort((a, b) => MODALITIES.indexOf(a.modality) - MODALITIES.indexOf(b.modality));
  fillSelect("f-modality", modalities, "modality");
}

function readFilters() {
  const form = document.getElementById("filters");
  const filters = {};
  for (const [key, value] of new FormData(form).entries()) if (String(value).trim()) filters[key] = String(value).trim();
  return filters;
}

function describeFilters() {
  const parts = Object.entries(state.filters).map(([k, v]) => `${k}=${v}`);
  if (state.dyad) parts.push(`tie ${state.dyad.source} → ${state.dyad.target}`);
  document.getElementById("active-filters").textContent = parts.length ? "Showing: " + parts.join(", ") : "Showing all events";
}

// ---- timeline --------------------------------------------------------------------------------------

async function drawTimeline() {
  const interval = document.getElementById("interval").value;
  const data = await api("/timeseries", { ...state.filters, interval });
  const box = clear(document.getElementById("timeline"));
  const buckets = new Map();
  for (const row of data.series) {
    if (!row.date) continue;
    const bucket = buckets.get(row.date) || { date: row.date, quads: {}, total: 0, goldstein: 0 };
    bucket.quads[row.quad_class] = (bucket.quads[row.quad_class] || 0) + row.events;
    bucket.total += row.events;
    bucket.goldstein += row.goldstein_sum || 0;
    buckets.set(row.date, bucket);
  }
  const rows = [...buckets.values()].sort((a, b) => a.date.localeCompare(b.date));
  box.dataset.buckets = rows.length;
  box.dataset.events = rows.reduce((n, r) => n + r.total, 0);
  if (!rows.length) { box.append(el("p", { class: "muted empty" }, "No dated events match the filters.")); return; }
  const W = 900, H = 220, left = 40, right = 40, top = 10, bottom = 40;
  const maxCount = Math.max(...rows.map(r => r.total));
  const maxG = Math.max(1, ...rows.map(r => Math.abs(r.goldstein)));
  const step = (W - left - right) / rows.length;
  const barW = Math.max(2, Math.min(40, step * 0.8));
  const y = v => top + (H - top - bottom) * (1 - v / maxCount);
  const yG = v => top + (H - top - bottom) * (0.5 - v / (2 * maxG));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "events over time by quad class" });
  const axis = svg("g", { class: "axis" });
  for (const tick of [0, Math.ceil(maxCount / 2), maxCount]) {
    axis.append(svg("line", { x1: left, x2: W - right, y1: y(tick), y2: y(tick) }), svgText(left - 6, y(tick) + 3, tick, { "text-anchor": "end" }));
  }
  axis.append(svgText(W - right + 4, yG(maxG) + 3, `+${maxG.toFixed(0)}`), svgText(W - right + 4, yG(-maxG) + 3, `−${maxG.toFixed(0)}`),
    svgText(W - right + 4, yG(0) + 3, "G 0"));
  chart.append(axis);
  const every = Math.ceil(rows.length / 12);
  const line = [];
  rows.forEach((row, i) => {
    const x = left + i * step + (step - barW) / 2;
    let base = 0;
    for (const quad of [1, 2, 3, 4]) {
      const n = row.quads[quad] || 0;
      if (!n) continue;
      chart.append(svg("rect", { class: `bar q${quad}`, x, width: barW, y: y(base + n), height: y(base) - y(base + n),
        "data-date": row.date, "data-quad": quad }, `${row.date}: ${n} ${QUADS[quad]}`));
      base += n;
    }
    const unknown = row.total - base;
    if (unknown > 0) chart.append(svg("rect", { class: "bar", x, width: barW, y: y(base + unknown), height: y(base) - y(base + unknown), fill: "#aaa" },
      `${row.date}: ${unknown} uncoded`));
    line.push(`${x + barW / 2},${yG(row.goldstein)}`);
    if (i % every === 0) chart.append(svgText(x + barW / 2, H - bottom + 14, row.date, { class: "label", "text-anchor": "middle" }));
  });
  chart.append(svg("polyline", { class: "goldstein", points: line.join(" ") }, "Goldstein sum per " + interval));
  box.append(chart);
}

function drawLegend() {
  const legend = document.getElementById("quad-legend");
  for (const [quad, name] of Object.entries(QUADS)) legend.append(el("span", {}, el("i", { class: `swatch q${quad}` }), `${quad} ${name}`));
  legend.append(el("span", {}, "- - - Goldstein sum (right scale)"), el("span", { class: "muted" }, "one bar per period with events"));
}

// ---- actor network ---------------------------------------------------------------------------------

async function drawNetwork() {
  const data = await api("/dyads", { ...state.filters, limit: 60 });
  const box = clear(document.getElementById("network"));
  const ties = data.dyads.filter(d => d.source && d.target);
  box.dataset.ties = ties.length;
  if (!ties.length) { box.append(el("p", { class: "muted empty" }, "No source–target pairs match the filters.")); return; }
  const weight = new Map();
  for (const t of ties) for (const code of [t.source, t.target]) weight.set(code, (weight.get(code) || 0) + t.events);
  const nodes = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a)).slice(0, 30);
  const W = 460, H = 360, cx = W / 2, cy = H / 2, r = Math.min(W, H) / 2 - 40;
  const pos = new Map(nodes.map((code, i) => {
    const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return [code, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), a }];
  }));
  const maxW = Math.max(...ties.map(t => t.events));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  chart.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" },
    svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#555" }))));
  for (const t of ties) {
    const a = pos.get(t.source), b = pos.get(t.target);
    if (!a || !b) continue;
    const mean = t.goldstein_sum / t.events;
    const colour = mean >= 0 ? "var(--q1)" : "var(--q4)";
    const path = a === b ? `M ${a.x} ${a.y} c 30 -40 -30 -40 0 0` : `M ${a.x} ${a.y} Q ${cx + (a.x + b.x - 2 * cx) * 0.2} ${cy + (a.y + b.y - 2 * cy) * 0.2} ${b.x} ${b.y}`;
    const tie = svg("path", { class: "tie", d: path, fill: "none", stroke: colour, "stroke-width": 1 + 5 * t.events / maxW, "marker-end": "url(#arrow)",
      "data-source": t.source, "data-target": t.target,
      tabindex: 0, onclick: () => selectTie(t.source, t.target), onkeydown: e => { if (e.key === "Enter") selectTie(t.source, t.target); } }, `${t.source} → ${t.target}: ${t.events} events, Goldstein sum ${t.goldstein_sum.toFixed(1)}`);
    if (state.dyad && state.dyad.source === t.source && state.dyad.target === t.target) tie.classList.add("selected");
    chart.append(tie);
  }
  for (const [code, p] of pos) {
    const out = Math.cos(p.a) >= 0;
    chart.append(svg("g", { class: "node" }, svg("circle", { cx: p.x, cy: p.y, r: 3 + Math.sqrt(weight.get(code)) }, `${code}: ${weight.get(code)} events`),
      svgText(p.x + (out ? 8 : -8), p.y + 3, code, { "text-anchor": out ? "start" : "end" })));
  }
  box.append(chart);
}

function selectTie(source, target) {
  state.dyad = { source, target };
  state.offset = 0;
  describeFilters();
  document.getElementById("dyad-note").replaceChildren(`for the tie ${source} → ${target} `,
    el("button", { type: "button", id: "clear-tie", onclick: () => { state.dyad = null; state.offset = 0; describeFilters(); drawNetwork(); drawTable(); } }, "show all"));
  drawNetwork().catch(showError);
  drawTable().catch(showError);
  document.getElementById("table-panel").scrollIntoView({ behavior: "smooth" });
}

// ---- actors ----------------------------------------------------------------------------------------

async function drawActors() {
  const data = await api("/actors", { ...state.filters, limit: 20 });
  document.getElementById("actors").replaceChildren(...data.actors.filter(a => a.code).map(a =>
    el("li", {}, el("a", { href: "#", "data-code": a.code, onclick: e => { e.preventDefault(); pickActor(a.code); } },
      actorLabel(a.code, a.name)), el("span", { class: "muted" }, ` ${a.events}`))));
}

function pickActor(code) {
  document.getElementById("f-actor").value = code;
  state.filters = readFilters();
  state.dyad = null;
  document.getElementById("dyad-note").replaceChildren();
  refresh();
}

// ---- map -------------------------------------------------------------------------------------------

let world = null;  // Natural Earth 1:110m country outlines (public domain), fetched once

async function drawMap() {
  const [data, outlines] = await Promise.all([api("/places", state.filters), world || (world = api("/assets/world.json"))]);
  const box = clear(document.getElementById("map"));
  box.dataset.places = data.places.length;
  const W = 460, H = 230;
  const x = lon => (lon + 180) / 360 * W, y = lat => (90 - lat) / 180 * H;
  const counts = new Map();
  for (const p of data.places) if (p.country) counts.set(p.country, (counts.get(p.country) || 0) + p.events);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "map of event places" });
  chart.append(svg("rect", { class: "sea", x: 0, y: 0, width: W, height: H }));
  for (const country of outlines) {
    const d = country.rings.map(ring => "M" + ring.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join("L") + "Z").join("");
    const n = counts.get(country.iso) || 0;
    chart.append(svg("path", { class: n ? "land has-events" : "land", d, "data-iso": country.iso },
      `${country.iso || "?"}${n ? ": " + n + " placed events" : ""}`));
  }
  const maxN = Math.max(1, ...data.places.map(p => p.events));
  for (const p of data.places) {
    const quads = Object.entries(p.quad_class).sort((a, b) => b[1] - a[1]);
    const quad = quads.length ? quads[0][0] : "";
    chart.append(svg("circle", { class: `place q${quad}`, cx: x(p.lon), cy: y(p.lat), r: 2.5 + 6 * Math.sqrt(p.events / maxN),
      onclick: () => setFilter("place", p.name) },
      `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.events} events, Goldstein sum ${p.goldstein_sum.toFixed(1)}`));
  }
  for (const p of data.places.slice(0, 12)) chart.append(svgText(x(p.lon) + 5, y(p.lat) - 4, p.name || "", { class: "label" }));
  box.append(chart);
  if (!data.places.length) box.append(el("p", { class: "muted empty" }, "No placed events match the filters."));
}

function setFilter(key, value) {
  state.filters = { ...readFilters(), [key]: value };
  refresh();
}

// ---- event table -----------------------------------------------------------------------------------

async function drawTable() {
  const params = { ...state.filters, limit: PAGE, offset: state.offset, order: document.getElementById("order").value };
  if (state.dyad) { params.source = state.dyad.source; params.target = state.dyad.target; }
  const data = await api("/events", params);
  const body = clear(document.querySelector("#events tbody"));
  for (const e of data.events) {
    body.append(el("tr", { "data-event": e.event_id },
      el("td", {}, e.date || el("span", { class: "muted", title: "no date of its own; published " + (e.published || "?") }, "–")),
      el("td", {}, actorLabel(e.source_code, e.source_name)),
      el("td", {}, actorLabel(e.target_code, e.target_name)),
      el("td", {}, el("code", {}, e.cameo), " ", e.cameo_name),
      el("td", {}, e.plover || "–"),
      el("td", {}, e.quad_class ? el("span", { title: QUADS[e.quad_class] }, el("i", { class: `swatch q${e.quad_class}` }), e.quad_class) : "–"),
      el("td", {}, e.goldstein ?? "–"),
      el("td", {}, e.modality),
      el("td", {}, e.place_name || "–"),
      el("td", { class: "sentence" }, el("a", { href: `#article=${encodeURIComponent(e.article_id)}&event=${encodeURIComponent(e.event_id)}`, class: "to-sentence" }, e.sentence || "(sentence)"))));
  }
  document.getElementById("total").textContent = `(${data.total} matching)`;
  document.getElementById("total").dataset.total = data.total;
  const last = Math.min(data.total, state.offset + data.events.length);
  document.getElementById("page").textContent = data.total ? `${state.offset + 1}–${last} of ${data.total}` : "none";
  document.getElementById("prev").disabled = state.offset === 0;
  document.getElementById("next").disabled = last >= data.total;
}

// ---- article view ----------------------------------------------------------------------------------

const LAYERS = [["entities", "hl-entity", "entity"], ["quotes", "hl-quote", "quote"], ["times", "hl-time", "time"],
  ["places", "hl-place", "place"], ["triggers", "hl-trigger", "event trigger"], ["speakers", "hl-speaker", "speaker of a quote"]];

function spansOf(doc) {
  const spans = [];
  for (const e of doc.entities || []) spans.push({ start: e.start, end: e.end, cls: "hl-entity", title: `${e.label}${e.actor && e.actor.code ? " → " + e.actor.code : ""}` });
  for (const q of doc.quotes || []) {
    spans.push({ start: q.start, end: q.end, cls: "hl-quote", title: `${q.kind} quote; speaker: ${q.speaker ? actorLabel(q.speaker.code, q.speaker.name || q.speaker.text) : "unknown"}` });
    if (q.speaker && q.speaker.end > q.speaker.start) spans.push({ start: q.speaker.start, end: q.speaker.end, cls: "hl-speaker", title: `speaker of quote ${q.id}` });
  }
  for (const t of doc.times || []) spans.push({ start: t.start, end: t.end, cls: "hl-time", title: `${t.type} ${t.value}` });
  for (const p of doc.places || []) spans.push({ start: p.start, end: p.end, cls: "hl-place", title: `${p.name || p.text}${p.country ? " (" + p.country + ")" : ""}${p.lat != null ? ` ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : ""}` });
  for (const ev of doc.events || []) spans.push({ start: ev.trigger.start, end: ev.trigger.end, cls: "hl-trigger", title: `${ev.id}: ${ev.cameo} ${ev.cameo_name}`, event: ev.id });
  return spans;
}

// The text cut at every span and sentence boundary: each piece carries the classes of the spans over it,
// so overlapping highlights (a place inside a quote) need no nesting.
function renderText(doc, focusSentence) {
  const box = clear(document.getElementById("article-text"));
  const spans = spansOf(doc);
  const cuts = new Set([0, doc.text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  doc.sentences.forEach(([a, b]) => { cuts.add(a); cuts.add(b); });
  const points = [...cuts].filter(n => n >= 0 && n <= doc.text.length).sort((a, b) => a - b);
  let sentence = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (sentence < doc.sentences.length && doc.sentences[sentence][1] <= a) sentence++;
    const inSentence = sentence < doc.sentences.length && doc.sentences[sentence][0] <= a;
    const over = spans.filter(s => s.start <= a && b <= s.end);
    const attrs = { class: over.map(s => s.cls).join(" ") || null, title: over.map(s => s.title).join("\n") || null };
    if (inSentence) {
      attrs["data-sentence"] = sentence;
      if (sentence === focusSentence) attrs.class = ((attrs.class || "") + " sent-focus").trim();
      if (doc.sentences[sentence][0] === a) attrs.id = `s${sentence}`;
    }
    const events = over.filter(s => s.event).map(s => s.event);
    if (events.length) { attrs["data-events"] = events.join(" "); attrs.onclick = () => focusEvent(doc, events[0]); }
    box.append(Object.keys(attrs).some(k => attrs[k] !== null) ? el("span", attrs, doc.text.slice(a, b)) : doc.text.slice(a, b));
  }
}

function attributionChain(ev) {
  if (!ev.attribution || !ev.attribution.length) return el("p", { class: "chain" }, "Stated by the reporter (no attribution).");
  return el("ol", { class: "chain" }, ev.attribution.map(a =>
    el("li", {}, a.speaker ? actorLabel(a.speaker.code, a.speaker.name || a.speaker.text) : "unknown speaker",
      a.cue ? ` — “${a.cue.text}”` : "", a.quote ? ` (quote ${a.quote})` : "")));
}

function eventLine(ev) {
  const who = list => list.map(a => actorLabel(a.code, a.name || a.text)).join(", ") || "–";
  return `${who(ev.source)} → ${who(ev.target)}: ${ev.cameo_name}`;
}

function focusEvent(doc, evId, cluster) {
  const ev = doc.events.find(e => e.id === evId);
  if (!ev) return;
  renderText(doc, ev.sentence);
  const place = ev.place ? (doc.places || []).find(p => p.id === ev.place) : null;
  const card = el("div", { class: "card", id: "event-card", "data-event": ev.id },
    el("h3", {}, `${ev.id}: `, eventLine(ev)),
    el("p", {}, el("code", {}, ev.cameo), ` ${ev.plover || "–"}${ev.plover_mode ? " / " + ev.plover_mode : ""}, quad class ${ev.quad_class ?? "–"}, Goldstein ${ev.goldstein ?? "–"}, ${ev.modality}`),
    el("p", {}, `Trigger “${ev.trigger.text}” in sentence ${ev.sentence + 1}; date ${ev.date || "unknown"} (${ev.date_basis})`, place ? `; place ${place.name || place.text}` : ""),
    el("p", {}, "Attribution chain (outermost first):"), attributionChain(ev),
    el("p", {}, "Rule: ", el("code", { class: "rule" }, ev.rule || "–"), ` · confidence ${ev.confidence}`));
  if (cluster && cluster.mentions && cluster.mentions.length > 1) {
    card.append(el("p", {}, `Reported ${cluster.reports ?? cluster.mentions.length} times:`), el("ul", { class: "cluster" }, cluster.mentions.map(m =>
      el("li", {}, el("a", { href: `#article=${encodeURIComponent(m.article_id)}&event=${encodeURIComponent(m.event_id)}` }, m.title || m.article_id),
        ` (${m.date || "undated"}; “${m.trigger}”, `, el("code", {}, m.cameo), `): ${m.sentence || ""}`))));
  }
  document.getElementById("event-detail").replaceChildren(card);
  const target = document.getElementById(`s${ev.sentence}`);
  if (target) target.scrollIntoView({ block: "center" });
}

async function showArticle(articleId, eventId) {
  document.getElementById("dashboard").hidden = true;
  document.getElementById("filters").hidden = true;
  document.getElementById("article-view").hidden = false;
  const doc = await api(`/articles/${encodeURIComponent(articleId)}`);
  document.getElementById("article-title").textContent = doc.title || doc.id;
  document.getElementById("article-meta").textContent = [doc.publisher, doc.date, doc.url, `id ${doc.id}`].filter(Boolean).join(" · ");
  const legend = clear(document.getElementById("span-legend"));
  for (const [, cls, name] of LAYERS) legend.append(el("span", {}, el("span", { class: cls }, name)));
  document.getElementById("event-detail").replaceChildren();
  document.getElementById("article-events").replaceChildren(...doc.events.map(ev =>
    el("li", { "data-event": ev.id }, el("a", { href: "#", class: "event-link", onclick: e => { e.preventDefault(); focusEvent(doc, ev.id); } }, `${ev.id}`),
      ` ${eventLine(ev)} (${ev.modality}) — sentence ${ev.sentence + 1}`)));
  document.getElementById("article-quotes").replaceChildren(...(doc.quotes || []).map(q =>
    el("li", {}, `“${q.text}” — `, q.speaker ? actorLabel(q.speaker.code, q.speaker.name || q.speaker.text) : "speaker unknown", ` (${q.kind})`)));
  renderText(doc, -1);
  if (eventId) {
    const found = await api(`/events/${encodeURIComponent(eventId)}`);
    if (found.article_id === doc.id) focusEvent(doc, found.event, found.cluster);
  }
}

// ---- wiring ----------------------------------------------------------------------------------------

function showDashboard() {
  document.getElementById("article-view").hidden = true;
  document.getElementById("dashboard").hidden = false;
  document.getElementById("filters").hidden = false;
}

async function refresh() {
  describeFilters();
  state.offset = 0;
  await Promise.all([drawTimeline(), drawNetwork(), drawActors(), drawMap(), drawTable()]).catch(showError);
  document.body.dataset.ready = "1";
}

function route() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("article")) showArticle(hash.get("article"), hash.get("event")).catch(showError);
  else showDashboard();
}

async function start() {
  drawLegend();
  document.getElementById("key-form").addEventListener("submit", e => { e.preventDefault(); sessionStorage.setItem(KEY, document.getElementById("key").value); location.reload(); });
  document.getElementById("filters").addEventListener("submit", e => { e.preventDefault(); state.filters = readFilters(); state.dyad = null; document.getElementById("dyad-note").replaceChildren(); refresh(); });
  document.getElementById("clear-filters").addEventListener("click", () => { document.getElementById("filters").reset(); state.filters = {}; state.dyad = null; document.getElementById("dyad-note").replaceChildren(); refresh(); });
  document.getElementById("interval").addEventListener("change", () => drawTimeline().catch(showError));
  document.getElementById("order").addEventListener("change", () => { state.offset = 0; drawTable().catch(showError); });
  document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); drawTable().catch(showError); });
  document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; drawTable().catch(showError); });
  document.getElementById("back").addEventListener("click", e => { e.preventDefault(); history.pushState("", "", location.pathname); showDashboard(); });
  window.addEventListener("hashchange", route);
  route();
  await loadFacets().catch(showError);
  await refresh();
}

start();
