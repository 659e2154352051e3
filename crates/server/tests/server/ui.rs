//! The UI pages beyond the article page: story, search, attention, sources.
