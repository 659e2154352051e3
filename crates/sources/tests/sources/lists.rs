use newsdesk_sources::{parse_source_list, ListProblem, SourceSpec};

use crate::url;

#[test]
fn nested_opml() {
    let opml = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="World">
      <outline text="Wire" title="Wire Service" type="rss" xmlUrl="https://wire.example/rss" htmlUrl="https://wire.example/"/>
      <outline text="Regional">
        <outline text="Local paper" htmlUrl="https://local.example/"/>
      </outline>
    </outline>
    <outline text="Tagged" xmlUrl="https://tagged.example/feed?a=1&amp;b=2" category="/Tech/Science"/>
    <outline text="Broken" xmlUrl="javascript:alert(1)"/>
    <outline text="Link" type="link" url="https://link.example/page"/>
    <outline text="Dup" xmlUrl="https://wire.example/rss"/>
  </body>
</opml>"#;
    let (specs, problems) = parse_source_list(opml.as_bytes()).unwrap();
    assert_eq!(
        specs,
        vec![
            SourceSpec {
                url: url("https://wire.example/rss"),
                name: Some("Wire Service".into()),
                category: Some("World".into())
            },
            SourceSpec {
                url: url("https://local.example/"),
                name: Some("Local paper".into()),
                category: Some("Regional".into())
            },
            SourceSpec {
                url: url("https://tagged.example/feed?a=1&b=2"),
                name: Some("Tagged".into()),
                category: Some("/Tech/Science".into())
            },
            SourceSpec { url: url("https://link.example/page"), name: Some("Link".into()), category: None },
        ]
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 12);
    assert!(problems[0].message.contains("javascript"), "{}", problems[0].message);
}

#[test]
fn plain_list_with_comments_names_and_a_bad_line() {
    let list = "# my sources\n\nhttps://a.example/feed\thttps A Feed\nhttp://b.example/rss.xml   B News  \n  # indented comment\nnot a url at all\nmailto:x@y.example\nc.example/sitemap.xml\r\nhttps://a.example/feed duplicate\n";
    let (specs, problems) = parse_source_list(list.as_bytes()).unwrap();
    let got: Vec<_> = specs.iter().map(|s| (s.url.as_str(), s.name.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("https://a.example/feed", Some("https A Feed")),
            ("http://b.example/rss.xml", Some("B News")),
            ("https://c.example/sitemap.xml", None),
        ]
    );
    let lines: Vec<usize> = problems.iter().map(|p: &ListProblem| p.line).collect();
    assert_eq!(lines, [6, 7]);
}

#[test]
fn broken_opml_keeps_what_came_before() {
    let opml = "<opml><body>\n<outline xmlUrl=\"https://ok.example/rss\"/>\n<outline xmlUrl=\"https://cut.example";
    let (specs, problems) = parse_source_list(opml.as_bytes()).unwrap();
    assert_eq!(specs.len(), 1);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].line >= 2, "{problems:?}");
    let (specs, problems) = parse_source_list(b"<rss version='2.0'/>").unwrap();
    assert!(specs.is_empty() && problems.len() == 1);
}
