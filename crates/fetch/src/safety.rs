//! Refusal of URLs that point at this machine, the local network or reserved
//! address space (SSRF protection), checked on IP literals and again after DNS.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::error::{FetchError, Result};

/// Whether an address is refused unless private addresses are allowed:
/// unspecified, loopback, private (10/8, 172.16/12, 192.168/16), CGNAT
/// (100.64/10), link-local, multicast, broadcast, documentation, benchmarking
/// and reserved IPv4 ranges; IPv6 outside global unicast (2000::/3), unique-local,
/// documentation and IETF-reserved ranges; and IPv4-mapped, -compatible, 6to4 and
/// NAT64 IPv6 addresses whose embedded IPv4 address is refused.
pub fn is_refused_ip(ip: IpAddr) -> bool {
    refusal(ip).is_some()
}

/// Why an address is refused, `None` when it is fine.
pub(crate) fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "an unspecified (\"this network\") address"),
        ([10, 0, 0, 0], 8, "a private address"),
        ([100, 64, 0, 0], 10, "a shared (CGNAT) address"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        ([169, 254, 0, 0], 16, "a link-local address"),
        ([172, 16, 0, 0], 12, "a private address"),
        ([192, 0, 0, 0], 24, "an IETF protocol address"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 88, 99, 0], 24, "a reserved (6to4 relay) address"),
        ([192, 168, 0, 0], 16, "a private address"),
        ([198, 18, 0, 0], 15, "a benchmarking address"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        // 240/4 includes the broadcast address 255.255.255.255
        ([240, 0, 0, 0], 4, "a reserved or broadcast address"),
    ];
    RANGES.iter().find(|(net, prefix, _)| in_v4(ip, *net, *prefix)).map(|(_, _, why)| *why)
}

fn in_v6(ip: Ipv6Addr, net: u128, prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
    (u128::from(ip) & mask) == (net & mask)
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(ip);
    let low32 = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    // Forms that carry an IPv4 address: judged by that address.
    if in_v6(ip, 0xffff_0000_0000, 96) // IPv4-mapped ::ffff:a.b.c.d
        || in_v6(ip, 0xffff_0000_0000_0000, 96) // IPv4-translated ::ffff:0:a.b.c.d
        || in_v6(ip, 0x0064_ff9b << 96, 96)
    // NAT64 64:ff9b::a.b.c.d
    {
        return refusal_v4(low32);
    }
    if in_v6(ip, 0, 96) {
        // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
        return match bits {
            0 => Some("an unspecified address"),
            1 => Some("a loopback address"),
            _ => refusal_v4(low32).or(Some("a deprecated IPv4-compatible address")),
        };
    }
    if in_v6(ip, 0x2002 << 112, 16) {
        // 6to4 2002:a.b.c.d::/48
        let embedded = Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32);
        return refusal_v4(embedded);
    }
    const RANGES: &[(u128, u32, &str)] = &[
        (0x0064_ff9b_0001 << 80, 48, "a local-use NAT64 address"),
        (0x2001 << 112, 23, "an IETF protocol address (Teredo, ORCHID, benchmarking)"),
        (0x2001_0db8 << 96, 32, "a documentation address"),
        (0x3fff << 112, 20, "a documentation address"),
        (0xfc00 << 112, 7, "a unique-local (private) address"),
        (0xfe80 << 112, 10, "a link-local address"),
        (0xfec0 << 112, 10, "a site-local address"),
        (0xff00 << 112, 8, "a multicast address"),
    ];
    if let Some((_, _, why)) = RANGES.iter().find(|(net, prefix, _)| in_v6(ip, *net, *prefix)) {
        return Some(why);
    }
    if !in_v6(ip, 0x2000 << 112, 3) {
        return Some("outside IPv6 global unicast space");
    }
    None
}

fn is_localhost_name(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    d == "localhost" || d.ends_with(".localhost")
}

/// Checks what can be checked without DNS: the scheme is http or https, there
/// are no credentials, there is a host, and (unless `allow_private`) the host is
/// neither `localhost` nor a refused IP literal. Host names are checked again,
/// after resolution, by the fetcher's resolver.
pub fn check_url(url: &Url, allow_private: bool) -> Result<()> {
    let bad = |reason: String| Err(FetchError::BadUrl { url: url.to_string(), reason });
    match url.scheme() {
        "http" | "https" => {}
        other => return bad(format!("unsupported scheme {other:?} (only http and https are fetched)")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return bad("URLs with user name or password are not fetched".into());
    }
    let private = |host: String, detail: &str| {
        Err(FetchError::PrivateAddress { url: url.to_string(), host, detail: detail.to_string() })
    };
    match url.host() {
        None => bad("no host".into()),
        Some(_) if allow_private => Ok(()),
        Some(Host::Domain(d)) if is_localhost_name(d) => private(d.to_string(), "a loopback name"),
        Some(Host::Domain(_)) => Ok(()),
        Some(Host::Ipv4(ip)) => match refusal_v4(ip) {
            Some(why) => private(ip.to_string(), why),
            None => Ok(()),
        },
        Some(Host::Ipv6(ip)) => match refusal_v6(ip) {
            Some(why) => private(format!("[{ip}]"), why),
            None => Ok(()),
        },
    }
}

/// The resolver's error when every address of a name is refused; found again in
/// reqwest's error chain to report `private_address` instead of a network error.
#[derive(Debug)]
pub(crate) struct RefusedAddress {
    pub host: String,
    pub detail: String,
}

impl fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} resolves only to refused addresses ({})", self.host, self.detail)
    }
}

