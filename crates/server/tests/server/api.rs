//! The JSON API: every endpoint, errors, limits, paging, export, OpenAPI.

use std::collections::BTreeSet;

use std::sync::Arc;

use newsdesk_index::Hit;
use newsdesk_server::{ServerConfig, SimilarArticles};
use newsdesk_store::Store;
use serde_json::Value;

use crate::common::{article, corpus, run, serve, serve_state, serve_with, Served};

mod openapi;

/// GET `path` as JSON: status and body.
async fn get_json(s: &Served, path: &str) -> (u16, Value) {
    let (status, body) = s.get(path).await;
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}"));
    (status, json)
}

/// Asserts `body` is the API's error shape with `code`.
fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().expect("array").iter().map(|h| h["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn article_list_is_newest_first_and_filters() {
    let s = serve();
    run(async {
        let (status, all) = get_json(&s, "/api/v1/articles").await;
        assert_eq!(status, 200, "{all}");
        assert_eq!(all["total"], 5);
        assert_eq!(ids(&all["articles"]), ["hostile", "rates", "flood-own", "flood-copy", "flood-wire"]);
        assert!(all["next_cursor"].is_null());

        let (_, wire) = get_json(&s, "/api/v1/articles?source=Wire+Service&source=Daily%20Echo").await;
        assert_eq!(ids(&wire["articles"]), ["rates", "flood-copy", "flood-wire"]);
        let (_, de) = get_json(&s, "/api/v1/articles?country=de&lang=en").await;
        assert_eq!(ids(&de["articles"]), ["flood-own"]);
        let (_, days) = get_json(&s, "/api/v1/articles?from=2025-03-04&to=2025-03-04").await;
        assert_eq!(ids(&days["articles"]), ["flood-own"]);

        let (status, bad) = get_json(&s, "/api/v1/articles?from=last+week").await;
        assert_eq!(status, 400);
        assert_error(&bad, "bad_parameter");
        let (status, bad) = get_json(&s, "/api/v1/articles?cursor=xyz").await;
        assert_eq!(status, 400);
        assert_error(&bad, "bad_cursor");
        let (status, past) = get_json(&s, "/api/v1/articles?cursor=o99999999999").await;
        assert_eq!((status, past["articles"].as_array().map(Vec::len)), (200, Some(0)), "{past}");
        assert!(past["next_cursor"].is_null());
    });
}

#[test]
fn article_paging_visits_every_article_once() {
    let s = serve();
    run(async {
        let mut seen = Vec::new();
        let mut path = "/api/v1/articles?limit=2".to_string();
        for _ in 0..10 {
            let (status, page) = get_json(&s, &path).await;
            assert_eq!(status, 200, "{page}");
            assert!(page["articles"].as_array().expect("articles").len() <= 2);
            seen.extend(ids(&page["articles"]));
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/articles?limit=2&cursor={c}"),
                None => break,
            }
        }
        let unique: BTreeSet<&String> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (5, 5), "{seen:?}");
    });
}

#[test]
fn limits_bad_queries_and_unknown_ids() {
    let s = serve_with(corpus(), ServerConfig { max_page_size: 3, ..Default::default() });
    run(async {
        for path in ["/api/v1/articles?limit=4", "/api/v1/search?q=flood&limit=4", "/api/v1/stories?limit=9"] {
            let (status, body) = get_json(&s, path).await;
            assert_eq!(status, 400, "{path}");
            assert_error(&body, "limit_too_large");
        }
        for path in ["/api/v1/search?q=%22unclosed", "/api/v1/export?q=%22unclosed"] {
            let (status, body) = get_json(&s, path).await;
            assert_eq!(status, 400, "{path}");
            assert_error(&body, "bad_query");
        }
        for path in [
            "/api/v1/articles/nope",
            "/api/v1/articles/nope/similar",
            "/api/v1/articles/nope/copies",
            "/api/v1/articles/nope/quotes",
            "/api/v1/articles/nope/claims",
            "/api/v1/articles/nope/figures",
            "/api/v1/articles/nope/places",
            "/api/v1/stories/987654",
            "/api/v1/stories/not-a-number",
        ] {
            let (status, body) = get_json(&s, path).await;
            assert_eq!(status, 404, "{path}: {body}");
            assert_error(&body, "not_found");
        }
    });
}

