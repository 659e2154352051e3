//! Prints the figures of a text given on the command line (or stdin), as
//! JSON lines: `cargo run -p newsdesk-figures --example figures_demo -- en "text"`.

use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let lang = args.next().filter(|l| l != "-");
    let text = match args.next() {
        Some(t) => t,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).expect("stdin");
            s
        }
    };
    let figures = newsdesk_figures::find_figures(&text, lang.as_deref());
    for record in newsdesk_figures::figure_records(&text, &figures) {
        println!("{}", serde_json::to_string(&record).expect("json"));
    }
}
