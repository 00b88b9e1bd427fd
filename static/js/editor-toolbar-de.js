// The rich-text editor (django-prose-editor) names its toolbar buttons and block styles in English, outside its
// translation catalogue. This gives them the German names of the portal's JavaScript catalogue
// (locale/de/LC_MESSAGES/djangojs.po, served by the "editor-jsi18n" view) – also when the editor renames the
// block-style button while the cursor moves. Without a translation a name stays as it is.
(function () {
    "use strict";
    const translate = window.gettext;
    if (!translate) {
        return;
    }
    function germanise(root) {
        root.querySelectorAll(".prose-menubar [title]").forEach((button) => {
            const name = translate(button.getAttribute("title"));
            if (button.getAttribute("title") !== name) {
                button.setAttribute("title", name);
                button.setAttribute("aria-label", name);
            }
        });
        root.querySelectorAll(".prose-menubar__option > *").forEach((label) => {
            const name = translate(label.textContent);
            if (label.textContent !== name) {
                label.textContent = name;
            }
        });
    }
    function inMenubar(change) {
        const node = change.target.nodeType === Node.ELEMENT_NODE ? change.target : change.target.parentElement;
        const added = [...change.addedNodes].some(
            (added) => added.nodeType === Node.ELEMENT_NODE && (added.matches(".prose-menubar") || added.querySelector(".prose-menubar"))
        );  // an editor that appears later, e.g. in a row added to the form
        return added || Boolean(node && node.closest(".prose-menubar"));
    }
    // Once per batch of changes, and only when a toolbar changed (not on every keystroke in the text).
    const observer = new MutationObserver((changes) => {
        if (changes.some(inMenubar)) {
            germanise(document);
        }
    });
    document.addEventListener("DOMContentLoaded", () => {
        germanise(document);
        observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["title"]});
    });
})();
