//! Human-readable renderings of an article.

use newsdesk_model::{Article, BlockKind};

/// The line under the headline: authors, date, outlet.
fn byline(a: &Article) -> String {
    let mut parts = Vec::new();
    if !a.authors.is_empty() {
        parts.push(format!("By {}", a.authors.join(", ")));
    }
    if let Some(p) = &a.published {
        parts.push(p.to_string());
    }
    if let Some(s) = &a.site_name {
        parts.push(s.clone());
    }
    parts.join(" · ")
}

/// Plain text: headline, byline, URL, then the body paragraphs.
pub fn text(a: &Article) -> String {
    let mut out = String::new();
    if let Some(t) = &a.title {
        out.push_str(t);
        out.push('\n');
    }
    let by = byline(a);
    if !by.is_empty() {
        out.push_str(&by);
        out.push('\n');
    }
    if let Some(u) = a.canonical_url.as_ref().or(a.url.as_ref()) {
        out.push_str(u);
        out.push('\n');
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&a.text);
    out
}

/// Markdown: `#` headline, italic byline, `##` section headings, `>` quotes,
/// `-` list items, italic captions.
pub fn markdown(a: &Article) -> String {
    let mut out = String::new();
    if let Some(t) = &a.title {
        out.push_str(&format!("# {}\n\n", escape(t)));
    }
    let by = byline(a);
    if !by.is_empty() {
        out.push_str(&format!("*{}*\n\n", escape(&by)));
    }
    let mut prev: Option<BlockKind> = None;
    for b in &a.blocks {
        let t = escape(&b.text);
        if prev == Some(BlockKind::ListItem) && b.kind != BlockKind::ListItem {
            out.push('\n');
        }
        match b.kind {
            BlockKind::Heading => out.push_str(&format!("## {t}\n\n")),
            BlockKind::Paragraph => out.push_str(&format!("{t}\n\n")),
            BlockKind::Quote => out.push_str(&format!("> {t}\n\n")),
            BlockKind::ListItem => out.push_str(&format!("- {t}\n")),
            BlockKind::Caption => out.push_str(&format!("*{t}*\n\n")),
        }
        prev = Some(b.kind);
    }
    out.trim_end().to_string()
}

/// Cuts `s` to `n` characters, marking the cut with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Escapes the characters that would turn article text into markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\') || (i == 0 && matches!(c, '#' | '-' | '+')) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_model::Block;

    #[test]
    fn markdown_marks_structure_and_escapes_text() {
        let mut a = Article::new("x".into());
        a.title = Some("Rain *again*".into());
        a.authors = vec!["Ana Ruiz".into()];
        a.blocks = vec![
            Block::new(BlockKind::Paragraph, "First."),
            Block::new(BlockKind::Heading, "Aftermath"),
            Block::new(BlockKind::ListItem, "one"),
            Block::new(BlockKind::ListItem, "two"),
            Block::new(BlockKind::Quote, "We will rebuild."),
        ];
        let md = markdown(&a);
        assert_eq!(
            md,
            "# Rain \\*again\\*\n\n*By Ana Ruiz*\n\nFirst.\n\n## Aftermath\n\n- one\n- two\n\n> We will rebuild."
        );
    }
}
