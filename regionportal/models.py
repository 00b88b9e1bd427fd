"""The models of the app label ``regionportal``, each defined in the sub-package it belongs to.

Django loads an app's models from this module; the code that uses them imports them from their own package
(regionportal.publishing.models, regionportal.media.models, regionportal.backoffice.models,
regionportal.legal.models, regionportal.search.models).
"""

from regionportal.backoffice.models import ChangeProposal, EditorAssignment, ProjectContributor
from regionportal.legal.models import AccessibilityStatement, BarrierReport
from regionportal.media.models import Document, Image
from regionportal.publishing.models import FormerSlug, ShortLink
from regionportal.search.models import SearchEntry, SearchWord

__all__ = [
    "AccessibilityStatement",
    "BarrierReport",
    "ChangeProposal",
    "Document",
    "EditorAssignment",
    "FormerSlug",
    "Image",
    "ProjectContributor",
    "SearchEntry",
    "SearchWord",
    "ShortLink",
]
