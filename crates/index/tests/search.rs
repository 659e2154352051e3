//! Search behaviour on a small handwritten corpus whose answers are known.

use std::collections::BTreeSet;

use newsdesk_index::{ArticleIndex, IndexError, SearchRequest, Sort};
use newsdesk_model::{Article, PubDate};

#[allow(clippy::too_many_arguments)]
fn article(
    id: &str,
    lang: &str,
    source: &str,
    country: &str,
    date: Option<&str>,
    authors: &[&str],
    title: &str,
    text: &str,
) -> Article {
    let mut a = Article::new(id.into());
    a.language = Some(lang.into());
    a.site_name = Some(source.into());
    a.country = Some(country.into());
    a.published = date.map(|d| PubDate::parse(d).unwrap());
    a.authors = authors.iter().map(|s| s.to_string()).collect();
    a.title = Some(title.into());
    a.text = text.into();
    a
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            "en1",
            "en",
            "Daily Planet",
            "GB",
            Some("2024-03-05T08:00:00+00:00"),
            &["Jane Smith"],
            "River Severn floods homes in Shrewsbury",
            "The River Severn flooded dozens of homes in Shrewsbury on Tuesday after days of heavy rain.\n\n\
             Officials declared a state of emergency and opened shelters. Residents were evacuated by boat from \
             the Frankwell quarter.",
        ),
        article(
            "en2",
            "en",
            "The Courier",
            "GB",
            Some("2024-03-06"),
            &["Tom Baker"],
            "Shrewsbury evacuates residents as Severn keeps rising",
            "Hundreds of residents in Shrewsbury were evacuated as the River Severn kept rising. Flood barriers \
             failed near the Frankwell quarter, and the council said the state of emergency would remain in force.",
        ),
        article(
            "en3",
            "en",
            "World Wire",
            "US",
            Some("2024-10-30T12:00:00-04:00"),
            &["Ana Ruiz"],
            "Flash floods hit Valencia suburbs",
            "Flash floods swept through suburbs south of Valencia after a storm dumped a year's rain in hours. \
             Cars were carried away, homes were flooded and rail lines closed.",
        ),
        article(
            "en4",
            "en",
            "Daily Planet",
            "GB",
            Some("2024-03-07"),
            &["Jane Smith"],
            "Central bank holds interest rates",
            "The central bank held interest rates at 5.25 percent, saying inflation was falling but the labour \
             market remained tight. Markets & traders had expected a hold.",
        ),
        article(
            "en5",
            "en",
            "The Courier",
            "GB",
            Some("2024-03-04"),
            &[],
            "Storm warning issued for the coast",
            "Forecasters issued a storm warning for the coast, with gusts of up to 90 mph expected overnight. \
             Ferries were cancelled.",
        ),
        article(
            "en6",
            "en",
            "World Wire",
            "US",
            Some("2024-02-20"),
            &[],
            "Emergency drill at the nuclear plant",
            "An emergency drill at the nuclear plant tested evacuation routes. No radiation was released.",
        ),
        article(
            "en7",
            "en",
            "Daily Planet",
            "GB",
            Some("2024-03-08"),
            &[],
            "State budget includes emergency fund",
            "The state government unveiled a budget that includes an emergency fund for councils. Critics said \
             the fund was too small.",
        ),
        article(
            "en8",
            "en",
            "The Courier",
            "GB",
            None,
            &[],
            "Opinion: why towns keep flooding",
            "Towns keep flooding because rivers were straightened and wetlands drained.",
        ),
        article(
            "de1",
            "de",
            "Süddeutsche Rundschau",
            "DE",
            Some("2024-06-03"),
            &[],
            "Hochwasser in Passau: Altstadt unter Wasser",
            "Nach tagelangem Regen hat die Donau die Altstadt von Passau erreicht. Die Feuerwehr brachte Bewohner \
             in Sicherheit. Die Überschwemmungen sind die schwersten seit Jahren.",
        ),
        article(
            "de2",
            "de-DE",
            "Berliner Blatt",
            "de",
            Some("2024-06-05"),
            &[],
            "Bundestag beschließt Haushalt",
            "Der Bundestag hat den Haushalt für das kommende Jahr beschlossen. Die Opposition kritisierte die \
             Schulden.",
        ),
        article(
            "fr1",
            "fr",
            "Le Quotidien",
            "FR",
            Some("2024-09-10"),
            &[],
            "Inondations à Nîmes : des quartiers sous l'eau",
            "De violentes inondations ont frappé Nîmes. Plusieurs quartiers sont sous l'eau et les pompiers \
             ont secouru des habitants.",
        ),
        article(
            "fr2",
            "fr",
            "Le Quotidien",
            "FR",
            Some("2024-09-12"),
            &[],
            "Élections municipales : la participation en baisse",
            "Les élections municipales ont été marquées par une participation en baisse dans la plupart des villes.",
        ),
        article(
            "ja1",
            "ja",
            "日本新報",
            "JP",
            Some("2024-07-15"),
            &[],
            "東京都で大雨、河川が氾濫",
            "東京都の多摩地域で記録的な大雨が降り、河川が氾濫した。住民に避難指示が出された。",
        ),
        article(
            "ko1",
            "ko",
            "한빛일보",
            "KR",
            Some("2024-07-16"),
            &[],
            "서울에 폭우",
            "서울에서 폭우로 도로가 침수되었다.",
        ),
        article(
            "ru1",
            "ru",
            "Вести Урала",
            "RU",
            Some("2024-04-08"),
            &[],
            "Наводнение в Оренбурге",
            "Наводнение затопило тысячи домов в Оренбурге. Жителей эвакуировали.",
        ),
    ]
}

