"""The portal's own pages and the frame around every page: home, search, short links, credits, error pages, the
sitemap, schema.org descriptions and share images. Part of the project package: it may use every app."""
