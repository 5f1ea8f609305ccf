"""API: the JSON API (OpenAPI at /api/v1/openapi.json), token-authenticated, under the same access rule as the pages."""
