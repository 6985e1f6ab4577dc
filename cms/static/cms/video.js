// Videos load only on tap: the button is replaced by the player, so nothing from YouTube loads before.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-embed-src]");
  if (!button) return;
  const frame = document.createElement("iframe");
  frame.src = button.dataset.embedSrc;
  frame.title = button.dataset.embedTitle || "";
  frame.width = "640";
  frame.height = "360";
  frame.allow = "accelerometer; autoplay; encrypted-media; picture-in-picture";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.className = "video-frame";
  button.replaceWith(frame);
  frame.focus();
});
