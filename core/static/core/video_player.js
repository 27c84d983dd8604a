// Click-to-load video players: a video is a link to its host until the visitor clicks it; then the
// host's player (youtube-nocookie.com, or Vimeo with dnt=1: core/video.py) takes its place, playing,
// and takes the focus so keyboard and screen-reader users land in it. Nothing loads from the host
// before the click; without this script the link opens the video on its host.
// A page with several videos includes this script once per video: each run sets up the links not yet set up.
(function () {
  "use strict";

  function play(event) {
    // Ctrl-, Cmd-, Shift- and Alt-clicks do what they do on any link.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    var link = event.currentTarget;
    var frame = document.createElement("iframe");
    frame.className = "video__player";
    frame.src = link.dataset.player;
    frame.title = link.dataset.playerTitle;
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    link.replaceWith(frame);
    frame.focus();
  }

  document.querySelectorAll("a[data-player]:not([data-player-ready])").forEach(function (link) {
    link.setAttribute("data-player-ready", "");
    link.addEventListener("click", play);
  });
})();
