"""Media: the images and documents editors upload once and show on many pages – their models, the checks and
renditions made when a file is saved (never while a page renders), the upload forms and the typeface of the
pictures the portal draws. A building block: imports no app (docs/architecture.md)."""
