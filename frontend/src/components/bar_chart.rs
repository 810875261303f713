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
    /// A target value, drawn as a dashed line with `target_text` above it.
    #[prop_or_default]
    pub target: Option<f64>,
    /// The target's caption (e.g. `目标线 20.0%`).
    #[prop_or_default]
    pub target_text: AttrValue,
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

/// The x position of a target line for `target` against `max`.
pub fn target_x(target: f64, max: f64) -> f64 {
    LABEL_W + bar_length(target, max)
}

fn target_line(target: f64, max: f64, height: f64, text: &AttrValue) -> Html {
    let x = format!("{:.1}", target_x(target, max));
    html! {
        <g class="chart-target" data-testid="chart-target">
            <line x1={x.clone()} x2={x.clone()} y1={(ROW_H - 6.0).to_string()} y2={height.to_string()} />
            <text x={x} y={(ROW_H - 10.0).to_string()} text-anchor="middle" class="chart-value">{ text.clone() }</text>
        </g>
    }
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
    // The target's caption sits in a band above the bars.
    let top = if props.target.is_some() { ROW_H } else { 0.0 };
    let height = ROW_H * props.bars.len() as f64 + 4.0 + top;
    let desc = props
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.text))
        .collect::<Vec<_>>()
        .join("; ");
    let rows = props.bars.iter().enumerate().map(|(i, b)| {
        let y = i as f64 * ROW_H + 2.0 + top;
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
                if let Some(target) = props.target {
                    { target_line(target, max, height, &props.target_text) }
                }
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

    #[test]
    fn a_target_line_stands_where_a_bar_of_that_value_would_end() {
        assert_eq!(target_x(0.2, 1.0), LABEL_W + bar_length(0.2, 1.0));
        assert_eq!(target_x(2.0, 1.0), WIDTH - VALUE_W);
    }
}