fn index() -> ArticleIndex {
    let mut ix = ArticleIndex::open_in_ram().unwrap();
    ix.add(&corpus()).unwrap();
    ix.commit(Some("w1")).unwrap();
    ix
}

fn req(q: &str) -> SearchRequest {
    SearchRequest { limit: 100, ..SearchRequest::new(q) }
}

/// Ids matching `q`, as a set.
fn ids(ix: &ArticleIndex, q: &str) -> BTreeSet<String> {
    ids_of(ix, &req(q))
}

fn ids_of(ix: &ArticleIndex, r: &SearchRequest) -> BTreeSet<String> {
    let res = ix.search(r).unwrap_or_else(|e| panic!("{:?}: {e}", r.query));
    assert_eq!(res.total as usize, res.hits.len() + r.offset.min(res.total as usize), "{:?}", r.query);
    res.hits.into_iter().map(|h| h.id).collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

mod logic {
    use super::*;

    #[test]
    fn phrase_versus_words() {
        let ix = index();
        assert_eq!(ids(&ix, "\"state of emergency\""), set(&["en1", "en2"]));
        assert_eq!(ids(&ix, "state emergency"), set(&["en1", "en2", "en7"]));
        assert_eq!(ids(&ix, "\"emergency state\""), set(&[]));
    }

    #[test]
    fn and_or_not() {
        let ix = index();
        assert_eq!(ids(&ix, "flood Shrewsbury"), set(&["en1", "en2"]));
        assert_eq!(ids(&ix, "flood AND Shrewsbury"), set(&["en1", "en2"]));
        assert_eq!(ids(&ix, "storm OR drill"), set(&["en3", "en5", "en6"]));
        assert_eq!(ids(&ix, "flood NOT Shrewsbury"), set(&["en3", "en8"]));
        assert_eq!(ids(&ix, "flood -Shrewsbury"), set(&["en3", "en8"]));
        // Lowercase and/or are words (stop words here), not operators.
        assert_eq!(ids(&ix, "storm or drill"), set(&[]));
    }

    #[test]
    fn parentheses() {
        let ix = index();
        assert_eq!(ids(&ix, "(storm OR drill) -nuclear"), set(&["en3", "en5"]));
        assert_eq!(ids(&ix, "Severn (bank OR barriers)"), set(&["en2"]));
        assert_eq!(ids(&ix, "Severn bank OR barriers"), set(&["en2"]));
        assert_eq!(ids(&ix, "rates OR (Severn barriers)"), set(&["en2", "en4"]));
    }

    #[test]
    fn only_exclusions_match_the_rest() {
        let ix = index();
        let all_but = ids(&ix, "-flood");
        assert_eq!(all_but.len(), 15 - 4);
        assert!(!all_but.contains("en1") && all_but.contains("de1"));
    }

    #[test]
    fn prefix() {
        let ix = index();
        let got = ids(&ix, "evacu*");
        for id in ["en1", "en2", "en6"] {
            assert!(got.contains(id), "{got:?}");
        }
        assert!(!got.contains("en4"));
        assert_eq!(ids(&ix, "\"interest rat\"*"), set(&["en4"]));
    }

    #[test]
    fn fields() {
        let ix = index();
        assert_eq!(ids(&ix, "title:Shrewsbury"), set(&["en1", "en2"]));
        assert_eq!(ids(&ix, "title:evacuated"), set(&["en2"]));
        assert_eq!(ids(&ix, "title:(storm OR drill)"), set(&["en5", "en6"]));
        assert_eq!(ids(&ix, "author:smith"), set(&["en1", "en4"]));
        assert_eq!(ids(&ix, "author:\"jane smith\" rates"), set(&["en4"]));
        assert_eq!(ids(&ix, "source:courier"), set(&["en2", "en5", "en8"]));
        assert_eq!(ids(&ix, "lang:de"), set(&["de1", "de2"]));
        assert_eq!(ids(&ix, "country:us flood"), set(&["en3"]));
        // A phrase inside NOT (see guard.rs).
        assert_eq!(ids(&ix, "flood -source:\"the courier\""), set(&["en1", "en3"]));
    }
}

mod languages {
    use super::*;

    #[test]
    fn english_stemming() {
        let ix = index();
        let got = ids(&ix, "floods");
        for id in ["en1", "en3", "en8"] {
            assert!(got.contains(id), "floods should find {id}: {got:?}");
        }
        assert_eq!(ids(&ix, "evacuating residents"), set(&["en1", "en2"]));
    }

    #[test]
    fn german_and_french_stemming_and_accents() {
        let ix = index();
        assert_eq!(ids(&ix, "Überschwemmung"), set(&["de1"]));
        assert_eq!(ids(&ix, "uberschwemmung"), set(&["de1"]));
        assert_eq!(ids(&ix, "inondation"), set(&["fr1"]));
        assert_eq!(ids(&ix, "Nimes"), set(&["fr1"]));
        assert_eq!(ids(&ix, "election municipale"), set(&["fr2"]));
        assert_eq!(ids(&ix, "наводнения"), set(&["ru1"]));
    }

    #[test]
    fn stop_words_do_not_break_and() {
        let ix = index();
        // "the" is an English stop word: it must not make English articles fail the AND.
        assert_eq!(ids(&ix, "the Severn"), set(&["en1", "en2"]));
        assert_eq!(ids(&ix, "die Donau"), set(&["de1"]));
    }

    /// Regression: a query whose only positive word is a stop word in one
    /// language becomes "everything but ..." there; that must stay within
    /// the language's articles, not match every English article too.
    #[test]
    fn stop_word_exclusion_stays_in_its_language() {
        let ix = index();
        assert_eq!(ids(&ix, "die NOT Bundestag"), set(&["de1"]));
        assert_eq!(ids(&ix, "(die -Bundestag) OR Frankwell"), set(&["de1", "en1", "en2"]));
    }

    #[test]
    fn cjk_substrings() {
        let ix = index();
        assert_eq!(ids(&ix, "避難指示"), set(&["ja1"]));
        assert_eq!(ids(&ix, "多摩"), set(&["ja1"]));
        assert_eq!(ids(&ix, "title:氾濫"), set(&["ja1"]));
        assert_eq!(ids(&ix, "避難命令"), set(&[]));
        assert_eq!(ids(&ix, "서울"), set(&["ko1"]));
        assert_eq!(ids(&ix, "침수"), set(&["ko1"]));
        let hit = &ix.search(&req("避難指示")).unwrap().hits[0];
        assert!(hit.snippet.contains("**避難指示**"), "{}", hit.snippet);
    }
}

mod filters {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn source_language_country() {
        let ix = index();
        let r = SearchRequest { sources: vec!["daily planet".into()], ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&["en1", "en4", "en7"]));
        let r = SearchRequest { sources: vec!["DAILY PLANET".into(), "World Wire".into()], ..req("flood") };
        assert_eq!(ids_of(&ix, &r), set(&["en1", "en3"]));
        let r = SearchRequest { sources: vec!["Daily".into()], ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&[]), "source filter is exact, not words");
        let r = SearchRequest { language: Some("FR".into()), ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&["fr1", "fr2"]));
        let r = SearchRequest { country: Some("de".into()), ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&["de1", "de2"]));
    }

    #[test]
    fn inclusive_date_range() {
        let ix = index();
        let r = SearchRequest { from: day("2024-03-05"), to: day("2024-03-07"), ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&["en1", "en2", "en4"]));
        let r = SearchRequest { from: day("2024-10-30"), ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&["en3"]), "the source's own day counts, not UTC's");
        let r = SearchRequest { to: day("2024-03-04"), ..req("") };
        assert_eq!(ids_of(&ix, &r), set(&["en5", "en6"]));
    }

    #[test]
    fn sort_newest_undated_last() {
        let ix = index();
        let r = SearchRequest { sources: vec!["The Courier".into()], sort: Sort::Newest, ..req("") };
        let got: Vec<String> = ix.search(&r).unwrap().hits.into_iter().map(|h| h.id).collect();
        assert_eq!(got, ["en2", "en5", "en8"]);
    }

    #[test]
    fn offset_and_limit() {
        let ix = index();
        let page = |offset, limit| {
            let r = SearchRequest { sort: Sort::Newest, offset, limit, ..req("") };
            let res = ix.search(&r).unwrap();
            assert_eq!(res.total, 15);
            res.hits.into_iter().map(|h| h.id).collect::<Vec<_>>()
        };
        let all = page(0, 100);
        assert_eq!(all.len(), 15);
        assert_eq!(all[0], "en3");
        assert_eq!(page(0, 4), all[..4]);
        assert_eq!(page(4, 4), all[4..8]);
        assert_eq!(page(14, 4), all[14..]);
        assert!(page(20, 4).is_empty());
        assert!(page(0, 0).is_empty());
    }
}

