//! Import leads (`/leads/import`): upload a CSV or XLSX file, then the counts
//! and every refused row (line, field, message).

use api_types::ImportReport;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::leads::{self, Upload, XLSX};
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FieldErrorText, FormErrors, TextField};
use crate::components::table::DataTable;
use crate::i18n::{use_lang, LeadStrings};

#[derive(Debug, Clone, PartialEq)]
struct ImportDraft {
    purpose: String,
    notice_version: String,
}

/// The media type the server expects for a chosen file, by its name.
fn content_type(name: &str) -> &'static str {
    if name.to_ascii_lowercase().ends_with(".xlsx") {
        XLSX
    } else {
        "text/csv"
    }
}

/// The upload form and the report of the last import.
#[component]
pub fn ImportPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let file_ref = use_node_ref();
    let draft = use_draft(|| ImportDraft {
        purpose: "sales_contact".to_string(),
        notice_version: "2026-01".to_string(),
    });
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let report = use_state(|| None::<ImportReport>);

    let onsubmit = {
        let (file_ref, draft, errors, busy, report) = (
            file_ref.clone(),
            draft.clone(),
            errors.clone(),
            busy.clone(),
            report.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let file = file_ref
                .cast::<HtmlInputElement>()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else {
                let mut local = FormErrors::default();
                local.add("file", lt.import_no_file);
                return errors.set(local);
            };
            let upload = Upload {
                content_type: content_type(&file.name()).to_string(),
                file: file.into(),
            };
            let d = draft.0.clone();
            let (errors, busy, report) = (errors.clone(), busy.clone(), report.clone());
            busy.set(true);
            report.set(None);
            spawn_local(async move {
                let result = leads::import(upload, &d.purpose, &d.notice_version).await;
                busy.set(false);
                match result {
                    Ok(r) => {
                        errors.set(FormErrors::default());
                        report.set(Some(r));
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let e = &*errors;
    let file_error = e.get("file").or_else(|| e.get("header"));
    html! {
        <div class="page" data-testid="import-page">
            <div class="page-head"><h1>{ lt.import_title }</h1></div>
            <section class="panel">
                <p class="hint">{ lt.import_hint }</p>
                <form class="form-card" data-testid="import-form" {onsubmit} novalidate=true>
                    <div class="form-grid">
                        <label class="field">
                            <span class="field-label">{ lt.import_file }<span class="required">{ "*" }</span></span>
                            <input type="file" ref={file_ref} class="input" data-testid="import-file"
                                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                            <FieldErrorText error={file_error} testid="import-file" />
                        </label>
                        <TextField label={lt.consent_purpose} value={draft.0.purpose.clone()}
                            oninput={bind(&draft, |d, v| d.purpose = v)} testid="import-consent-purpose"
                            error={e.get("consent_purpose")} />
                        <TextField label={lt.notice_version} value={draft.0.notice_version.clone()}
                            oninput={bind(&draft, |d, v| d.notice_version = v)} testid="import-notice-version"
                            error={e.get("notice_version")} />
                    </div>
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="import-error" />
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="import-submit" disabled={*busy}>
                            { if *busy { lt.importing } else { lt.import_submit } }
                        </button>
                    </div>
                </form>
            </section>
            if let Some(r) = &*report {
                { report_view(t, lt, r) }
            }
        </div>
    }
}

fn report_view(t: &crate::i18n::Strings, lt: &LeadStrings, r: &ImportReport) -> Html {
    let stat = |label: &str, value: u32, testid: &'static str| {
        html! {
            <div class="stat">
                <div class="stat-value" data-testid={testid}>{ value }</div>
                <div class="stat-label">{ label.to_string() }</div>
            </div>
        }
    };
    html! {
        <section class="panel" data-testid="import-report">
            <div class="stats">
                { stat(lt.import_total, r.total_rows, "import-total") }
                { stat(lt.import_imported, r.imported, "import-imported") }
                { stat(lt.import_duplicates, r.duplicates, "import-duplicates") }
                { stat(lt.import_failed, r.failed_rows, "import-failed") }
            </div>
            if let Some(a) = &r.aborted {
                <div class="alert alert-error" data-testid="import-aborted">
                    { format!("{} {} — {}", lt.import_aborted, a.line, a.message) }
                </div>
            }
            if !r.failed.is_empty() {
                <h3>{ lt.import_errors }</h3>
                <DataTable headers={vec![lt.line.into(), lt.field.into(), lt.message.into()]}
                    empty={false} empty_text={t.list_end} testid="import-errors">
                    { for r.failed.iter().map(|f| html! {
                        <tr data-testid="import-error-row" data-line={f.line.to_string()} data-field={f.field.clone()}>
                            <td class="num">{ f.line }</td>
                            <td><code>{ f.field.clone() }</code></td>
                            <td>{ f.message.clone() }</td>
                        </tr>
                    }) }
                </DataTable>
            }
        </section>
    }
}