impl std::error::Error for RefusedAddress {}

/// System DNS that drops refused addresses, so the address connected to is the
/// one checked (no window for DNS rebinding between check and connect).
#[derive(Debug, Clone)]
pub(crate) struct SafeResolver {
    pub allow_private: bool,
    /// Names whose private addresses are allowed (`private_hosts` without a port).
    pub private_names: Arc<[String]>,
}

impl SafeResolver {
    pub(crate) async fn lookup(self, host: String) -> std::result::Result<Vec<SocketAddr>, std::io::Error> {
        let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
        if self.allow_private || self.private_names.iter().any(|n| n.eq_ignore_ascii_case(&host)) {
            return Ok(all);
        }
        let mut why = Vec::new();
        let kept: Vec<SocketAddr> = all
            .into_iter()
            .filter(|a| match refusal(a.ip()) {
                Some(reason) => {
                    why.push(format!("{} is {reason}", a.ip()));
                    false
                }
                None => true,
            })
            .collect();
        if kept.is_empty() {
            let detail = if why.is_empty() { "no addresses".to_string() } else { why.join(", ") };
            return Err(std::io::Error::other(RefusedAddress { host, detail }));
        }
        Ok(kept)
    }
}

impl Resolve for SafeResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs = this.lookup(host).await?;
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// Finds a [`RefusedAddress`] in an error's source chain.
pub(crate) fn find_refused<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a RefusedAddress> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(err);
    // error chains are short; the bound guards against a cyclic `source`
    for _ in 0..32 {
        let e = cur?;
        if let Some(r) = e.downcast_ref::<RefusedAddress>() {
            return Some(r);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(r) = io.get_ref().and_then(|inner| inner.downcast_ref::<RefusedAddress>()) {
                return Some(r);
            }
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        is_refused_ip(s.parse().unwrap())
    }

    #[test]
    fn ipv4_ranges() {
        for ip in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.254",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.7",
            "198.51.100.1",
            "203.0.113.9",
            "198.18.0.1",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "93.184.216.34", "172.15.255.255"] {
            assert!(!refused(ip), "{ip} should be allowed");
        }
    }

    #[test]
    fn ipv6_ranges_and_embedded_ipv4() {
        for ip in [
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "2001::1",
            "fec0::1",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
        for ip in ["2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"] {
            assert!(!refused(ip), "{ip} should be allowed");
        }
    }

    #[test]
    fn urls() {
        let check = |s: &str, allow| check_url(&Url::parse(s).unwrap(), allow).map_err(|e| e.kind().into_owned());
        assert_eq!(check("http://127.0.0.1/", false).unwrap_err(), "private_address");
        assert_eq!(check("http://0x7f.1/", false).unwrap_err(), "private_address");
        assert_eq!(check("http://2130706433/", false).unwrap_err(), "private_address");
        assert_eq!(check("http://0/", false).unwrap_err(), "private_address");
        assert_eq!(check("http://[0:0:0:0:0:ffff:a9fe:a9fe]/", false).unwrap_err(), "private_address");
        assert_eq!(check("http://[::ffff:127.0.0.1]/", false).unwrap_err(), "private_address");
        assert_eq!(check("http://LOCALHOST./x", false).unwrap_err(), "private_address");
        assert_eq!(check("http://a.localhost/x", false).unwrap_err(), "private_address");
        assert_eq!(check("ftp://example.com/", false).unwrap_err(), "bad_url");
        assert_eq!(check("file:///etc/passwd", true).unwrap_err(), "bad_url");
        assert_eq!(check("https://u:p@example.com/", false).unwrap_err(), "bad_url");
        assert!(check("https://example.com/a?b", false).is_ok());
        assert!(check("http://127.0.0.1:8080/", true).is_ok());
        assert!(check("http://8.8.8.8/", false).is_ok());
    }

    #[tokio::test]
    async fn resolver_drops_refused_addresses() {
        let err = SafeResolver { allow_private: false, private_names: Arc::from(Vec::new()) }
            .lookup("localhost".into())
            .await
            .unwrap_err();
        let refused = find_refused(&err).expect("a RefusedAddress in the chain");
        assert_eq!(refused.host, "localhost");
        assert!(refused.detail.contains("loopback"), "{}", refused.detail);
        let ok = SafeResolver { allow_private: true, private_names: Arc::from(Vec::new()) }
            .lookup("localhost".into())
            .await
            .unwrap();
        assert!(ok.iter().all(|a| a.ip().is_loopback()));
    }
}