mod results {
    use super::*;

    /// One pass over some days says what a facet search per day says:
    /// which outlets and countries published on each day with articles.
    #[test]
    fn presence_on_days_agrees_with_a_facet_search_per_day() {
        let ix = index();
        let all = ix.search(&SearchRequest { facets: true, limit: 0, ..req("") }).unwrap().facets.unwrap();
        let mut days: Vec<chrono::NaiveDate> = all.days.iter().map(|(d, _)| d.parse().unwrap()).collect();
        // A day with no article, and one outside every article's span.
        days.push("2024-03-01".parse().unwrap());
        days.push("1999-01-01".parse().unwrap());
        let skipped = days.remove(1);
        let found = ix.presence_on(&days).unwrap();
        assert!(!found.contains_key(&skipped), "only the days asked for");
        assert_eq!(found.len(), all.days.len() - 1, "days with articles only: {found:?}");
        for (day, p) in &found {
            let f = ix
                .search(&SearchRequest { from: Some(*day), to: Some(*day), facets: true, limit: 0, ..req("") })
                .unwrap()
                .facets
                .unwrap();
            let sources: BTreeSet<String> = f.sources.into_iter().map(|(s, _)| s).collect();
            let countries: BTreeSet<String> = f.countries.into_iter().map(|(c, _)| c).collect();
            assert_eq!((&p.sources, &p.countries), (&sources, &countries), "{day}");
        }
        // A run of days (read as one range) says the same for those days.
        let run: Vec<chrono::NaiveDate> =
            (0..4).map(|k| chrono::NaiveDate::from_ymd_opt(2024, 3, 4 + k).unwrap()).collect();
        let in_run = ix.presence_on(&run).unwrap();
        assert!(!in_run.is_empty());
        for (day, p) in &in_run {
            let all_days = ix.presence_on(&[*day, "1999-01-01".parse().unwrap()]).unwrap();
            assert_eq!(all_days.get(day), Some(p), "{day}");
        }
        assert!(ix.presence_on(&[]).unwrap().is_empty());
    }

