//! A plain data table with a header row, an empty state and a loading state.

use yew::prelude::*;

/// Props of [`DataTable`].
#[derive(Properties, PartialEq)]
pub struct DataTableProps {
    /// Column headings.
    pub headers: Vec<AttrValue>,
    /// The `<tr>` rows.
    #[prop_or_default]
    pub children: Html,
    /// True when there are no rows (shows `empty_text`).
    pub empty: bool,
    /// True while the first page loads.
    #[prop_or_default]
    pub loading: bool,
    /// Shown when `empty` and not loading.
    pub empty_text: AttrValue,
    /// Shown while loading with no rows yet.
    #[prop_or(AttrValue::Static("…"))]
    pub loading_text: AttrValue,
    /// `data-testid` of the `<table>`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A table that scrolls sideways on narrow screens.
#[component]
pub fn DataTable(props: &DataTableProps) -> Html {
    let cols = props.headers.len().to_string();
    let placeholder = if props.empty {
        let text = if props.loading {
            props.loading_text.clone()
        } else {
            props.empty_text.clone()
        };
        html! { <tr class="empty-row"><td colspan={cols}>{ text }</td></tr> }
    } else {
        html! {}
    };
    html! {
        <div class="table-wrap">
            <table class="table" data-testid={props.testid.clone()}>
                <thead>
                    <tr>{ for props.headers.iter().map(|h| html! { <th>{ h.clone() }</th> }) }</tr>
                </thead>
                <tbody>
                    { placeholder }
                    { props.children.clone() }
                </tbody>
            </table>
        </div>
    }
}
