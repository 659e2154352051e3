//! `--model`: embeddings stored at ingest, caught up later, and the blended
//! `similar` list.

use std::path::Path;

use crate::model::model_dir;
use crate::serve::{http, start};
use crate::{article_page, json_lines, newsdesk, run, sample, stderr};

fn first_lithium_id(data: &Path) -> String {
    let hits =
        json_lines(&run(newsdesk(data).args(["search", "Halvard Bay lithium", "--format", "jsonl", "--limit", "1"])));
    hits[0]["id"].as_str().unwrap().to_string()
}

fn similar(data: &Path, id: &str, model: Option<&Path>) -> (Vec<serde_json::Value>, String) {
    let mut cmd = newsdesk(data);
    cmd.env_remove("NEWSDESK_MODEL").args(["similar", id, "--format", "jsonl", "--limit", "5"]);
    if let Some(m) = model {
        cmd.arg("--model").arg(m);
    }
    let o = run(&mut cmd);
    assert!(o.status.success(), "{}", stderr(&o));
    (json_lines(&o), stderr(&o))
}

#[test]
fn ingest_with_a_model_stores_vectors_and_similar_blends() {
    let Some(model) = model_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let o =
        run(newsdesk(data).arg("--model").arg(model).arg("ingest").arg(sample("articles.jsonl")).arg(sample("pages")));
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    let err = stderr(&o);
    let at = err.find(" embedded;").unwrap_or_else(|| panic!("{err}"));
    let embedded: u64 = err[..at].rsplit(' ').next().unwrap().parse().unwrap();
    assert!(embedded >= 20, "{err}");

    let id = first_lithium_id(data);
    let (blended, err) = similar(data, &id, Some(model));
    assert!(!err.contains("embedded"), "nothing left to embed: {err}");
    // Syndicated copies of the article come after the (at most 5) related ones.
    let related = blended.iter().take_while(|h| h.get("copy_similarity").is_none()).count();
    assert!(!blended.is_empty() && related <= 5, "{blended:?}");
    assert!(blended[related..].iter().all(|h| h["copy_similarity"].as_f64().unwrap() >= 0.6), "{blended:?}");
    assert!(blended.iter().all(|h| h["id"] != id.as_str()), "itself excluded");
    for h in &blended {
        let s = h["score"].as_f64().unwrap();
        // 0.3 * BM25/top + 0.7 * cosine is at most 1.
        assert!(s > 0.0 && s <= 1.0 + 1e-5, "blended score {s} in {h}");
        assert!(h["title"].is_string() && h["snippet"].is_string(), "{h}");
    }
    for part in [&blended[..related], &blended[related..]] {
        let scores: Vec<f64> = part.iter().map(|h| h["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    }
    // The samples' other lithium coverage is the wire story's copies.
    assert!(blended.iter().any(|h| h["title"].as_str().unwrap().to_lowercase().contains("lithium")), "{blended:?}");

    // Without a model: lexical as before (BM25 scores, not in [0, 1]).
    let (lexical, _) = similar(data, &id, None);
    assert!(lexical.iter().any(|h| h["score"].as_f64().unwrap() > 1.0), "{lexical:?}");
}

/// `serve --model` lists the blended "Similar articles" (scores in (0, 1])
/// that `similar --model` prints; without the model, the lexical list.
#[test]
fn serve_with_a_model_blends_similar_articles() {
    let Some(model) = model_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let o = run(newsdesk(data).arg("--model").arg(model).arg("ingest").arg(sample("articles.jsonl")));
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    let id = first_lithium_id(data);
    let (cli, _) = similar(data, &id, Some(model));
    let path = format!("/api/v1/articles/{id}/similar?limit=5");
    let listed = |extra: &[&str]| {
        let server = start(data, extra);
        let (status, body) = http(&server.addr, "GET", &path, &[], "");
        assert_eq!(status, 200, "{body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        body["similar"].as_array().unwrap().clone()
    };
    let model_arg = model.to_str().unwrap();
    let blended = listed(&["--model", model_arg]);
    assert!(!blended.is_empty());
    assert!(blended.iter().all(|h| h["score"].as_f64().is_some_and(|s| s > 0.0 && s <= 1.0 + 1e-5)), "{blended:?}");
    let cli_related: Vec<&serde_json::Value> =
        cli.iter().take_while(|h| h.get("copy_similarity").is_none()).map(|h| &h["id"]).collect();
    let served: Vec<&serde_json::Value> = blended.iter().map(|h| &h["id"]).collect();
    assert_eq!(served, cli_related, "the server lists what `similar --model` lists");
    let lexical = listed(&[]);
    assert!(lexical.iter().any(|h| h["score"].as_f64().unwrap() > 1.0), "{lexical:?}");
}

#[test]
fn a_store_ingested_without_a_model_catches_up_and_changed_articles_are_embedded_again() {
    let Some(model) = model_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let page = dir.path().join("p.jsonl");
    let write = |variant: &str| {
        let lines: Vec<String> = (0..3)
            .map(|n| {
                let url = format!("https://gazette.example/2025/03/14/council-vote-{n}");
                let v = if n == 0 { variant } else { "" };
                serde_json::json!({"url": url, "html": article_page(n, v)}).to_string()
            })
            .collect();
        std::fs::write(&page, lines.join("\n")).unwrap();
    };
    write("");
    let o = run(newsdesk(&data).env_remove("NEWSDESK_MODEL").arg("ingest").arg(&page));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("embedded"), "no model, no embedding: {}", stderr(&o));
    let ids: Vec<String> = json_lines(&run(newsdesk(&data).args(["list", "--format", "jsonl"])))
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);

    // `similar --model` embeds the three stored articles first.
    let (hits, err) = similar(&data, &ids[0], Some(model));
    assert!(err.contains("embeddings: 3 stored articles embedded"), "{err}");
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["score"].as_f64().unwrap() <= 1.0 + 1e-5), "{hits:?}");

    // One article changes: ingest with the model embeds just that one.
    write("(amended on Wednesday after a recount)");
    let o = run(newsdesk(&data).arg("--model").arg(model).arg("ingest").arg(&page));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 updated, 2 unchanged, 0 skipped, 0 failed, 1 embedded"), "{}", stderr(&o));
    let (_, err) = similar(&data, &ids[0], Some(model));
    assert!(!err.contains("embedded"), "{err}");

    // reindex --model: nothing to embed, vectors reported.
    let o = run(newsdesk(&data).arg("--model").arg(model).arg("reindex"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("vectors: 3 current"), "{}", stderr(&o));
}

#[test]
fn a_bad_model_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = run(newsdesk(&data).arg("ingest").arg(sample("pages/en-wire.html")));
    assert!(o.status.success(), "{}", stderr(&o));
    let id =
        json_lines(&run(newsdesk(&data).args(["list", "--format", "jsonl"])))[0]["id"].as_str().unwrap().to_string();
    let empty = dir.path().join("no-model");
    std::fs::create_dir_all(&empty).unwrap();
    for args in [vec!["similar", id.as_str()], vec!["reindex"], vec!["ingest", "-"]] {
        let o = run(newsdesk(&data).arg("--model").arg(&empty).args(&args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("not a usable all-MiniLM-L6-v2 directory") && err.contains("config.json"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // The env variable works like the option.
    let o = run(newsdesk(&data).env("NEWSDESK_MODEL", &empty).args(["similar", &id]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
