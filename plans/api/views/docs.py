"""The OpenAPI schema and Swagger UI, served from the app (no CDN) under the unchanged CSP.

Swagger UI's files come from drf-spectacular-sidecar's static files; its start-up script is
a separate same-origin file (SpectacularSwaggerSplitView's `?script`), never inline, and the
page's few styles are a static file too (static/css/api-docs.css).
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML by default; `?format=json` or Accept: application/json)."""


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI for the schema: try the endpoints with your session or a token."""

    template_name = "plans/api/docs.html"
    url_name = "api:schema"
    title = "Action plans API"
