//! Shared coverage counts (per day, outlet, country) for the API and the attention page.
