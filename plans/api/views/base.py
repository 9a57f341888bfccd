"""What every API view shares: JSON only, plans.permissions, keyset pages."""

from __future__ import annotations

from rest_framework.renderers import JSONRenderer

from plans.api.pagination import KeysetPagination
from plans.api.permissions import PlansPermission


class PlansAPIView:
    """JSON only (the browsable API's inline script breaks our CSP); permissions decided by
    plans.permissions; lists paged by keyset in `keyset_ordering` (ending with the pk)."""

    renderer_classes = [JSONRenderer]
    permission_classes = [PlansPermission]
    pagination_class = KeysetPagination
    keyset_ordering = ["pk"]
