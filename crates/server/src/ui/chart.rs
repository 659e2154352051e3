//! A server-rendered SVG line chart of counts per day: one polyline per
//! series, axes with ticks, gridlines and a legend, no script. Colours are
//! the Okabe–Ito palette (told apart with the common colour-vision
//! deficiencies) and lines also differ by dash pattern, so they stay
//! distinct in greyscale.

use maud::{html, Markup};

use crate::attention::DaySeries;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const PLOT_HEIGHT: f64 = 240.0;
/// Room under the plot for the date labels.
const BOTTOM: f64 = 40.0;
const LEGEND_ROW: f64 = 22.0;

const COLOURS: [&str; 10] =
    ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F", "#B8860B"];
const DASHES: [&str; 4] = ["none", "8 4", "2 4", "10 4 2 4"];

/// Markers on each point only while they do not crowd the line.
const MAX_MARKED_POINTS: usize = 62;

/// The colour and dash pattern of series `k`.
pub(crate) fn stroke(k: usize) -> (&'static str, &'static str) {
    (COLOURS[k % COLOURS.len()], DASHES[(k / 2) % DASHES.len()])
}

/// Whether values are counts or shares of the day's articles (drawn as
/// percentages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    Absolute,
    Share,
}

impl Scale {
    pub fn value(self, p: &crate::attention::Point) -> f64 {
        match self {
            Scale::Absolute => p.count as f64,
            Scale::Share => p.share * 100.0,
        }
    }

    fn tick_label(self, v: f64) -> String {
        match self {
            Scale::Absolute => format!("{v:.0}"),
            Scale::Share if v.fract().abs() < 1e-9 => format!("{v:.0}%"),
            Scale::Share => format!("{v:.1}%"),
        }
    }
}

/// The chart of `series` (all over the same days); `label` names what is
/// counted, for the accessible name and description.
pub(crate) fn line_chart(series: &[DaySeries], scale: Scale, label: &str) -> Markup {
    let days: Vec<&str> = series.first().map(|s| s.points.iter().map(|p| p.day.as_str()).collect()).unwrap_or_default();
    let n = days.len();
    let max = series.iter().flat_map(|s| s.points.iter().map(|p| scale.value(p))).fold(0.0_f64, f64::max);
    let (step, top) = nice_axis(max, scale);
    let plot_width = WIDTH - LEFT - RIGHT;
    let height = TOP + PLOT_HEIGHT + BOTTOM + LEGEND_ROW * series.len() as f64 + 8.0;
    let x = |k: usize| if n <= 1 { LEFT + plot_width / 2.0 } else { LEFT + plot_width * k as f64 / (n - 1) as f64 };
    let y = |v: f64| TOP + PLOT_HEIGHT - PLOT_HEIGHT * v / top;
    let y_ticks: Vec<f64> = (0..).map(|k| k as f64 * step).take_while(|v| *v <= top + step / 1e6).collect();
    let x_ticks = x_tick_indices(n);
    let unit = if scale == Scale::Share { "share of the day's articles" } else { "articles per day" };
    let (first, last) = (days.first().copied().unwrap_or(""), days.last().copied().unwrap_or(""));
    let lines = if series.len() == 1 { "one line".to_string() } else { format!("{} lines", series.len()) };
    let aria = format!("Line chart of {unit} for {label}, {first} to {last}, {lines}");
    let desc = describe(series, scale);
    html! {
        svg.chart viewBox={ "0 0 " (WIDTH) " " (height) } role="img" aria-label=(aria)
            xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet" {
            title { (aria) }
            desc { (desc) }
            g.grid aria-hidden="true" {
                @for v in &y_ticks {
                    line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(fmt(y(*v))) y2=(fmt(y(*v))) stroke="#d6dae0" stroke-width="1" {}
                    text x=(LEFT - 6.0) y=(fmt(y(*v) + 4.0)) text-anchor="end" { (scale.tick_label(*v)) }
                }
                line x1=(LEFT) x2=(LEFT) y1=(TOP) y2=(TOP + PLOT_HEIGHT) stroke="#555" stroke-width="1" {}
                @for k in &x_ticks {
                    line x1=(fmt(x(*k))) x2=(fmt(x(*k))) y1=(TOP + PLOT_HEIGHT) y2=(TOP + PLOT_HEIGHT + 5.0)
                        stroke="#555" stroke-width="1" {}
                    // The last date label ends at its tick so it stays inside the chart.
                    text x=(fmt(x(*k))) y=(TOP + PLOT_HEIGHT + 20.0)
                        text-anchor=(if *k + 1 == days.len() && days.len() > 1 { "end" } else { "middle" }) { (days[*k]) }
                }
                text x="12" y=(fmt(TOP + PLOT_HEIGHT / 2.0)) text-anchor="middle"
                    transform={ "rotate(-90 12 " (fmt(TOP + PLOT_HEIGHT / 2.0)) ")" } { (unit) }
            }
            @for (k, s) in series.iter().enumerate() {
                @let (colour, dash) = stroke(k);
                @let points: Vec<String> = s.points.iter().enumerate()
                    .map(|(i, p)| format!("{},{}", fmt(x(i)), fmt(y(scale.value(p))))).collect();
                g.series {
                    polyline points=(points.join(" ")) fill="none" stroke=(colour) stroke-width="2.5"
                        stroke-dasharray=(dash) stroke-linejoin="round" {}
                    @if n <= MAX_MARKED_POINTS {
                        @for (i, p) in s.points.iter().enumerate() {
                            circle cx=(fmt(x(i))) cy=(fmt(y(scale.value(p)))) r="3" fill=(colour) {
                                title { (s.label) ", " (p.day) ": " (scale.tick_label(scale.value(p))) }
                            }
                        }
                    }
                }
            }
            g.legend {
                @for (k, s) in series.iter().enumerate() {
                    @let (colour, dash) = stroke(k);
                    @let row = TOP + PLOT_HEIGHT + BOTTOM + LEGEND_ROW * k as f64 + 10.0;
                    line x1=(LEFT) x2=(LEFT + 32.0) y1=(fmt(row)) y2=(fmt(row)) stroke=(colour) stroke-width="3"
                        stroke-dasharray=(dash) {}
                    text x=(LEFT + 40.0) y=(fmt(row + 4.0)) { (s.label) " (" (s.total) " in all)" }
                }
            }
        }
    }
}