    #[test]
    fn facets_count_all_matches() {
        let ix = index();
        let r = SearchRequest { facets: true, limit: 1, ..req("flood") };
        let res = ix.search(&r).unwrap();
        assert_eq!(res.total, 4);
        assert_eq!(res.hits.len(), 1);
        let f = res.facets.unwrap();
        assert_eq!(f.sources, [("The Courier".to_string(), 2), ("Daily Planet".into(), 1), ("World Wire".into(), 1)]);
        assert_eq!(f.languages, [("en".to_string(), 4)]);
        assert_eq!(f.countries, [("GB".to_string(), 3), ("US".into(), 1)]);
        assert_eq!(f.days, [("2024-03-05".to_string(), 1), ("2024-03-06".into(), 1), ("2024-10-30".into(), 1)]);

        let all = ix.search(&SearchRequest { facets: true, limit: 0, ..req("") }).unwrap();
        assert_eq!(all.total, 15);
        let f = all.facets.unwrap();
        assert_eq!(f.languages[0], ("en".to_string(), 8));
        assert_eq!(f.languages.iter().map(|l| l.1).sum::<u64>(), 15);
        assert_eq!(f.countries.iter().find(|c| c.0 == "DE").map(|c| c.1), Some(2));
        assert_eq!(f.days.iter().map(|d| d.1).sum::<u64>(), 14, "the undated article has no day");
        assert!(ix.search(&req("")).unwrap().facets.is_none());
    }

