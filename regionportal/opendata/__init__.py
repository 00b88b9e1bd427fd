"""Open data: the portal's lists as CSV and JSON downloads, a read-only JSON API and a DCAT-AP.de catalogue.

Every dataset is described once in ``datasets`` (its rows, its stable field names, its filters); the exports,
the API, the OpenAPI document, the catalogue and the open-data page are generated from that description.
"""
