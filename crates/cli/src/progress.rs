use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A counter that appears on stderr only when stderr is a terminal and the
/// run has lasted over a second, so pipes and quick runs stay clean.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
    enabled: bool,
}

impl Progress {
    pub fn new(what: &'static str) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(&format!("{{spinner}} {{pos}} {what} ({{per_sec}}) {{elapsed}} {{msg}}"))
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Progress { bar, started: Instant::now(), shown: false, enabled: std::io::stderr().is_terminal() }
    }

    pub fn set(&mut self, pos: u64) {
        self.bar.set_position(pos);
        if self.enabled && !self.shown && self.started.elapsed() > Duration::from_secs(1) {
            self.shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(200));
        }
    }

    /// Text after the counter (other counts of a run).
    pub fn set_message(&self, msg: String) {
        self.bar.set_message(msg);
    }

    pub fn inc(&mut self) {
        let pos = self.bar.position() + 1;
        self.set(pos);
    }

    /// Prints a line above the bar (or plainly when it is hidden).
    pub fn println(&self, line: &str) {
        if self.shown {
            self.bar.suspend(|| eprintln!("{line}"));
        } else {
            eprintln!("{line}");
        }
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
