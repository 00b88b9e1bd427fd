"""``{% og_image project %}``: the OpenGraph meta tags of a page's share image, if it is drawn; ``{% og_image %}``
for the home page."""

from django import template
from django.utils.html import format_html

from regionportal.pages.share_images import HEIGHT, WIDTH, is_stored, share_source

register = template.Library()


@register.simple_tag(takes_context=True)
def og_image(context, obj=None):
    source = share_source(obj)
    if not is_stored(source):  # drawn after the next save or by manage.py renditions: no link to a missing file
        return ""
    return format_html(
        '<meta property="og:image" content="{}{}">\n  <meta property="og:image:type" content="image/png">\n'
        '  <meta property="og:image:width" content="{}">\n  <meta property="og:image:height" content="{}">\n'
        '  <meta property="og:image:alt" content="{}">',
        context["canonical_base"],
        source.url,
        WIDTH,
        HEIGHT,
        source.alt,
    )
