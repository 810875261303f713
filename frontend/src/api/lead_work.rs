//! Working one lead: timeline, grading, follow-ups, losing, grading by hand,
//! assignment, claiming and the logged contact reveal.

use api_types::{
    AssignLead, CreateFollowUp, FollowUp, GradeLead, Grading, Lead, LeadContact, LeadEvent,
    LoseLead, Page,
};

use super::{get, json, post_idempotent, send, write, ApiResult, Method};

/// Pages followed at most for one lead's timeline (200 items each).
const MAX_PAGES: usize = 10;

async fn all<T: serde::de::DeserializeOwned>(path: &str) -> ApiResult<Vec<T>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let query = [
            ("limit", "200".to_string()),
            ("cursor", cursor.clone().unwrap_or_default()),
        ];
        let page: Page<T> = get(path, &query).await?;
        out.extend(page.data);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(out)
}

/// `GET /api/v1/leads/{id}/events`, every page.
pub async fn events(id: &str) -> ApiResult<Vec<LeadEvent>> {
    all(&format!("/api/v1/leads/{id}/events")).await
}

/// `GET /api/v1/leads/{id}/follow-ups`, every page.
pub async fn follow_ups(id: &str) -> ApiResult<Vec<FollowUp>> {
    all(&format!("/api/v1/leads/{id}/follow-ups")).await
}

/// `GET /api/v1/leads/{id}/grading`: the current grade's explanation.
pub async fn grading(id: &str) -> ApiResult<Grading> {
    get(&format!("/api/v1/leads/{id}/grading"), &[]).await
}

/// `POST /api/v1/leads/{id}/follow-ups` with an `Idempotency-Key`.
pub async fn follow_up(id: &str, body: &CreateFollowUp, key: &str) -> ApiResult<FollowUp> {
    post_idempotent(&format!("/api/v1/leads/{id}/follow-ups"), body, key).await
}

/// `POST /api/v1/leads/{id}/lose`.
pub async fn lose(id: &str, body: &LoseLead) -> ApiResult<Lead> {
    write(
        Method::Post,
        &format!("/api/v1/leads/{id}/lose"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/leads/{id}/grade`: a manual grade with its reason.
pub async fn grade(id: &str, body: &GradeLead) -> ApiResult<Lead> {
    write(
        Method::Post,
        &format!("/api/v1/leads/{id}/grade"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/leads/{id}/assign` (managers).
pub async fn assign(id: &str, body: &AssignLead) -> ApiResult<Lead> {
    write(
        Method::Post,
        &format!("/api/v1/leads/{id}/assign"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/leads/{id}/claim`: take a lead from the pool.
pub async fn claim(id: &str) -> ApiResult<Lead> {
    let resp = send::<()>(
        Method::Post,
        &format!("/api/v1/leads/{id}/claim"),
        &[],
        None,
        None,
    )
    .await?;
    json(resp).await
}

/// `GET /api/v1/leads/{id}/contact`: the full phone (the server logs the read).
pub async fn contact(id: &str) -> ApiResult<LeadContact> {
    get(&format!("/api/v1/leads/{id}/contact"), &[]).await
}
