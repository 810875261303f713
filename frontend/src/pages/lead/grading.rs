//! The grading explanation: every rule, whether it fired and its points, the
//! score, the rule-set version and the thresholds that decided.

use api_types::Grading;
use yew::prelude::*;

use crate::components::lead_badges::GradeBadge;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Props of [`GradingPanel`].
#[derive(Properties, PartialEq)]
pub struct GradingPanelProps {
    /// The current grading; `None` while the lead waits for a manual grade.
    pub grading: Option<Grading>,
}

/// Why the lead has its grade.
#[component]
pub fn GradingPanel(props: &GradingPanelProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let Some(g) = &props.grading else {
        return html! {
            <section class="panel" data-testid="grading-panel" data-graded="false">
                <h2>{ lt.grading }</h2>
                <p class="hint" data-testid="grading-awaiting">{ lt.awaiting_manual }</p>
            </section>
        };
    };
    html! {
        <section class="panel" data-testid="grading-panel" data-graded="true" data-manual={g.manual.to_string()}>
            <h2>{ lt.grading }</h2>
            <dl class="details">
                <dt>{ lt.grade }</dt><dd><GradeBadge grade={Some(g.grade)} testid="grading-grade" /></dd>
                if g.manual {
                    <dt>{ lt.manual_grade }</dt><dd data-testid="grading-manual">{ lt.yes }</dd>
                    <dt>{ lt.reason }</dt><dd data-testid="grading-reason">{ g.reason.clone() }</dd>
                } else {
                    <dt>{ lt.score }</dt><dd data-testid="grading-score">{ g.score }</dd>
                    <dt>{ lt.rule_set_version }</dt><dd data-testid="grading-version">{ g.rule_set_version }</dd>
                }
                <dt>{ lt.thresholds }</dt><dd data-testid="grading-thresholds">{ g.decided_by.clone() }</dd>
                <dt>{ lang.strings().time }</dt><dd>{ format_time(&g.created_at) }</dd>
            </dl>
            if !g.rules.is_empty() {
                <div class="table-wrap">
                    <table class="table" data-testid="grading-rules">
                        <thead><tr><th>{ lt.rule }</th><th>{ lt.fired }</th><th>{ lt.points }</th></tr></thead>
                        <tbody>
                            { for g.rules.iter().map(|r| html! {
                                <tr class={classes!(r.fired.then_some("rule-fired"))} data-testid="grading-rule"
                                    data-rule={r.rule.clone()} data-fired={r.fired.to_string()}>
                                    <td>
                                        <div>{ r.description.clone() }</div>
                                        <code class="small muted">{ r.rule.clone() }</code>
                                    </td>
                                    <td>{ if r.fired { "✓" } else { "—" } }</td>
                                    <td class="num">{ if r.fired { format!("{:+}", r.points) } else { "0".to_string() } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
