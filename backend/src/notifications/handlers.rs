//! `/api/v1/notifications`: every staff user reads and marks their own list.

use actix_web::{get, post, web, HttpResponse};
use api_types::{Notification, NotificationsMarked, Page, UnreadCount};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Staff;
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::state::AppState;

/// Query of `GET /api/v1/notifications`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListNotificationsQuery {
    /// `true`: only unread notifications.
    pub unread: Option<bool>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the caller's own notifications, newest first.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(ListNotificationsQuery),
    responses(
        (status = 200, description = "One page of the caller's notifications", body = Page<Notification>),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListNotificationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let unread = q.unread.unwrap_or(false);
    let body = db::run(&state.pool, move |conn| {
        let rows = super::list(
            conn,
            &staff.company_id,
            &staff.user_id,
            unread,
            page.after.as_deref(),
            page.fetch(),
        )?;
        let (data, next_cursor) = page.finish(rows, |n| &n.id);
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Count the caller's unread notifications (the bell's badge).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many of the caller's notifications are unread", body = UnreadCount),
        (status = 401, description = "No or a bad token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications/unread-count")]
pub async fn count_unread_notifications(
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, ApiError> {
    let count = db::run(&state.pool, move |conn| {
        Ok(super::unread_count(
            conn,
            &staff.company_id,
            &staff.user_id,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(UnreadCount { count }))
}

/// Mark one of the caller's notifications read.
///
/// Marking an already-read notification again keeps its first `read_at`.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Notification id")),
    responses(
        (status = 200, description = "The notification, read", body = Notification),
        (status = 404, description = "No such notification of the caller (`notification_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn read_notification(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = db::run(&state.pool, move |conn| {
        super::mark_read(conn, &staff.company_id, &staff.user_id, &id)?
            .ok_or_else(|| ApiError::not_found("notification_not_found"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Mark all of the caller's notifications read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were marked", body = NotificationsMarked),
    )
)]
#[post("/notifications/read-all")]
pub async fn read_all_notifications(
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, ApiError> {
    let marked = db::run(&state.pool, move |conn| {
        Ok(super::mark_all_read(
            conn,
            &staff.company_id,
            &staff.user_id,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(NotificationsMarked {
        marked: marked as i64,
    }))
}
