// Document view: mark and scroll to the evidence sentence named in the URL
// fragment (#evidence-START-END, character offsets into the article text),
// and light up every mention of an actor while one of them is hovered.
// Only text nodes are split and wrapped; no HTML is ever parsed.
(function () {
  "use strict";
  const article = document.getElementById("document-text");
  if (!article) return;

  function clearEvidence() {
    for (const marker of article.querySelectorAll("span.evidence-target")) {
      marker.replaceWith(...marker.childNodes);
    }
    article.normalize();
  }

  // Wrap the characters [start, end) of the article's text in span.evidence-target,
  // one span per text node the range crosses (mentions stay intact).
  function markEvidence(start, end) {
    clearEvidence();
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    const pieces = [];
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent.length;
      const from = Math.max(start, offset);
      const to = Math.min(end, offset + length);
      if (from < to) pieces.push([node, from - offset, to - offset]);
      offset += length;
      if (offset >= end) break;
    }
    const markers = pieces.map(([node, from, to]) => {
      let target = node;
      if (from > 0) target = target.splitText(from);
      if (to - from < target.textContent.length) target.splitText(to - from);
      const marker = document.createElement("span");
      marker.className = "evidence-target";
      target.replaceWith(marker);
      marker.appendChild(target);
      return marker;
    });
    if (markers.length) {
      markers[0].id = "evidence";
      markers[0].scrollIntoView({ block: "center" });
    }
    return markers.length;
  }

  function fromHash() {
    const match = /^#evidence-(\d+)-(\d+)$/.exec(window.location.hash);
    if (match) document.body.dataset.evidence = String(markEvidence(Number(match[1]), Number(match[2])));
  }

  function light(actor, on) {
    for (const mention of article.querySelectorAll("a.mention")) {
      if (mention.dataset.actor === actor) mention.classList.toggle("lit", on);
    }
  }
  for (const item of document.querySelectorAll("[data-actor]")) {
    item.addEventListener("mouseenter", () => light(item.dataset.actor, true));
    item.addEventListener("mouseleave", () => light(item.dataset.actor, false));
  }

  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
