//! `ann-bench`: the HNSW graph against exact search on synthetic unit
//! vectors: build time, query latency p50/p99, recall@10, load time of the
//! saved graph and the size of its file.
//!
//! ```sh
//! cargo run --release -p newsdesk-semantic --bin ann-bench -- --n 100000 --queries 500
//! ```
//!
//! Vectors are clustered like news embeddings (stories around topic
//! centres, so many near neighbours) rather than uniform noise, where every
//! neighbour is about as far as any other and recall says little.

use std::time::Instant;

use newsdesk_semantic::{Ann, Flat};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

struct Args {
    n: usize,
    dim: usize,
    queries: usize,
    clusters: usize,
    k: usize,
}

fn parse() -> Result<Args, String> {
    let mut a = Args { n: 100_000, dim: 384, queries: 500, clusters: 2_000, k: 10 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || -> Result<usize, String> {
            let v = it.next().ok_or(format!("{flag} needs a value"))?;
            v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--n" => a.n = value()?,
            "--dim" => a.dim = value()?,
            "--queries" => a.queries = value()?,
            "--clusters" => a.clusters = value()?,
            "--k" => a.k = value()?,
            "-h" | "--help" => {
                return Err("usage: ann-bench [--n N] [--dim D] [--queries Q] [--clusters C] [--k K]".into())
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if a.n == 0 || a.dim == 0 || a.queries == 0 || a.clusters == 0 || a.k == 0 {
        return Err("every value must be positive".into());
    }
    Ok(a)
}

fn gaussian(rng: &mut StdRng) -> f32 {
    // Box-Muller.
    let (u, v): (f32, f32) = (rng.gen_range(f32::EPSILON..1.0), rng.gen());
    (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
}

fn point(rng: &mut StdRng, centre: &[f32], spread: f32) -> Vec<f32> {
    newsdesk_semantic::normalised(&centre.iter().map(|c| c + spread * gaussian(rng)).collect::<Vec<_>>())
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("ann-bench: {e}");
            std::process::exit(2);
        }
    };
    let mut rng = StdRng::seed_from_u64(42);
    let centres: Vec<Vec<f32>> =
        (0..args.clusters).map(|_| (0..args.dim).map(|_| gaussian(&mut rng)).collect()).collect();
    // Spread so that a story's neighbours have cosine ~0.5-0.8, as MiniLM's do.
    let spread = 0.9;
    let draw = |rng: &mut StdRng| {
        let c = rng.gen_range(0..args.clusters);
        point(rng, &centres[c], spread)
    };
    let items: Vec<(String, Vec<f32>)> = (0..args.n).map(|i| (format!("a{i}"), draw(&mut rng))).collect();
    let queries: Vec<Vec<f32>> = (0..args.queries).map(|_| draw(&mut rng)).collect();

    let mut flat = Flat::new();
    for (id, v) in &items {
        flat.push(id, v);
    }
    let started = Instant::now();
    let ann = Ann::build(items, 7).expect("vectors of one length");
    let build = started.elapsed().as_secs_f64();

    let dir = std::env::temp_dir().join(format!("ann-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bench.hnsw");
    ann.save(&path).expect("save");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let started = Instant::now();
    let ann = Ann::load(&path).expect("load");
    let load = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);

    let (mut exact_ms, mut ann_ms, mut hits) = (Vec::new(), Vec::new(), 0usize);
    for q in &queries {
        let t = Instant::now();
        let truth = flat.nearest(q, args.k, |_| false);
        exact_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let got = ann.nearest(q, args.k, |_| false);
        ann_ms.push(t.elapsed().as_secs_f64() * 1e3);
        hits += got.iter().filter(|(id, _)| truth.iter().any(|(t, _)| t == id)).count();
    }
    exact_ms.sort_by(f64::total_cmp);
    ann_ms.sort_by(f64::total_cmp);
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    println!(
        "ann-bench: {} vectors of {} dims in {} clusters, {} queries, k {}, {threads} threads",
        args.n, args.dim, args.clusters, args.queries, args.k
    );
    println!(
        "  HNSW build {build:.1} s ({:.0} vectors/s); file {:.1} MB, load {load:.2} s",
        args.n as f64 / build,
        size as f64 / 1e6
    );
    println!(
        "  HNSW  query p50 {:.3} ms  p99 {:.3} ms  recall@{} {:.3}",
        pct(&ann_ms, 0.5),
        pct(&ann_ms, 0.99),
        args.k,
        hits as f64 / (args.k * args.queries) as f64
    );
    println!("  exact query p50 {:.3} ms  p99 {:.3} ms", pct(&exact_ms, 0.5), pct(&exact_ms, 0.99));
}
