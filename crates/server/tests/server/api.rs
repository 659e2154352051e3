//! The JSON API: every endpoint, errors, limits, paging, export, OpenAPI.