/// A ranking that knows only `flood-copy`: the rates story first (no
/// lexical ranking would put it there), then the wire original (a copy, to
/// be set apart) and the outlet's own flood report.
struct FixedRanking;

impl SimilarArticles for FixedRanking {
    fn similar(
        &self,
        _store: &dyn Store,
        _index: &dyn newsdesk_index::ArticleSearch,
        id: &str,
        limit: usize,
    ) -> newsdesk_server::Result<Option<Vec<Hit>>> {
        if id != "flood-copy" {
            return Ok(None);
        }
        let hit = |id: &str, score: f32| Hit {
            id: id.into(),
            title: Some(format!("ranked {id}")),
            source: None,
            published: None,
            score,
            snippet: String::new(),
            snippet_html: String::new(),
        };
        let mut hits = vec![hit("rates", 0.9), hit("flood-wire", 0.8), hit("flood-own", 0.7)];
        hits.truncate(limit);
        Ok(Some(hits))
    }
}

/// The binary's blended ranking (`serve --model`) reaches the API and the
/// article page through `ServerState::with_similar`; articles it has
/// nothing for get the lexical list.
#[test]
fn a_similar_ranking_given_to_the_server_orders_the_list() {
    let s = serve_state(corpus(), ServerConfig::default(), |state| state.with_similar(Arc::new(FixedRanking)));
    run(async {
        let (status, body) = get_json(&s, "/api/v1/articles/flood-copy/similar?limit=5").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(ids(&body["similar"]), ["rates", "flood-own"], "{body}");
        assert_eq!(ids(&body["copies"]), ["flood-wire"], "the copy is set apart: {body}");

        let (status, html) = s.get("/article/flood-copy").await;
        assert_eq!(status, 200);
        let (rates, own) = (html.find("/article/rates"), html.find("/article/flood-own"));
        assert!(rates.is_some() && rates < own, "the ranking's order on the page: {html}");

        let (status, lexical) = get_json(&s, "/api/v1/articles/flood-own/similar?limit=5").await;
        assert_eq!(status, 200, "{lexical}");
        assert!(ids(&lexical["similar"]).contains(&"flood-copy".to_string()), "lexical fallback: {lexical}");
    });
}

#[test]
fn similar_splits_out_copies_and_copies_lists_the_chain() {
    let s = serve();
    run(async {
        let (status, body) = get_json(&s, "/api/v1/articles/flood-copy/similar?limit=5").await;
        assert_eq!(status, 200, "{body}");
        assert!(ids(&body["similar"]).contains(&"flood-own".to_string()), "{body}");
        assert!(!ids(&body["similar"]).contains(&"flood-wire".to_string()), "the copy is not in similar: {body}");
        let copies = body["copies"].as_array().expect("copies");
        let wire = copies.iter().find(|c| c["id"] == "flood-wire").expect("the wire original is a copy");
        assert!(wire["copy_similarity"].as_f64().is_some_and(|x| x > 0.8), "{wire}");

        let (_, one) = get_json(&s, "/api/v1/articles/flood-copy/similar?limit=0").await;
        assert_eq!(one["similar"].as_array().map(Vec::len), Some(0), "{one}");

        let (status, chain) = get_json(&s, "/api/v1/articles/flood-copy/copies").await;
        assert_eq!(status, 200, "{chain}");
        assert_eq!(ids(&chain["copies"]), ["flood-wire", "flood-copy"]);
        assert_eq!(chain["copies"][0]["canonical"], true);
        let (_, alone) = get_json(&s, "/api/v1/articles/rates/copies").await;
        assert!(alone["copies"].as_array().is_some_and(|c| c.len() <= 1), "{alone}");
    });
}

