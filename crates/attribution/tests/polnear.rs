//! Regression guard on the PolNeAR dev split (../shared/data/quotes-dev),
//! skipped when the data is absent. The full evaluation with folds and
//! token-overlap scores is `newsdesk-eval quotes`.

use std::collections::BTreeSet;
use std::path::Path;

type Spans = BTreeSet<(usize, usize, usize)>;

fn extent(span: &serde_json::Value) -> Option<(usize, usize)> {
    let fragments = span.get("fragments")?.as_array()?;
    let pairs: Vec<(usize, usize)> =
        fragments.iter().filter_map(|f| Some((f.get(0)?.as_u64()? as usize, f.get(1)?.as_u64()? as usize))).collect();
    Some((pairs.iter().map(|p| p.0).min()?, pairs.iter().map(|p| p.1).max()?))
}

#[test]
fn polnear_dev_exact_f1_beats_the_crf() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/quotes-dev/polnear_dev.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found (PolNeAR dev split)", path.display());
        return;
    };
    let (mut gold, mut pred): ([Spans; 3], [Spans; 3]) = Default::default();
    for (n, line) in data.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let a: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        if a["primary"] != serde_json::Value::Bool(true) {
            continue;
        }
        for at in a["attributions"].as_array().expect("attributions") {
            for (k, key) in ["source", "cue", "content"].iter().enumerate() {
                if let Some((s, e)) = extent(&at[key]) {
                    gold[k].insert((n, s, e));
                }
            }
        }
        let text = a["text"].as_str().expect("text");
        for r in newsdesk_attribution::quote_records(text, &newsdesk_attribution::find_quotes(text)) {
            pred[2].insert((n, r.content_start, r.content_end));
            if let (Some(s), Some(e)) = (r.speaker_start, r.speaker_end) {
                pred[0].insert((n, s, e));
            }
            if let (Some(s), Some(e)) = (r.cue_start, r.cue_end) {
                pred[1].insert((n, s, e));
            }
        }
    }
    // Published CRF: 50.6 / 53.4 / 28.6; we need a margin over it.
    for (k, floor) in [(0, 0.58), (1, 0.58), (2, 0.45)] {
        let hits = gold[k].intersection(&pred[k]).count() as f64;
        let f1 = 2.0 * hits / (gold[k].len() + pred[k].len()) as f64;
        eprintln!("PolNeAR dev, all primary sets, kind {k} (source, cue, content): exact F1 {f1:.3}");
        assert!(f1 > floor, "kind {k}: exact F1 {f1:.3} not above {floor}");
    }
}
