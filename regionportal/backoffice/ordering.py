"""Ordered child rows in the back office (a project's goals, funding, contacts, images …): nobody types a number.

A row's ``order`` (regionportal.publishing.models.OrderedRow) is derived from its place in the form. Each row
carries its position as a hidden input and two buttons, "nach oben" and "nach unten":

- with JavaScript (static/js/ordered-rows.js) the buttons, or dragging the row by its handle, move the row in the
  page; on submitting, each row's hidden input gets the place the row stands at;
- without JavaScript a button sends the form: everything typed is saved with the row moved one place, and the
  same form comes back (``MoveRowResponseMixin``).

On the server (``OrderedFormSetMixin``) rows that bring a position keep it, rows without one (new rows) follow
in the order of the form, after all others – so a form posted without any position keeps the stored rows as
they were and puts the new ones last.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ORDER_FIELD = "order"  # the model field
POSITION_FIELD = "position"  # the form field the page sends
MOVE_BUTTON = "_row_move"  # the name of the buttons "nach oben" / "nach unten"; value "<position input>:up|down"
HIGHEST_POSITION = 32767  # PositiveSmallIntegerField
STEPS = {"up": -1, "down": 1}


class RowOrderInput(forms.Widget):
    """The hidden position and the buttons that move the row, with the texts the script needs (in the page's
    language). Not a hidden widget: the table keeps a column for the buttons."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<input type="hidden" name="{name}" value="{value}" id="{id}" data-row-order'
            ' data-label-moved="{moved}"><span class="row-order">'
            '<span class="row-order-handle" title="{drag}" aria-hidden="true"></span>'
            '<button type="submit" name="{button}" value="{name}:up" class="row-order-up">'
            '<span aria-hidden="true">▲</span><span class="visually-hidden">{up}</span></button>'
            '<button type="submit" name="{button}" value="{name}:down" class="row-order-down">'
            '<span aria-hidden="true">▼</span><span class="visually-hidden">{down}</span></button></span>',
            name=name,
            value="" if value is None else value,
            id=attrs.get("id", ""),
            moved=_("Jetzt an Stelle %(position)s von %(count)s."),
            drag=_("Zum Verschieben ziehen oder die Pfeile daneben verwenden"),
            button=MOVE_BUTTON,
            up=_("Zeile nach oben"),
            down=_("Zeile nach unten"),
        )

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def id_for_label(self, id_):
        return None  # a label names no hidden input


class RowOrderField(forms.CharField):
    """A row's position as the page sent it; read by the formset, which also decides whether the order changed."""

    widget = RowOrderInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False  # a position alone does not make an empty new row an entry


def read_position(text):
    """The position a row brought as an int, ``None`` if it brought none."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > HIGHEST_POSITION:
        raise ValidationError(
            _("Die Reihenfolge der Zeilen ließ sich nicht lesen. Bitte laden Sie die Seite neu und ordnen Sie erneut."),
            code="invalid_order",
        )
    return int(text)


class OrderedRowForm(forms.ModelForm):
    position = RowOrderField(label=_("Reihenfolge"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # a new row has no position until the page or the server gives it one
            self.initial.setdefault(POSITION_FIELD, self.instance.order)


class OrderedFormSetMixin:
    """Gives each kept row its ``order``: the position it brought, else the next one after all brought positions,
    in the order of the form; a pressed "nach oben"/"nach unten" moves its row one place and numbers all rows."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk is not None or form.has_changed())
        ]
        brought = {form: read_position(form.cleaned_data.get(POSITION_FIELD)) for form in kept}
        following = max((position for position in brought.values() if position is not None), default=0)
        for form in kept:
            if brought[form] is None:
                following += 1
                brought[form] = following
        moved = self._moved_rows(sorted(kept, key=lambda form: brought[form]))  # sorted() keeps the form's order
        if moved is not None:
            brought = {form: place for place, form in enumerate(moved, 1)}
        for form in kept:
            if form.instance.pk is not None and brought[form] != form.instance.order:
                form.changed_data.append(POSITION_FIELD)  # saved, and named in the change message
            form.instance.order = brought[form]

    def _moved_rows(self, rows):
        """``rows`` in their order after the button pressed in this formset, ``None`` if none was."""
        name, _colon, direction = (self.data.get(MOVE_BUTTON) or "").rpartition(":")
        names = [form.add_prefix(POSITION_FIELD) for form in rows]
        if direction not in STEPS or name not in names:
            return None
        index = names.index(name)
        other = min(max(index + STEPS[direction], 0), len(rows) - 1)
        rows[index], rows[other] = rows[other], rows[index]
        return rows


def is_ordered(model):
    try:
        model._meta.get_field(ORDER_FIELD)
    except FieldDoesNotExist:
        return False
    return True


def _replace(field, replacement):
    """A fieldset's entry with ``order`` replaced by ``replacement`` (a list of names; a line stays one line)."""
    if isinstance(field, (list, tuple)):
        return [tuple(new for name in field for new in _replace(name, replacement))]
    return replacement if field == ORDER_FIELD else [field]


class OrderedRowsMixin:
    """Inline admins of rows with an ``order`` field: ordered by position; the number itself is never shown or
    typed. Fieldsets may name ``order`` where the buttons should go (first by default)."""

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        self.ordered = is_ordered(self.model)
        if self.ordered:
            self.formset = type(f"Ordered{self.formset.__name__}", (OrderedFormSetMixin, self.formset), {})
            self.form = type(f"Ordered{self.form.__name__}", (OrderedRowForm, self.form), {})

    def _may_reorder(self, request, obj):
        return self.has_change_permission(request, obj) or self.has_add_permission(request, obj)

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name not in (ORDER_FIELD, POSITION_FIELD)]
        if self.ordered and not self.fieldsets:
            fields.insert(0, ORDER_FIELD)  # first: the column the buttons stand in
        return fields

    def get_fieldsets(self, request, obj=None):
        if not self.ordered:
            return super().get_fieldsets(request, obj)
        replacement = [POSITION_FIELD] if self._may_reorder(request, obj) else []
        return [
            (
                name,
                options | {"fields": [new for field in options["fields"] for new in _replace(field, replacement)]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    @property
    def media(self):
        media = super().media
        if self.ordered:
            media += forms.Media(js=["js/ordered-rows.js"], css={"all": ["css/ordered-rows.css"]})
        return media


class MoveRowResponseMixin:
    """Change forms with ordered rows: after "nach oben"/"nach unten" without JavaScript the same form again."""

    def response_change(self, request, obj):
        if MOVE_BUTTON in request.POST:
            self.message_user(
                request, gettext("Die Zeile wurde verschoben und der Eintrag gesichert."), messages.SUCCESS
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if MOVE_BUTTON in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"  # Django's "Sichern und weiter bearbeiten": on to the new entry's form
        return super().response_add(request, obj, post_url_continue)