#[test]
fn analysis_parts() {
    let s = serve();
    run(async {
        let (status, quotes) = get_json(&s, "/api/v1/articles/flood-wire/quotes").await;
        assert_eq!(status, 200, "{quotes}");
        assert_eq!(quotes["id"], "flood-wire");
        let list = quotes["quotes"].as_array().expect("quotes");
        assert!(list.iter().any(|q| q["content"].as_str().is_some_and(|c| c.contains("never seen water"))), "{quotes}");
        let (_, claims) = get_json(&s, "/api/v1/articles/rates/claims").await;
        assert!(claims["claims"].is_array(), "{claims}");
        let (_, figures) = get_json(&s, "/api/v1/articles/rates/figures").await;
        let figures = figures["figures"].as_array().expect("figures");
        assert!(figures.iter().any(|f| f["text"].as_str().is_some_and(|t| t.contains("3.5"))), "{figures:?}");
        let (_, places) = get_json(&s, "/api/v1/articles/flood-own/places").await;
        assert!(places["places"]["countries"].is_array(), "{places}");
        let (_, article) = get_json(&s, "/api/v1/articles/flood-own").await;
        assert_eq!(article["analysis"]["places"], places["places"]);
    });
}

#[test]
fn stories_page_and_story() {
    let s = serve();
    run(async {
        let (status, all) = get_json(&s, "/api/v1/stories").await;
        assert_eq!(status, 200, "{all}");
        let stories = all["stories"].as_array().expect("stories").clone();
        assert!(!stories.is_empty());
        let flood = stories
            .iter()
            .find(|st| st["articles"].as_u64().is_some_and(|n| n >= 2))
            .expect("the flood story has several articles");

        let mut seen = Vec::new();
        let mut path = "/api/v1/stories?limit=1".to_string();
        for _ in 0..20 {
            let (_, page) = get_json(&s, &path).await;
            seen.extend(page["stories"].as_array().expect("stories").iter().map(|st| st["id"].to_string()));
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/stories?limit=1&cursor={c}"),
                None => break,
            }
        }
        let expected: Vec<String> = stories.iter().map(|st| st["id"].to_string()).collect();
        assert_eq!(seen, expected);

        let (_, big) = get_json(&s, "/api/v1/stories?min_articles=2").await;
        assert!(big["stories"].as_array().expect("stories").iter().all(|st| st["articles"].as_u64() >= Some(2)));
        let (_, none) = get_json(&s, "/api/v1/stories?since=2030-01-01").await;
        assert_eq!(none["stories"].as_array().map(Vec::len), Some(0), "{none}");

        let (status, page) = get_json(&s, &format!("/api/v1/stories/{}", flood["id"])).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["story"]["id"], flood["id"]);
        assert!(page["articles"].as_array().is_some_and(|a| a.len() >= 2), "{page}");
        assert!(page["outlets"].is_array() && page["timeline"].is_array(), "{page}");

        // The story's articles a page at a time, each as on the whole
        // listing (a copy names its original on a later page too);
        // outlets count them all.
        let all: Vec<Value> = page["articles"].as_array().expect("articles").clone();
        assert!(all.iter().any(|a| a["copy_of"].is_string()), "the flood story holds a copy: {page}");
        let (mut seen, mut cursor) = (Vec::new(), String::new());
        for _ in 0..20 {
            let (status, one) = get_json(&s, &format!("/api/v1/stories/{}?limit=1{cursor}", flood["id"])).await;
            assert_eq!(status, 200, "{one}");
            assert_eq!(one["outlets"], page["outlets"], "outlets over the whole story on every page");
            seen.extend(one["articles"].as_array().expect("articles").iter().cloned());
            match one["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(seen, all);

        // A story merged into another answers with that one; its page
        // sends readers there for good.
        let other = stories.iter().find(|st| st["id"] != flood["id"]).expect("another story");
        let mut store = newsdesk_store_sqlite::SqliteStore::open(s.data()).expect("store");
        let (from, into) = (other["id"].as_u64().expect("id"), flood["id"].as_u64().expect("id"));
        let merge = newsdesk_store::CoverageUpdate { story_merges: vec![(from, into)], ..Default::default() };
        newsdesk_store::Store::put_coverage(&mut store, &merge).expect("merge");
        let (status, merged) = get_json(&s, &format!("/api/v1/stories/{from}")).await;
        assert_eq!((status, merged["story"]["id"].as_u64()), (200, Some(into)), "{merged}");
        assert_eq!(merged["story"]["merged_from"], serde_json::json!([from]), "{merged}");
        let no_follow = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = no_follow.get(s.url(&format!("/story/{from}"))).send().await.expect("request");
        assert_eq!(r.status().as_u16(), 308);
        assert_eq!(r.headers()["location"].to_str().ok(), Some(format!("/story/{into}").as_str()));

        for odd in ["18446744073709551615", "-1", "abc", "9223372036854775808"] {
            let (status, body) = get_json(&s, &format!("/api/v1/stories/{odd}")).await;
            assert_eq!(status, 404, "{odd}: {body}");
        }
    });
}