    #[test]
    fn snippets_highlight_matches() {
        let ix = index();
        let res = ix.search(&req("evacuated")).unwrap();
        let en1 = res.hits.iter().find(|h| h.id == "en1").unwrap();
        assert!(en1.snippet.contains("**evacuated**"), "{}", en1.snippet);
        assert!(en1.snippet_html.contains("<b>evacuated</b>"), "{}", en1.snippet_html);
        assert_eq!(en1.title.as_deref(), Some("River Severn floods homes in Shrewsbury"));
        assert_eq!(en1.source.as_deref(), Some("Daily Planet"));
        assert_eq!(en1.published.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert!(en1.score > 0.0);

        // A prefix lights up the words it matched.
        let res = ix.search(&req("evacu*")).unwrap();
        let en1 = res.hits.iter().find(|h| h.id == "en1").unwrap();
        assert!(en1.snippet.contains("**evacuated**"), "{}", en1.snippet);

        let en4 = &ix.search(&req("traders")).unwrap().hits[0];
        assert!(en4.snippet_html.contains("Markets &amp; <b>traders</b>"), "{}", en4.snippet_html);
        assert!(en4.snippet.contains("Markets & **traders**"), "{}", en4.snippet);

        // A title-only match has no body highlight: the body's start instead.
        let en2 = &ix.search(&req("title:evacuates")).unwrap().hits[0];
        assert!(en2.snippet.starts_with("Hundreds of residents"), "{}", en2.snippet);
        assert!(!en2.snippet.contains("**"));
    }

    #[test]
    fn title_matches_rank_higher() {
        let ix = index();
        let res = ix.search(&req("storm")).unwrap();
        assert_eq!(res.hits[0].id, "en5", "storm in the title beats storm in the body");
    }

    #[test]
    fn results_serialize() {
        let ix = index();
        let res = ix.search(&SearchRequest { facets: true, ..req("flood") }).unwrap();
        let json = serde_json::to_value(&res).unwrap();
        assert_eq!(json["total"], 4);
        assert!(json["hits"][0]["snippet_html"].is_string());
        assert!(json["facets"]["days"].is_array());
        let err = ix.search(&req("(")).unwrap_err();
        assert_eq!(serde_json::to_value(&err).unwrap()["error"], "query");
    }
}

mod malformed {
    use super::*;