/// A short text version for screen readers: each line's total and peak.
fn describe(series: &[DaySeries], scale: Scale) -> String {
    series
        .iter()
        .map(|s| {
            let peak = s.points.iter().max_by(|a, b| scale.value(a).total_cmp(&scale.value(b)).then(b.day.cmp(&a.day)));
            match peak {
                Some(p) => format!(
                    "{}: {} matching {}, most on {} ({})",
                    s.label,
                    s.total,
                    if s.total == 1 { "article" } else { "articles" },
                    p.day,
                    scale.tick_label(scale.value(p))
                ),
                None => format!("{}: no dated matching articles", s.label),
            }
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// The tick step and the axis top: 1, 2 or 5 times a power of ten, about
/// five ticks, whole numbers for counts.
fn nice_axis(max: f64, scale: Scale) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    let rough = max / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10.0 * power);
    if scale == Scale::Absolute {
        step = step.max(1.0).round();
    }
    (step, (max / step).ceil() * step)
}

/// At most six labelled days, evenly spaced from the first.
fn x_tick_indices(n: usize) -> Vec<usize> {
    const MAX_LABELS: usize = 6;
    if n <= MAX_LABELS {
        return (0..n).collect();
    }
    let step = (n - 1).div_ceil(MAX_LABELS - 1);
    (0..n).step_by(step).collect()
}

/// Coordinates with one decimal: enough for a screen, short to send.
fn fmt(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round_and_cover_the_maximum() {
        assert_eq!(nice_axis(3.0, Scale::Absolute), (1.0, 3.0));
        assert_eq!(nice_axis(47.0, Scale::Absolute), (10.0, 50.0));
        assert_eq!(nice_axis(0.0, Scale::Absolute), (1.0, 1.0));
        let (step, top) = nice_axis(33.3, Scale::Share);
        assert!(step == 10.0 && top == 40.0, "{step} {top}");
        assert_eq!(x_tick_indices(3), [0, 1, 2]);
        assert_eq!(x_tick_indices(11), [0, 2, 4, 6, 8, 10]);
        assert_eq!(x_tick_indices(8), [0, 2, 4, 6]);
        assert_eq!(fmt(12.0), "12");
        assert_eq!(fmt(1.26), "1.3");
    }
}