#[test]
fn sources_with_their_health() {
    let s = serve_with(corpus(), ServerConfig { token: Some("secret".into()), ..Default::default() });
    run(async {
        let (status, none) = get_json(&s, "/api/v1/sources").await;
        assert_eq!((status, none), (200, serde_json::json!({ "sources": [] })));
        let added = s
            .client
            .post(s.url("/api/v1/sources"))
            .bearer_auth("secret")
            .json(&serde_json::json!({ "url": "https://news.example/feed.xml", "name": "Example News" }))
            .send()
            .await
            .expect("post");
        assert!(added.status().is_success(), "{:?}", added.text().await);
        let (_, listed) = get_json(&s, "/api/v1/sources").await;
        let first = &listed["sources"][0];
        assert_eq!(first["url"], "https://news.example/feed.xml", "{listed}");
        assert_eq!(first["name"], "Example News");
        assert_eq!(first["health"], "new");
        assert_eq!(first["polls"], 0);
    });
}

#[test]
fn private_reads_need_the_token() {
    let config = ServerConfig { token: Some("tok".into()), private_reads: true, ..Default::default() };
    let s = serve_with(corpus(), config);
    run(async {
        for path in ["/api/v1/articles", "/api/v1/stories", "/api/v1/sources", "/api/v1/openapi.json", "/api/v1/export"]
        {
            let (status, body) = get_json(&s, path).await;
            assert_eq!(status, 401, "{path}");
            assert_error(&body, "unauthorized");
            let r = s.client.get(s.url(path)).bearer_auth("wrong").send().await.expect("request");
            assert_eq!(r.status().as_u16(), 401, "{path}");
            let r = s.client.get(s.url(path)).bearer_auth("tok").send().await.expect("request");
            assert_eq!(r.status().as_u16(), 200, "{path}");
        }
    });
}

#[test]
fn export_streams_every_match_as_jsonl_or_csv() {
    let s = serve();
    run(async {
        let (_, found) = get_json(&s, "/api/v1/search?q=flood&limit=0").await;
        let total = found["total"].as_u64().expect("total");
        assert!(total >= 3, "{found}");

        let r = s.client.get(s.url("/api/v1/export?q=flood")).send().await.expect("export");
        assert_eq!(r.status().as_u16(), 200);
        let header = |r: &reqwest::Response, h: &str| {
            r.headers().get(h).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
        };
        assert!(header(&r, "content-type").starts_with("application/x-ndjson"));
        assert!(header(&r, "content-disposition").contains(".jsonl\""), "{}", header(&r, "content-disposition"));
        let body = r.text().await.expect("body");
        let lines: Vec<Value> =
            body.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
        assert_eq!(lines.len() as u64, total);
        assert!(lines.iter().all(|a| a["id"].is_string() && a["text"].is_string() && a["first_seen"].is_string()));

        let r = s.client.get(s.url("/api/v1/export?format=csv&source=Wire+Service")).send().await.expect("export");
        assert_eq!(r.status().as_u16(), 200);
        assert!(header(&r, "content-type").starts_with("text/csv"));
        assert!(header(&r, "content-disposition").contains(".csv\""));
        let body = r.text().await.expect("body");
        let rows: Vec<&str> = body.lines().collect();
        assert_eq!(rows[0], "id,published,source,country,language,title,url,authors");
        assert_eq!(rows.len(), 3, "{body}");
        assert!(rows[1].starts_with("rates,2025-03-05"), "{body}");

        let (_, all) = get_json(&s, "/api/v1/articles?limit=0").await;
        let r = s.client.get(s.url("/api/v1/export")).send().await.expect("export");
        assert_eq!(r.text().await.expect("body").lines().count() as u64, all["total"].as_u64().expect("total"));
        let (status, bad) = get_json(&s, "/api/v1/export?format=xml").await;
        assert_eq!(status, 400);
        assert_error(&bad, "bad_parameter");
    });
}

