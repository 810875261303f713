//! Keyset pagination: a hook that loads pages by `next_cursor`, and the
//! "加载更多" button.

use std::cell::Cell;
use std::rc::Rc;

use api_types::{
    AuditEvent, Building, CustomerListItem, DealTask, Defect, DeliveryBatch, Lead, Notification,
    Page, PointsEntry, Project, Referral, StaffPhone, TimelineEntry, Unit, User, Visit,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{ApiError, ApiFuture};

/// Page size of every list screen.
pub const PAGE_SIZE: u32 = 20;

/// Items with an id, so a list can replace or drop one in place.
pub trait HasId {
    /// The item's id.
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> &str { &self.id } })* };
}
has_id!(
    Project,
    Building,
    Unit,
    User,
    AuditEvent,
    Lead,
    Notification,
    CustomerListItem,
    TimelineEntry,
    DealTask,
    PointsEntry,
    Defect,
    DeliveryBatch,
    Referral,
    StaffPhone,
    Visit
);

/// Loads one page: `(query, cursor)` → page.
pub type Fetcher<Q, T> = fn(Q, Option<String>) -> ApiFuture<Page<T>>;

/// What a paginated list holds.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedState<T> {
    generation: u32,
    /// Items loaded so far.
    pub items: Vec<T>,
    /// Cursor of the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// True while a page is loading.
    pub loading: bool,
    /// The last failure.
    pub error: Option<ApiError>,
}

/// Changes to a [`PagedState`]; results of an older generation are ignored.
pub enum PagedAction<T> {
    /// Start over (new filters); the list empties.
    Reset(u32),
    /// A next page is loading.
    Loading(u32),
    /// A page arrived.
    Loaded(u32, Page<T>),
    /// A page failed.
    Failed(u32, ApiError),
    /// Replace the item with the same id (or prepend a new one).
    Upsert(T),
    /// Drop the item with this id.
    Remove(String),
}

impl<T: Clone + HasId> Reducible for PagedState<T> {
    type Action = PagedAction<T>;

    fn reduce(self: Rc<Self>, action: PagedAction<T>) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            PagedAction::Reset(g) => {
                s = PagedState {
                    generation: g,
                    ..PagedState::default()
                };
                s.loading = true;
            }
            PagedAction::Loading(g) if g == s.generation => s.loading = true,
            PagedAction::Loaded(g, page) if g == s.generation => {
                s.items.extend(page.data);
                s.next_cursor = page.next_cursor;
                s.loading = false;
                s.error = None;
            }
            PagedAction::Failed(g, e) if g == s.generation => {
                s.loading = false;
                s.error = Some(e);
            }
            PagedAction::Upsert(item) => match s.items.iter().position(|i| i.id() == item.id()) {
                Some(pos) => s.items[pos] = item,
                None => s.items.insert(0, item),
            },
            PagedAction::Remove(id) => s.items.retain(|i| i.id() != id),
            _ => return self,
        }
        Rc::new(s)
    }
}

impl<T> Default for PagedState<T> {
    fn default() -> Self {
        PagedState {
            generation: 0,
            items: Vec::new(),
            next_cursor: None,
            loading: false,
            error: None,
        }
    }
}

/// A paginated list bound to a query: reloads when the query changes.
pub struct Paged<T: Clone + HasId + 'static> {
    /// The current state.
    pub state: UseReducerHandle<PagedState<T>>,
    /// Loads the next page (no-op on the last page or while loading).
    pub load_more: Callback<()>,
    /// Starts over from the first page.
    pub reload: Callback<()>,
    /// Replaces an item in place (after an update) or prepends it (after a create).
    pub upsert: Callback<T>,
    /// Drops the item with this id (after a delete).
    pub remove: Callback<String>,
}

/// The paginated list of `fetch` for `query`.
#[hook]
pub fn use_paged<Q, T>(query: Q, fetch: Fetcher<Q, T>) -> Paged<T>
where
    Q: Clone + PartialEq + 'static,
    T: Clone + HasId + 'static,
{
    let state = use_reducer(PagedState::<T>::default);
    // Shared by the callbacks of every render: which generation is current.
    let counter: Rc<Cell<u32>> = (*use_state(|| Rc::new(Cell::new(0u32)))).clone();

    let reload = {
        let (dispatcher, counter, query) = (state.dispatcher(), counter.clone(), query.clone());
        Callback::from(move |()| {
            let g = counter.get() + 1;
            counter.set(g);
            dispatcher.dispatch(PagedAction::Reset(g));
            let (dispatcher, fut) = (dispatcher.clone(), fetch(query.clone(), None));
            spawn_local(async move {
                dispatcher.dispatch(match fut.await {
                    Ok(page) => PagedAction::Loaded(g, page),
                    Err(e) => PagedAction::Failed(g, e),
                });
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with(query.clone(), move |_| reload.emit(()));
    }
    let load_more = {
        let (dispatcher, query) = (state.dispatcher(), query);
        let cursor = state.next_cursor.clone().filter(|_| !state.loading);
        Callback::from(move |()| {
            let Some(cursor) = cursor.clone() else { return };
            let g = counter.get();
            dispatcher.dispatch(PagedAction::Loading(g));
            let (dispatcher, fut) = (dispatcher.clone(), fetch(query.clone(), Some(cursor)));
            spawn_local(async move {
                dispatcher.dispatch(match fut.await {
                    Ok(page) => PagedAction::Loaded(g, page),
                    Err(e) => PagedAction::Failed(g, e),
                });
            });
        })
    };
    let upsert = state.dispatcher().to_callback().reform(PagedAction::Upsert);
    let remove = state.dispatcher().to_callback().reform(PagedAction::Remove);
    Paged {
        state,
        load_more,
        reload,
        upsert,
        remove,
    }
}

/// Props of [`LoadMore`].
#[derive(Properties, PartialEq)]
pub struct LoadMoreProps {
    /// True when there is a next page.
    pub has_more: bool,
    /// True while loading.
    pub loading: bool,
    /// Loads the next page.
    pub onclick: Callback<()>,
    /// Button text.
    pub label: AttrValue,
    /// Text at the end of the list.
    pub end_label: AttrValue,
    /// Text while loading.
    pub loading_label: AttrValue,
}

/// The "加载更多" button under a list.
#[component]
pub fn LoadMore(props: &LoadMoreProps) -> Html {
    let onclick = props.onclick.reform(|_: MouseEvent| ());
    html! {
        <div class="load-more">
            if props.has_more {
                <button class="btn" data-testid="load-more" disabled={props.loading} {onclick}>
                    { if props.loading { props.loading_label.clone() } else { props.label.clone() } }
                </button>
            } else if !props.loading {
                <span class="muted" data-testid="list-end">{ props.end_label.clone() }</span>
            }
        </div>
    }
}