    fn message(q: &str) -> String {
        match index().search(&req(q)) {
            Err(IndexError::Query { query, message }) => {
                assert_eq!(query, q);
                message
            }
            other => panic!("{q:?} should be a query error, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let m = message("\"state of emergency");
        assert!(m.contains("quote") && m.contains("column 1"), "{m}");
        let m = message("(flood OR storm");
        assert!(m.contains("'(' at column 1"), "{m}");
        let m = message("flood) storm");
        assert!(m.contains("')' at column 6"), "{m}");
        let m = message("flood AND");
        assert!(m.contains("'AND' at column 7") && m.contains("nothing follows"), "{m}");
        let m = message("flood OR");
        assert!(m.contains("'OR'"), "{m}");
        let m = message("AND flood");
        assert!(m.contains("'AND' at column 1"), "{m}");
        let m = message("flood NOT");
        assert!(m.contains("'NOT'"), "{m}");
        let m = message("titel:flood");
        assert!(m.contains("unknown field 'titel:'") && m.contains("title"), "{m}");
        let m = message("f*");
        assert!(m.contains("too short"), "{m}");
        let err = index().search(&req("(")).unwrap_err();
        assert!(err.to_string().starts_with("invalid query \"(\""), "{err}");
    }

    /// Thousands of random queries built from the language's pieces (and
    /// junk): each is answered or refused with a query error, never a panic
    /// or another kind of error. Seeded, so a failure names its query.
    #[test]
    fn random_queries_never_panic() {
        const PIECES: &[&str] = &[
            "flood",
            "Severn",
            "the",
            "die",
            "AND",
            "OR",
            "NOT",
            "-",
            "(",
            ")",
            "\"",
            "*",
            "ev*",
            "title:",
            "author:",
            "source:",
            "lang:",
            "country:",
            "lang:de",
            ":",
            "東京",
            "서울",
            "élection",
            "\"red alert\"",
            "a",
            "x*",
            "((",
            "))",
            "--",
            "NOT NOT",
            "\"\"",
            "10:30",
            "é*",
            "\u{0}",
            "\u{200b}",
            "  ",
        ];
        let ix = index();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..3000 {
            let len = 1 + next(7);
            let q: Vec<&str> = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            let q = if next(2) == 0 { q.join(" ") } else { q.concat() };
            for sort in [Sort::Relevance, Sort::Newest] {
                let r = SearchRequest { sort, facets: true, ..req(&q) };
                match ix.search(&r) {
                    Ok(_) | Err(IndexError::Query { .. }) => {}
                    Err(e) => panic!("{q:?}: {e}"),
                }
            }
        }
    }

    #[test]
    fn odd_but_valid_queries() {
        let ix = index();
        assert_eq!(ids(&ix, "floods - Shrewsbury"), set(&["en1", "en2"]));
        assert!(ix.search(&req("10:30 \"covid-19\"")).is_ok());
        assert_eq!(ids(&ix, "5.25"), set(&["en4"]));
        assert!(ix.search(&req("!!!")).unwrap().hits.is_empty());
    }
}

mod lifecycle {
    use super::*;

