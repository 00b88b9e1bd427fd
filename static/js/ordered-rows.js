// Ordered child rows in the admin (regionportal.backoffice.ordering). Every row has a hidden position input and
// the buttons "nach oben" / "nach unten", which without this script send the form and come back with the row
// moved. With it, the buttons move the row in the page, the row can be dragged by its handle, and on submitting
// each row's position input gets the place the row stands at.
(function () {
    "use strict";
    const INPUT = "input[data-row-order]";
    const ROW = "tr.form-row, div.inline-related";

    function rowOf(element) {
        return element.closest(ROW);
    }

    function rowsBeside(row) {
        return Array.from(row.parentNode.children).filter(
            (element) => element.matches(ROW) && !element.classList.contains("empty-form")
        );
    }

    // A tabular row with errors of its own has a row with the messages right before it: they move together.
    function withErrors(row) {
        const before = row.previousElementSibling;
        return before && before.classList.contains("row-form-errors") ? [before, row] : [row];
    }

    function placeBefore(moving, anchor) {
        for (const element of withErrors(moving)) {
            anchor.parentNode.insertBefore(element, withErrors(anchor)[0]);
        }
    }

    function placeAfter(moving, anchor) {
        const next = anchor.nextElementSibling;
        for (const element of withErrors(moving)) {
            anchor.parentNode.insertBefore(element, next);
        }
    }

    function announce(row) {
        const input = row.querySelector(INPUT);
        const rows = rowsBeside(row);
        const status = row.closest(".inline-group").querySelector(".row-order-status");
        if (input && status) {
            status.textContent = input.dataset.labelMoved
                .replace("%(position)s", rows.indexOf(row) + 1)
                .replace("%(count)s", rows.length);
        }
    }

    // The pressed button's own row never leaves the document: its neighbour moves instead, so focus stays.
    function move(row, step) {
        const rows = rowsBeside(row);
        const neighbour = rows[rows.indexOf(row) + step];
        if (neighbour && step < 0) {
            placeAfter(neighbour, row);
        } else if (neighbour) {
            placeBefore(neighbour, row);
        }
        announce(row);
    }

    function enhance(input) {
        const group = input.closest(".inline-group");
        if (!group || group.classList.contains("row-order-enhanced")) {
            return;
        }
        group.classList.add("row-order-enhanced"); // shows the drag handles (static/css/ordered-rows.css)
        const status = document.createElement("p");
        status.className = "row-order-status visually-hidden";
        status.setAttribute("role", "status");
        group.append(status);
    }

    function enhanceAll(container) {
        container.querySelectorAll(INPUT).forEach(enhance);
    }

    // Dragging by the handle (mouse or touch); the buttons are the way for keyboards and screen readers.
    let dragged = null;

    document.addEventListener("pointerdown", (event) => {
        const handle = event.target.closest(".row-order-handle");
        if (handle) {
            rowOf(handle).draggable = true;
        }
    });

    document.addEventListener("pointerup", () => {
        if (!dragged) {
            document.querySelectorAll(".row-order-handle").forEach((handle) => {
                const row = rowOf(handle);
                if (row) {
                    row.draggable = false;
                }
            });
        }
    });

    document.addEventListener("dragstart", (event) => {
        const row = event.target.closest && event.target.closest(ROW);
        if (!row || !row.draggable) {
            return;
        }
        dragged = row;
        row.classList.add("row-order-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
    });

    document.addEventListener("dragover", (event) => {
        const target = dragged && event.target.closest && event.target.closest(ROW);
        if (!target || target.parentNode !== dragged.parentNode || target.classList.contains("empty-form")) {
            return;
        }
        event.preventDefault();
        if (target === dragged) {
            return;
        }
        const box = target.getBoundingClientRect();
        if (event.clientY > box.top + box.height / 2) {
            if (target.nextElementSibling !== withErrors(dragged)[0]) {
                placeAfter(dragged, target);
            }
        } else if (withErrors(target)[0].previousElementSibling !== dragged) {
            placeBefore(dragged, target);
        }
    });

    function endDrag() {
        if (dragged) {
            dragged.draggable = false;
            dragged.classList.remove("row-order-dragging");
            announce(dragged);
            dragged = null;
        }
    }
    document.addEventListener("drop", (event) => {
        if (dragged) {
            event.preventDefault();
        }
    });
    document.addEventListener("dragend", endDrag);

    // With the script the buttons move the row here instead of sending the form.
    document.addEventListener("click", (event) => {
        const pressed = event.target.closest(".row-order-up, .row-order-down");
        if (pressed) {
            event.preventDefault();
            move(rowOf(pressed), pressed.classList.contains("row-order-up") ? -1 : 1);
        }
    });

    // Django's "remove" of a new row renumbers the form names in document order; the rows stand in form order
    // while it does, and where the editor put them again afterwards.
    document.addEventListener(
        "click",
        (event) => {
            const link = event.target.closest(".inline-deletelink");
            const row = link && rowOf(link);
            if (!row || !row.querySelector(INPUT)) {
                return;
            }
            const shown = rowsBeside(row);
            const index = (element) => parseInt(element.id.replace(/^.*-/, ""), 10);
            const template = row.parentNode.querySelector(":scope > .empty-form");
            for (const element of [...shown].sort((a, b) => index(a) - index(b))) {
                placeBefore(element, template);
            }
            setTimeout(() => {
                for (const element of shown.filter((element) => element.isConnected)) {
                    placeBefore(element, template);
                }
            });
        },
        true
    );

    document.addEventListener("submit", (event) => {
        for (const group of event.target.querySelectorAll(".inline-group")) {
            const inputs = Array.from(group.querySelectorAll(INPUT)).filter((input) => !input.closest(".empty-form"));
            inputs.forEach((input, position) => {
                input.value = position + 1;
            });
        }
    });

    document.addEventListener("formset:added", (event) => enhanceAll(event.target));
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
    } else {
        enhanceAll(document);
    }
})();
