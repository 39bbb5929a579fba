"""The admin HTTP API (in the OpenAPI docs), behind a bearer token from settings."""
