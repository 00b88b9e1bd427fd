"""Formatting helpers used across the portal's templates."""

import hashlib
import json
from decimal import Decimal

import segno
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from regionportal.backoffice import richtext
from regionportal.caching.cache import cached, keeps_fragments, request_content_state
from regionportal.legal import easy_language
from regionportal.pages import structured_data

register = template.Library()


@register.simple_tag
def content_lang():
    """`` lang="de"`` on editorial text shown inside a page in another language (WCAG 3.1.2)."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')  # noqa: S308 - a setting, not user input


@register.filter
def euro(value):
    """An amount the German way: ``700000`` → ``700.000 €`` (cents only when there are any)."""
    return money(value, "EUR")


@register.filter
def money(value, currency="EUR"):
    """An amount in its ISO 4217 currency, grouped, cents only when there are any: ``700.000 €``, other currencies
    by their code (``7.460,90 DKK``)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    symbol = "€" if currency == "EUR" else currency
    return f"{number_format(amount, decimal_pos=decimals, force_grouping=True)}\N{NO-BREAK SPACE}{symbol}"


@register.filter
def percent(value):
    """A rate as precise as it is, up to two decimals: ``80.50`` → ``80,5 %``, ``80.00`` → ``80 %``."""
    if value in (None, ""):
        return ""
    rate = Decimal(value)
    decimals = next((places for places in (0, 1) if rate == round(rate, places)), 2)
    return f"{number_format(rate, decimal_pos=decimals)}\N{NO-BREAK SPACE}%"


@register.filter
def content_number(value):
    """A number inside editorial text ("über 1.000 Beschäftigte"), written as in the content's language whatever
    the page's: German text keeps its German digits on English pages. Up to two decimals, grouped thousands."""
    with translation.override(settings.LANGUAGE_CODE):
        return floatformat(value, "-2g")


@register.simple_tag
def elided_pages(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with the paginator's ellipsis for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)


@register.filter
def prose(text):
    """Editor text for a page: plain text becomes escaped paragraphs, HTML (from the rich-text editor, so it starts
    with a tag) is cleaned to the allow-list the admin stores (regionportal.backoffice.richtext)."""
    if not text:
        return ""
    if not richtext.is_html(text):
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - linebreaks escaped the text
    return mark_safe(richtext.clean_html(text))  # noqa: S308 - nh3 removed every tag and attribute outside the allow-list


@register.simple_tag
def flat_page_version(page):
    """The address of the flat page's version in Leichte Sprache, "" without one (regionportal.legal.easy_language)."""
    return easy_language.version_address(page)


@register.simple_tag
def flat_page_original(page):
    """The address of the page a flat page in Leichte Sprache is the version of (``/`` for ``/leichte-sprache/``)."""
    return easy_language.original_address(page)


@register.simple_tag
def qr_code(url, label):
    """The URL as an inline SVG QR code, drawn on the server (for printed pages and staff downloads)."""
    svg = segno.make(url, error="m").svg_inline(scale=3, title=label, svgclass="qr-code", lineclass=None)
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308 - segno output, label escaped


JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, obj=None):
    """``<script type="application/ld+json">`` describing ``obj`` (or the portal itself) for schema.org."""
    request = context["request"]
    data = (
        structured_data.describe(obj, request)
        if obj is not None
        else structured_data.website(request, context.get("portal_name", ""))
    )
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - <, >, & escaped


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        if not keeps_fragments(request):
            return self.nodelist.render(context)
        values = [get_language(), *(str(value.resolve(context)) for value in self.vary_on)]
        key = f"html:{self.name}:{hashlib.sha256(repr(values).encode()).hexdigest()}"
        return cached(key, lambda: self.nodelist.render(context), state=request_content_state(request))


@register.tag
def fragment(parser, token):
    """``{% fragment "name" value … %}…{% endfragment %}``: the enclosed HTML, kept until the content changes.

    The values name everything the fragment shows besides the content (the language is added): the rendered
    HTML is reused for the same values and the same content version (regionportal.caching.cache), so a public page
    that is not in the page cache still reuses its costly parts, such as filter forms and cards (staff always get
    them fresh). Never around anything per visitor (a CSRF token, a CSP nonce, a user's name).
    """
    name, *vary_on = token.split_contents()[1:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name.strip("\"'"), [parser.compile_filter(value) for value in vary_on])
