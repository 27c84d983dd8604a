// After a webinar's time, the same moment in the reader's own time zone when theirs is another:
// "(11:00 AM – 12:00 PM your time)". Without JavaScript the webinar's own time stands alone.
(function () {
  "use strict";
  var reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var clock = { hour: "numeric", minute: "2-digit" };
  var day = { weekday: "long", day: "numeric", month: "long" };

  function format(moment, timeZone, options) {
    return new Intl.DateTimeFormat("en-US", Object.assign({ timeZone: timeZone }, options)).format(moment);
  }

  document.querySelectorAll("[data-webinar-zone]").forEach(function (when) {
    var zone = when.getAttribute("data-webinar-zone");
    var moments = Array.prototype.map.call(when.querySelectorAll("time[datetime]"), function (time) {
      return new Date(time.getAttribute("datetime"));
    });
    if (!moments.length || moments.some(isNaN)) return;
    var otherDay = format(moments[0], zone, day) !== format(moments[0], reader, day);
    if (!otherDay && moments.every(function (m) { return format(m, zone, clock) === format(m, reader, clock); })) return;
    var text = moments.map(function (moment, index) {
      return format(moment, reader, index === 0 && otherDay ? Object.assign({}, day, clock) : clock);
    }).join(" – ");
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + text + " your time)";
    when.appendChild(note);
  });
})();
