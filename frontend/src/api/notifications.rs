//! The signed-in user's in-app notifications.

use api_types::{Notification, NotificationsMarked, Page, UnreadCount};

use super::{get, json, send, ApiResult, Method};

/// `GET /api/v1/notifications`, one page, newest first.
pub async fn list(
    unread: bool,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<Notification>> {
    let query = [
        ("unread", if unread { "true".into() } else { String::new() }),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/notifications", &query).await
}

/// `POST /api/v1/notifications/{id}/read`.
pub async fn read(id: &str) -> ApiResult<Notification> {
    let path = format!("/api/v1/notifications/{id}/read");
    let resp = send::<()>(Method::Post, &path, &[], None, None).await?;
    json(resp).await
}

/// `POST /api/v1/notifications/read-all`.
pub async fn read_all() -> ApiResult<NotificationsMarked> {
    let resp = send::<()>(
        Method::Post,
        "/api/v1/notifications/read-all",
        &[],
        None,
        None,
    )
    .await?;
    json(resp).await
}

/// `GET /api/v1/notifications/unread-count` (the bell's badge).
pub async fn unread_count() -> ApiResult<UnreadCount> {
    get("/api/v1/notifications/unread-count", &[]).await
}
