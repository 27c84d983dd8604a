// The "character-count" controller (core/panels.py, CharacterCountFormMixin): a line under the
// field saying how many characters it holds against the length search engines show.
window.wagtail.app.register(
  "character-count",
  class extends window.StimulusModule.Controller {
    static values = { limit: Number };

    connect() {
      this.output = document.createElement("p");
      this.output.className = "w-field__help character-count";
      this.output.id = `${this.element.id}-character-count`;
      this.element.after(this.output);
      // Read with the field, after its help text.
      const describedBy = this.element.getAttribute("aria-describedby");
      if (!describedBy?.includes(this.output.id)) {
        this.element.setAttribute("aria-describedby", [describedBy, this.output.id].filter(Boolean).join(" "));
      }
      this.update();
    }

    disconnect() {
      this.output.remove();
    }

    update() {
      const count = this.element.value.length;
      const over = count > this.limitValue;
      this.output.textContent = over
        ? `${count} characters: about ${this.limitValue} are shown, the rest is cut off`
        : `${count} of about ${this.limitValue} characters shown`;
      // Not "error-message": Wagtail counts those as errors on the tab.
      this.output.classList.toggle("w-text-critical-200", over);
    }
  },
);
