// Checklist ticks are remembered on this device (localStorage); nothing is sent to the server.
(() => {
  const prefix = "tumbuh-check-";
  for (const box of document.querySelectorAll("[data-check-key]")) {
    const key = prefix + box.dataset.checkKey;
    try {
      box.checked = localStorage.getItem(key) === "1";
    } catch (error) {
      return; // storage blocked: the boxes still work for this visit
    }
    box.addEventListener("change", () => {
      try {
        if (box.checked) localStorage.setItem(key, "1");
        else localStorage.removeItem(key);
      } catch (error) {
        /* storage full or blocked: keep the tick for this visit only */
      }
    });
  }
})();
