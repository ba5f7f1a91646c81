/* Scrubbers: an explorer played on the static page, no kernel needed.
 *
 * Each <div class="gd-scrubber"> (written by _ext/scrubber.py) holds its frames in
 * data-frames (src and alt text of every state, last slider fastest) and one range input per
 * slider, whose positions index data-values. Moving any slider (mouse, touch or keyboard)
 * shows the frame of the new state. Frames are ordinary images: the first loads lazily with
 * the page; the others load the first time the reader reaches for a slider. The inputs stay
 * disabled until this script runs, so a page without scripts shows one still frame.
 */
(function () {
  "use strict";

  function setUp(box) {
    var frames = JSON.parse(box.dataset.frames);
    var inputs = Array.prototype.slice.call(box.querySelectorAll("input[type=range]"));
    var img = box.querySelector("img.gd-scrubber-frame");
    var fetched = false;

    function prefetch() {
      if (fetched) return;
      fetched = true;
      frames.forEach(function (frame) { new Image().src = frame.src; });
    }

    function show() {
      var index = 0;
      inputs.forEach(function (input) {
        var values = JSON.parse(input.dataset.values);
        var position = Number(input.value);
        index = index * values.length + position;
        input.setAttribute("aria-valuetext", values[position]);
        var output = box.querySelector('output[for="' + input.id + '"]');
        if (output) output.textContent = values[position];
      });
      var frame = frames[index];
      if (img.getAttribute("src") !== frame.src) {
        img.setAttribute("src", frame.src);
        img.setAttribute("alt", frame.alt);
      }
      box.dataset.frame = String(index);
    }

    inputs.forEach(function (input) {
      input.disabled = false;
      input.addEventListener("input", show);
      input.addEventListener("change", show);
      input.addEventListener("pointerdown", prefetch);
      input.addEventListener("focus", prefetch);
    });
    show();
  }

  function init() {
    document.querySelectorAll("div.gd-scrubber").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
