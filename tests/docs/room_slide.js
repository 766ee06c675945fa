// What the back row of a room sees on reveal.js's current slide, every fragment shown: the
// smallest body text and code, the lines of code, text hidden behind the navigation controls,
// paragraphs of prose, code tokens below 4.5:1 contrast, and the images with their sizes.
// Sizes are in slide pixels (the deck's 1280 x 720 canvas), before reveal.js scales it.
(() => {
  const slide = Reveal.getCurrentSlide();
  const scale = Reveal.getScale();
  const rendered = (element) => {
    const style = getComputedStyle(element);
    return style.display !== "none" && style.visibility !== "hidden" && element.getClientRects().length > 0;
  };
  const skipped = (element) => element.closest("aside.notes, script, style, [hidden]");
  const texts = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.textContent.trim() || skipped(parent) || !rendered(parent)) continue;
    texts.push(node);
  }
  const isCode = (element) => Boolean(element.closest("pre, code, .code-block-caption"));
  const px = (element) => parseFloat(getComputedStyle(element).fontSize);
  const smallest = (nodes) => nodes.length ? Math.min(...nodes.map((n) => px(n.parentElement))) : null;

  // WCAG 2 relative luminance and contrast ratio.
  const rgb = (color) => (color.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const color = rgb(getComputedStyle(e).backgroundColor);
      if (color.length === 3 || (color.length === 4 && color[3] > 0)) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const contrast = (element) => {
    const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const faint = texts
    .filter((n) => n.parentElement.closest("pre") && contrast(n.parentElement) < 4.5)
    .map((n) => `${JSON.stringify(n.textContent.trim().slice(0, 20))} at ${contrast(n.parentElement).toFixed(2)}:1`);

  // Lines of code: what each listing shows, blank lines at its ends left out.
  const codeLines = [...slide.querySelectorAll("pre")]
    .filter((pre) => rendered(pre) && !skipped(pre))
    .reduce((total, pre) => total + pre.innerText.replace(/^\n+|\s+$/g, "").split("\n").length, 0);

  // The navigation controls and the slide number, wherever they are drawn and visible.
  const navigation = [...document.querySelectorAll(".reveal .controls button, .reveal .slide-number")]
    .filter((e) => rendered(e) && parseFloat(getComputedStyle(e).opacity) > 0.05)
    .map((e) => e.getBoundingClientRect());
  const boxes = [];
  for (const node of texts) {
    const range = document.createRange();
    range.selectNodeContents(node);
    boxes.push(...[...range.getClientRects()].map((box) => [node.textContent.trim().slice(0, 30), box]));
  }
  for (const image of slide.querySelectorAll("img")) {
    if (rendered(image)) boxes.push([`img ${image.getAttribute("src")}`, image.getBoundingClientRect()]);
  }
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const covered = boxes
    .filter(([, box]) => box.width > 0 && navigation.some((nav) => meets(nav, box)))
    .map(([what]) => what);

  // Prose: a paragraph that is not a bullet, a caption or a note, of more than a line's words.
  const prose = [...slide.querySelectorAll("p")]
    .filter((p) => rendered(p) && !skipped(p) && !p.closest("li, figcaption, caption, .code-block-caption"))
    .map((p) => p.textContent.trim().replace(/\s+/g, " "))
    .filter((text) => text.split(" ").length > 14);

  const images = [...slide.querySelectorAll("img")].filter(rendered).map((image) => ({
    src: image.getAttribute("src"),
    natural: [image.naturalWidth, image.naturalHeight],
    shown: [image.getBoundingClientRect().width / scale, image.getBoundingClientRect().height / scale],
  }));

  return {
    bodyPx: smallest(texts.filter((n) => !isCode(n.parentElement))),
    codePx: smallest(texts.filter((n) => isCode(n.parentElement))),
    codeLines,
    covered,
    prose,
    faint,
    images,
    links: [...slide.querySelectorAll("a[href]")].filter((a) => !skipped(a)).length,
    text: slide.innerText,
  };
})();
