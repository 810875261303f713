//! A horizontal bar chart drawn as inline SVG by Yew: no chart library.
//!
//! Accessible: the `<svg>` is an image named by the chart's title, its
//! `<desc>` reads every bar as "label: value", and each bar carries its own
//! `<title>` (a tooltip for the mouse). The numbers stay in the tables below
//! the charts for anyone who needs them exactly.

use yew::prelude::*;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar is (a source, a reason, a grade, a person).
    pub label: String,
    /// Its length, in the chart's unit.
    pub value: f64,
    /// The value as shown at the bar's end (e.g. `12.3%`, `7`).
    pub text: String,
}

/// Props of [`BarChart`].
#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// The chart's accessible name (and visible caption).
    pub title: AttrValue,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// The value of a full-length bar; the largest value when not given.
    #[prop_or_default]
    pub max: Option<f64>,
    /// Shown instead of the chart when there are no bars.
    pub empty_text: AttrValue,
    /// `data-testid` of the figure.
    pub testid: AttrValue,
}

const WIDTH: f64 = 600.0;
const LABEL_W: f64 = 170.0;
const VALUE_W: f64 = 110.0;
const ROW_H: f64 = 26.0;
const BAR_H: f64 = 18.0;

/// Bar length in SVG units for `value` against `max` (never negative, never past the track).
pub fn bar_length(value: f64, max: f64) -> f64 {
    let track = WIDTH - LABEL_W - VALUE_W;
    if max <= 0.0 || !value.is_finite() {
        return 0.0;
    }
    (value / max).clamp(0.0, 1.0) * track
}

/// The chart.
#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    if props.bars.is_empty() {
        return html! {
            <figure class="chart" data-testid={props.testid.clone()}>
                <figcaption>{ props.title.clone() }</figcaption>
                <p class="muted">{ props.empty_text.clone() }</p>
            </figure>
        };
    }
    let max = props
        .max
        .unwrap_or_else(|| props.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max));
    let height = ROW_H * props.bars.len() as f64 + 4.0;
    let desc = props
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.text))
        .collect::<Vec<_>>()
        .join("; ");
    let rows = props.bars.iter().enumerate().map(|(i, b)| {
        let y = i as f64 * ROW_H + 2.0;
        let len = bar_length(b.value, max);
        html! {
            <g class="chart-row">
                <text x={(LABEL_W - 8.0).to_string()} y={(y + BAR_H - 4.0).to_string()} text-anchor="end"
                    class="chart-label">{ b.label.clone() }</text>
                <rect class="chart-track" x={LABEL_W.to_string()} y={y.to_string()}
                    width={format!("{:.1}", WIDTH - LABEL_W - VALUE_W)} height={BAR_H.to_string()} rx="3" />
                <rect class="chart-bar" data-testid="chart-bar" x={LABEL_W.to_string()} y={y.to_string()}
                    width={format!("{len:.1}")} height={BAR_H.to_string()} rx="3">
                    <title>{ format!("{}: {}", b.label, b.text) }</title>
                </rect>
                <text x={format!("{:.1}", LABEL_W + len + 6.0)} y={(y + BAR_H - 4.0).to_string()}
                    class="chart-value">{ b.text.clone() }</text>
            </g>
        }
    });
    html! {
        <figure class="chart" data-testid={props.testid.clone()}>
            <figcaption>{ props.title.clone() }</figcaption>
            <svg role="img" aria-label={props.title.clone()} viewBox={format!("0 0 {WIDTH} {height}")}
                width="100%" preserveAspectRatio="xMinYMin meet">
                <title>{ props.title.clone() }</title>
                <desc>{ desc }</desc>
                { for rows }
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_track_and_never_overflow_it() {
        let track = WIDTH - LABEL_W - VALUE_W;
        assert_eq!(bar_length(5.0, 10.0), track / 2.0);
        assert_eq!(bar_length(10.0, 10.0), track);
        assert_eq!(bar_length(20.0, 10.0), track);
        assert_eq!(bar_length(-1.0, 10.0), 0.0);
        assert_eq!(bar_length(3.0, 0.0), 0.0);
        assert_eq!(bar_length(f64::NAN, 1.0), 0.0);
    }
}