    #[test]
    fn upsert_does_not_duplicate() {
        let mut ix = index();
        assert_eq!(ix.len(), 15);
        let mut changed = corpus().remove(3);
        changed.text = "The central bank cut interest rates unexpectedly.".into();
        ix.add(&[changed.clone(), changed]).unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 15);
        assert_eq!(ids(&ix, "rates"), set(&["en4"]));
        assert_eq!(ids(&ix, "unexpectedly"), set(&["en4"]));
        assert_eq!(ids(&ix, "inflation"), set(&[]));
        assert_eq!(ix.watermark(), None);
    }

    #[test]
    fn clear_then_rebuild() {
        let mut ix = index();
        ix.clear().unwrap();
        ix.commit(None).unwrap();
        assert!(ix.is_empty());
        ix.add(&corpus()[..2]).unwrap();
        ix.commit(Some("w2")).unwrap();
        assert_eq!(ix.len(), 2);
    }

    #[test]
    fn watermark_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        {
            let mut ix = ArticleIndex::open(&path).unwrap();
            assert!(ix.is_empty());
            assert_eq!(ix.watermark(), None);
            ix.add(&corpus()).unwrap();
            ix.commit(Some("seq=15")).unwrap();
            assert!(matches!(ArticleIndex::open(&path), Err(IndexError::Locked { .. })));
        }
        let ix = ArticleIndex::open(&path).unwrap();
        assert_eq!(ix.watermark().as_deref(), Some("seq=15"));
        assert_eq!(ix.len(), 15);
        assert_eq!(ids(&ix, "避難指示"), set(&["ja1"]));
    }

    /// Adds skip the delete for ids the index cannot hold (see known.rs):
    /// an id indexed before a reopen, or re-added after a clear, or added
    /// twice between commits, must still end up once.
    #[test]
    fn upsert_after_reopen_and_clear() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        {
            let mut ix = ArticleIndex::open(&path).unwrap();
            ix.add(&corpus()).unwrap();
            ix.commit(None).unwrap();
        }
        let mut ix = ArticleIndex::open(&path).unwrap();
        let mut changed = corpus().remove(3);
        changed.text = "The central bank cut interest rates unexpectedly.".into();
        ix.add(std::slice::from_ref(&changed)).unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 15);
        assert_eq!(ids(&ix, "unexpectedly"), set(&["en4"]));
        assert_eq!(ids(&ix, "inflation"), set(&[]));

        ix.clear().unwrap();
        ix.add(&corpus()[..4]).unwrap();
        ix.add(&corpus()[2..4]).unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 4);
        ix.add(&corpus()[3..5]).unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 5);
    }

    #[test]
    fn uncommitted_adds_are_invisible() {
        let mut ix = ArticleIndex::open_in_ram().unwrap();
        ix.add(&corpus()).unwrap();
        assert!(ix.is_empty());
        assert!(ix.search(&req("flood")).unwrap().hits.is_empty());
    }
}

mod similar {
    use super::*;

    #[test]
    fn same_event_ranks_above_same_topic_and_self_is_excluded() {
        let ix = index();
        let hits = ix.similar("en1", 5).unwrap();
        let order: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert!(!order.contains(&"en1"), "{order:?}");
        assert_eq!(order.first(), Some(&"en2"), "{order:?}");
        if let Some(p) = order.iter().position(|&id| id == "en3") {
            assert!(p > 0);
        }
        assert!(hits[0].score > 0.0);
    }

    #[test]
    fn unknown_id() {
        let ix = index();
        assert!(matches!(ix.similar("nope", 5), Err(IndexError::UnknownId(_))));
    }
}
