// Document view: scroll to and mark the evidence sentence named in the URL
// fragment (#evidence-START-END, character offsets into the article text).
(function () {
  "use strict";
  const match = /^#evidence-(\d+)-(\d+)$/.exec(window.location.hash);
  const article = document.getElementById("document-text");
  if (!match || !article) return;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent.length;
    if (!started && start < offset + length) {
      range.setStart(node, start - offset);
      started = true;
    }
    if (started && end <= offset + length) {
      range.setEnd(node, end - offset);
      break;
    }
    offset += length;
  }
  if (!started) return;
  const marker = document.createElement("span");
  marker.className = "evidence-target";
  marker.id = "evidence";
  try {
    marker.appendChild(range.extractContents());
    range.insertNode(marker);
    marker.scrollIntoView({ block: "center" });
  } catch (error) {
    /* a range across element boundaries that cannot be wrapped: leave the text as it is */
  }
})();
