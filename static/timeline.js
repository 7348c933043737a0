// The timeline under the graph: stated relations per month (or week) of the view, each bar
// coloured by the mean conflict–cooperation score of its relations.  Dragging over the bars
// (or clicking one) sets the graph's date range; "play" steps that range through time,
// keeping every actor in its place (positions do not depend on the dates).
(function () {
  "use strict";
  const api = window.actorgraph;
  const i18n = window.actorgraphI18n;
  const $ = (id) => document.getElementById(id);
  const svg = $("timeline-chart");
  let drawnWidth = null; // the chart's width when last drawn
  const NS = "http://www.w3.org/2000/svg";
  const AXIS = 14; // pixels under the bars for the years
  const STEP_MS = 1200; // how long each step of "play" stays on screen once drawn

  const state = { key: null, data: null, range: null, drag: null, playing: false };
  const timeline = {
    loads: 0,
    steps: 0,
    get buckets() { return state.data ? state.data.buckets : []; },
    get range() { return state.range; },
    get playing() { return state.playing; },
  };
  api.timeline = timeline;

  function question() {
    const params = api.viewParams();
    params.delete("since");
    params.delete("until");
    params.set("bucket", $("bucket").value);
    return params.toString();
  }

  async function load() {
    const key = question();
    if (key === state.key && state.data) {
      syncRange();
      draw();
      return;
    }
    state.key = key;
    try {
      const data = await api.getJSON(`/api/timeline?${key}`);
      if (key !== state.key) return;
      state.data = data;
      timeline.loads += 1;
    } catch (error) {
      state.data = { bucket: "month", buckets: [], year_only: 0 };
      $("timeline-summary").textContent = error.message;
    }
    syncRange();
    draw();
  }

  // The bars the date fields cover (null: no range).  Dates compare as the server compares
  // them: "2024-03" covers every day of March.
  function syncRange() {
    const buckets = timeline.buckets;
    const since = api.dateValue("since");
    const until = api.dateValue("until");
    if (!buckets.length || (!since && !until)) {
      state.range = null;
      return;
    }
    const low = since ? since + ["-01-01", "-01", ""][since.split("-").length - 1] : "";
    const high = until ? until + ["-12-31", "-31", ""][until.split("-").length - 1] : "9999";
    let first = buckets.findIndex((b) => b.end >= low);
    let last = buckets.length - 1;
    while (last > 0 && buckets[last].start > high) last -= 1;
    if (first < 0) first = buckets.length - 1;
    state.range = [Math.min(first, last), Math.max(first, last)];
  }

  function element(tag, attributes, text) {
    const node = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw() {
    const buckets = timeline.buckets;
    const width = svg.clientWidth || 600;
    drawnWidth = svg.clientWidth;
    const height = svg.clientHeight || 64;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const total = buckets.reduce((sum, b) => sum + b.relations, 0);
    const summary = $("timeline-summary");
    if (!buckets.length) {
      summary.textContent = i18n.t("timeline_empty");
      $("range-clear").hidden = !state.range;
      return;
    }
    const yearOnly = state.data.year_only ? i18n.t("year_only", { n: i18n.digits(state.data.year_only) }) : "";
    summary.textContent =
      i18n.t("timeline_summary", { n: i18n.digits(total), first: i18n.digits(buckets[0].start.slice(0, 7)), last: i18n.digits(buckets[buckets.length - 1].end.slice(0, 7)) }) + yearOnly;
    const step = width / buckets.length;
    const most = Math.max(...buckets.map((b) => b.relations), 1);
    const bars = height - AXIS;
    let labelsEnd = -Infinity; // where the last tick label drawn ends
    buckets.forEach((bucket, index) => {
      const inside = !state.range || (index >= state.range[0] && index <= state.range[1]);
      const group = element("g", { class: `bucket${inside ? "" : " outside"}`, "data-period": bucket.period, "data-index": String(index) });
      group.append(element("rect", { x: index * step, y: 0, width: step, height: bars, class: "hit" }));
      if (bucket.relations) {
        const tall = Math.max(2, (bucket.relations / most) * (bars - 2));
        group.append(element("rect", {
          x: index * step + Math.min(1, step * 0.1), y: bars - tall, width: Math.max(1, step - Math.min(2, step * 0.2)), height: tall,
          fill: api.relationColour(bucket.score), class: "bar",
        }));  // prettier-ignore
      }
      if (bucket.gap) group.append(element("text", { x: index * step + step / 2, y: bars - 3, class: "gap" }, "…"));
      group.append(element("title", {}, bucket.gap ? `${bucket.start} – ${bucket.end}: no dated relation` : `${bucket.period}: ${bucket.relations} · ${bucket.hostile} hostile, ${bucket.cooperative} cooperative · mean score ${bucket.score}`));
      svg.append(group);
      // The year at the first bar, after a gap and where it changes (every 5th when crowded);
      // the month too where bars are wide enough.
      const year = bucket.start.slice(0, 4);
      const afterGap = index > 0 && buckets[index - 1].gap;
      const newYear = index === 0 || afterGap || buckets[index - 1].end.slice(0, 4) !== year;
      let text = "";
      if (newYear && (index === 0 || afterGap || step * 12 > 28 || Number(year) % 5 === 0)) text = year;
      const texts = text ? [text] : [];
      if (!bucket.gap && step >= 34 && state.data.bucket === "month") {
        const month = monthName(bucket.start);
        texts.unshift(text ? `${month} ${text}` : month);
      }
      // The longest text that leaves the previous tick's label clear, else none.
      const x = index * step + 2;
      for (const candidate of texts) {
        if (x < labelsEnd + 4) break;
        const label = element("text", { x, y: height - 2, class: "year" }, i18n.digits(candidate));
        svg.append(label);
        const end = x + label.getComputedTextLength();
        if (end > width) {
          label.remove();
          continue;
        }
        svg.append(element("line", { x1: index * step, x2: index * step, y1: bars, y2: bars + 4, class: "tick" }));
        labelsEnd = end;
        break;
      }
    });
    svg.append(element("line", { x1: 0, x2: width, y1: bars + 0.5, y2: bars + 0.5, class: "axis" }));
    if (state.range) {
      const [first, last] = state.range;
      svg.append(element("rect", { x: first * step, y: 0, width: (last - first + 1) * step, height: bars, class: "brush" }));
      const since = api.dateValue("since") || buckets[first].period;
      const until = api.dateValue("until") || buckets[last].period;
      summary.textContent += ` · ${i18n.t("range", { since: i18n.digits(since), until: i18n.digits(until) })}`;
    }
    $("range-clear").hidden = !state.range;
  }

  function monthName(day) {
    const [year, month] = day.split("-").map(Number);
    return new Intl.DateTimeFormat(i18n.lang === "ar" ? "ar-EG" : "en-GB", { month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
  }

  function indexAt(event) {
    const box = svg.getBoundingClientRect();
    const count = timeline.buckets.length;
    return Math.max(0, Math.min(count - 1, Math.floor(((event.clientX - box.left) / box.width) * count)));
  }

  // The dates of bars first..last, as the date fields hold them.
  function datesOf(first, last) {
    const buckets = timeline.buckets;
    if (state.data.bucket === "month") return [buckets[first].start.slice(0, 7), buckets[last].end.slice(0, 7)];
    return [buckets[first].start, buckets[last].end];
  }

  async function choose(first, last) {
    state.range = [first, last];
    draw();
    const [since, until] = datesOf(first, last);
    await api.setDates(since, until);
    await api.untilReady();
  }

  svg.addEventListener("pointerdown", (event) => {
    if (!timeline.buckets.length) return;
    stop();
    state.drag = { start: indexAt(event), end: indexAt(event) };
    svg.setPointerCapture(event.pointerId);
    state.range = [state.drag.start, state.drag.start];
    draw();
  });
  svg.addEventListener("pointermove", (event) => {
    if (!state.drag) return;
    state.drag.end = indexAt(event);
    state.range = [Math.min(state.drag.start, state.drag.end), Math.max(state.drag.start, state.drag.end)];
    draw();
  });
  svg.addEventListener("pointerup", () => {
    if (!state.drag) return;
    const [first, last] = state.range;
    state.drag = null;
    choose(first, last);
  });
  $("range-clear").addEventListener("click", () => {
    stop();
    state.range = null;
    api.setDates("", "");
  });
  $("bucket").addEventListener("change", () => {
    state.range = null;
    api.setDates("", "");
  });

  // ---------- play ----------
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function play() {
    const count = timeline.buckets.length;
    if (!count) return;
    let [first, last] = state.range || [0, 0];
    if (last >= count - 1) {
      last -= first;
      first = 0;
    }
    state.playing = true;
    api.keepView = true; // each step keeps the zoom: only edges and actors come and go
    showButton();
    while (state.playing && last < count) {
      await choose(first, last);
      timeline.steps += 1;
      if (!state.playing) break;
      await pause(STEP_MS);
      first += 1;
      last += 1;
    }
    stop();
  }

  function stop() {
    if (!state.playing) return;
    state.playing = false;
    api.keepView = false;
    showButton();
  }

  function showButton() {
    const button = $("play");
    button.textContent = i18n.t(state.playing ? "pause" : "play");
    button.setAttribute("aria-pressed", String(state.playing));
  }

  $("play").addEventListener("click", () => (state.playing ? stop() : play()));
  // Drawn again at its new width when the page or the panel beside the graph resizes it (a
  // stretched drawing would shrink the tick labels).
  new ResizeObserver(() => {
    if (svg.clientWidth && svg.clientWidth !== drawnWidth && state.data) draw();
  }).observe(svg);
  api.hooks.view.push(() => {
    showButton();
    load();
  });
  Object.assign(timeline, { load, play, stop, choose });
  load();
})();
