// Describes reveal.js's current slide once its images and fonts have loaded. Sizes are in slide
// pixels: the deck's configured width and height, before reveal.js scales it to the window.
(async () => {
  const TOLERANCE = 1;
  const slide = Reveal.getCurrentSlide();
  const config = Reveal.getConfig();
  const scale = Reveal.getScale();
  await document.fonts.ready;
  // Fragments fade in: measure and photograph them once they have arrived. (Endless animations,
  // such as the pulsing arrow of reveal.js's controls tutorial, would never let us go.)
  const arriving = slide.getAnimations({ subtree: true })
    .filter((animation) => animation.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(arriving.map((animation) => animation.finished.catch(() => {})));
  await Promise.all([...slide.querySelectorAll("img")].map((img) => img.decode().catch(() => {})));

  const describe = (element) => {
    const label = element.tagName.toLowerCase() + [...element.classList].map((c) => "." + c).join("");
    const text = element.textContent.trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${label} "${text}"` : label;
  };

  const overflows = [];
  if (slide.scrollHeight > config.height + TOLERANCE) {
    overflows.push(`content is ${slide.scrollHeight}px tall, the slide ${config.height}px`);
  }
  if (slide.scrollWidth > config.width + TOLERANCE) {
    overflows.push(`content is ${slide.scrollWidth}px wide, the slide ${config.width}px`);
  }
  const area = document.querySelector(".reveal .slides").getBoundingClientRect();
  const outside = [];
  for (const element of slide.querySelectorAll("*")) {
    if (element.closest("aside.notes") || outside.some((o) => o.contains(element))) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const beyond = Math.max(
      area.left - box.left, box.right - area.right, area.top - box.top, box.bottom - area.bottom,
    ) / scale;
    if (beyond > TOLERANCE) {
      outside.push(element);
      overflows.push(`${describe(element)} reaches ${Math.round(beyond)}px beyond the slide`);
    }
    const style = getComputedStyle(element);
    const hiddenX = style.overflowX !== "visible" ? element.scrollWidth - element.clientWidth : 0;
    const hiddenY = style.overflowY !== "visible" ? element.scrollHeight - element.clientHeight : 0;
    if (hiddenX > TOLERANCE || hiddenY > TOLERANCE) {
      overflows.push(`${describe(element)} hides ${Math.max(hiddenX, hiddenY)}px of its content`);
    }
  }

  // Only headings (and notes) on a slide: a section title, which needs no notes of its own.
  const rest = slide.cloneNode(true);
  rest.querySelectorAll("h1, h2, h3, h4, h5, h6, aside.notes, script, style").forEach((e) => e.remove());
  const media = "img, svg, video, iframe, canvas, object, embed, table, pre";
  const headingsOnly = rest.textContent.trim() === "" && !rest.querySelector(media);

  const heading = slide.querySelector("h1, h2, h3, h4, h5, h6");
  const notes = [...slide.querySelectorAll("aside.notes")].map((n) => n.textContent).join(" ");
  const indices = Reveal.getIndices();
  return {
    position: `${indices.h}.${indices.v || 0}`,
    title: heading ? heading.textContent.replace(/[¶#]\s*$/, "").trim() : "",
    headingsOnly,
    notes: (notes + " " + (slide.dataset.notes || "")).trim(),
    overflows,
  };
})();
