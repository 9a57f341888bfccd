"""Schema post-processing: every operation documents the errors it can answer with.

drf-spectacular documents the success responses; this adds, to every operation, the error
responses the API shares (401, 403, 429; 404 where the path names an object; 400 where the
query or body can be invalid), each with its shape and an example.
"""

from __future__ import annotations

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "What was wrong, by field (or `detail`): each a list of messages.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}


def _error(description: str, example: str, schema: str = "Error") -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema}"},
                "example": {"detail": example},
            }
        },
    }


ERRORS = {
    "401": _error(
        "No valid credentials: sign in, or send `Authorization: Bearer <token>`. An expired"
        " or revoked token is refused here too.",
        "Authentication credentials were not provided.",
    ),
    "403": _error(
        "Signed in, but your role does not allow this (or the token is read-only).",
        "Your account has no role here yet: ask an admin for access.",
    ),
    "429": _error(
        "Too many requests with this token: wait the seconds in Retry-After.",
        "Request was throttled. Expected available in 12 seconds.",
    ),
}
NOT_FOUND = _error("Nothing with that id.", "No Action matches the given query.")
INVALID = {
    "description": "A filter, cursor, page size or field value is invalid.",
    "content": {
        "application/json": {
            "schema": {"$ref": "#/components/schemas/ValidationError"},
            "example": {"rating": ['"purple" is not a rating: use one of red, amber, ...']},
        }
    },
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"]["minimum"] = 0  # ids are digits only in the URL
            responses = operation["responses"]
            for status, response in ERRORS.items():
                responses.setdefault(status, response)
            if "{" in path:
                responses.setdefault("404", NOT_FOUND)
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("400", INVALID)
    return result
