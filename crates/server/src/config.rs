//! Server settings: the `[server]` table of `DATA/newsdesk.toml`.

use serde::Deserialize;

/// Who may do what, and how much one request may ask for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// The bearer token write endpoints require (`Authorization: Bearer
    /// TOKEN`). Without one, write endpoints answer 403: writes are off.
    pub token: Option<String>,
    /// Whether reads need the token too (a private desk). Default: open.
    pub private_reads: bool,
    /// Most results one page of a list or search may hold.
    pub max_page_size: usize,
    /// Longest query text accepted, in bytes.
    pub max_query_len: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig { token: None, private_reads: false, max_page_size: 100, max_query_len: 1000 }
    }
}