#[test]
fn many_articles_with_tied_times_page_and_export_whole() {
    let text = "The council met again on the budget for the coming year and the repairs to the old bridge. ".repeat(12);
    let articles = (0..260)
        .map(|i| {
            // Five publication times for all of them: ties across page ends.
            let date = format!("2025-01-0{}T08:00:00+00:00", 1 + i % 5);
            let source = if i % 2 == 0 { "Wire Service" } else { "Daily Echo" };
            article(&format!("a{i:03}"), source, "GB", &date, &format!("Council report {i}"), &[&text])
        })
        .collect();
    let s = serve_with(articles, ServerConfig::default());
    run(async {
        let mut seen = BTreeSet::new();
        let mut path = "/api/v1/articles?limit=100".to_string();
        let mut pages = 0;
        loop {
            let (status, page) = get_json(&s, &path).await;
            assert_eq!(status, 200, "{page}");
            for id in ids(&page["articles"]) {
                assert!(seen.insert(id.clone()), "{id} seen twice");
            }
            pages += 1;
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/articles?limit=100&cursor={c}"),
                None => break,
            }
        }
        assert_eq!((seen.len(), pages), (260, 3));

        // Several pieces of body: lines cut between pieces must join up.
        let body = s.client.get(s.url("/api/v1/export?q=council")).send().await.expect("export");
        let body = body.text().await.expect("body");
        assert!(body.len() > 3 * 64 * 1024, "{} bytes", body.len());
        let exported: BTreeSet<String> = body
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line")["id"].as_str().expect("id").to_string())
            .collect();
        assert_eq!(exported, seen);
        let csv = s.client.get(s.url("/api/v1/export?format=csv&source=Daily+Echo")).send().await.expect("export");
        assert_eq!(csv.text().await.expect("body").lines().count(), 131);
    });
}

#[test]
fn quotes_and_claims_across_the_collection() {
    let s = serve();
    run(async {
        let (status, body) = get_json(&s, "/api/v1/quotes?q=Riverton&speaker=berg").await;
        assert_eq!(status, 200, "{body}");
        let quotes = body["quotes"].as_array().expect("quotes");
        assert!(!quotes.is_empty(), "Anna Berg is quoted on the flood: {body}");
        for q in quotes {
            let who = format!("{} {}", q["speaker_name"], q["speaker"]).to_lowercase();
            assert!(who.contains("berg"), "{q}");
            assert!(q["article"]["id"].as_str().is_some_and(|id| id.starts_with("flood")), "{q}");
        }
        assert!(body["scanned"].as_u64().is_some_and(|n| n >= 1));

        let (status, all) = get_json(&s, "/api/v1/claims").await;
        assert_eq!(status, 200, "{all}");
        let claims = all["claims"].as_array().expect("claims");
        assert!(!claims.is_empty(), "{all}");
        let flag = claims[0]["evidence"].as_str().expect("evidence flag").to_string();
        let (_, same) = get_json(&s, &format!("/api/v1/claims?evidence={flag}")).await;
        let same = same["claims"].as_array().expect("claims");
        assert!(!same.is_empty() && same.iter().all(|c| c["evidence"] == flag.as_str()), "{same:?}");

        // Paging by cursor reads every article once: one article a page.
        let mut cursor = String::new();
        let mut seen = 0;
        for _ in 0..20 {
            let (status, page) = get_json(&s, &format!("/api/v1/claims?limit=1{cursor}")).await;
            assert_eq!(status, 200, "{page}");
            seen += page["scanned"].as_u64().unwrap_or(0);
            match page["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(seen, corpus().len() as u64, "every article read once across the pages");

        let (status, bad) = get_json(&s, "/api/v1/claims?evidence=maybe").await;
        assert_eq!(status, 400);
        assert_error(&bad, "bad_parameter");
        let (status, bad) = get_json(&s, "/api/v1/quotes?evidence=cited").await;
        assert_eq!(status, 400, "{bad}");
    });
}
