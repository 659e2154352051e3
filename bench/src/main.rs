fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let lower = s.to_ascii_lowercase();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let rest = &lower[i..];
            let (end_pat, keep) = if rest.starts_with("<script") { ("</script", true) } else if rest.starts_with("<style") { ("</style", true) } else if rest.starts_with("<!--") { ("-->", false) } else { ("", false) };
            if !end_pat.is_empty() {
                if let Some(e) = lower[i + 4..].find(end_pat) {
                    let _ = keep;
                    i = i + 4 + e + end_pat.len();
                    continue;
                }
            }
        }
        let ch = s[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut pages = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        pages.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    for mode in 0..2 {
    let t = std::time::Instant::now();
    let mut n = 0;
    for p in &pages {
        let d = if mode == 1 { scraper::Html::parse_document(&strip(p)) } else { scraper::Html::parse_document(p) };
        n += d.tree.nodes().count();
    }
    let dt = t.elapsed().as_secs_f64();
    println!("mode {mode} {} pages {:.3}s {:.0} pages/s nodes {}", pages.len(), dt, pages.len() as f64 / dt, n);
    }
}
