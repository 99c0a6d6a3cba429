// Renders a PDF into canvases with the vendored pdf.js (no CDN): one canvas per page, fitted to
// the width of its box, so the document reads on a 390 px phone as on a desktop.
const box = document.querySelector("[data-pdf-url]");
if (box) {
  const lib = await import(box.dataset.pdfLib);
  lib.GlobalWorkerOptions.workerSrc = box.dataset.pdfWorker;
  const status = box.querySelector("[data-pdf-status]");
  try {
    const pdf = await lib.getDocument({ url: box.dataset.pdfUrl, withCredentials: true }).promise;
    const pages = box.querySelector("[data-pdf-pages]");
    const ratio = window.devicePixelRatio || 1;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const width = pages.clientWidth || 800;
      const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = "100%";
      canvas.className = "border mb-2 bg-white";
      canvas.setAttribute("aria-label", `${box.dataset.pageLabel} ${n}`);
      pages.appendChild(canvas);
      await page.render({
        canvasContext: canvas.getContext("2d"), viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
      }).promise;
    }
    box.dataset.pdfRendered = String(pdf.numPages);
    if (status) status.remove();
  } catch (err) {
    if (status) status.textContent = box.dataset.errorLabel;
    box.dataset.pdfRendered = "error";
  }
}
