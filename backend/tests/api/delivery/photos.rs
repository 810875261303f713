//! Photos: the type from the bytes, the limits (wrong type, oversize, empty:
//! refused, nothing stored), served only to those who may see the defect.

use reqwest::{Method, StatusCode};

use super::{defect, dx, units, Dx};
use crate::helpers::{assert_problem, send, spawn_app, TestApp};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn upload(
    app: &TestApp,
    token: &str,
    id: &str,
    bytes: Vec<u8>,
    claimed: &str,
) -> (StatusCode, serde_json::Value) {
    send(
        app.authed(Method::POST, &format!("/api/v1/defects/{id}/photos"), token)
            .header("Content-Type", claimed)
            .body(bytes),
    )
    .await
}

fn stored_files(app: &TestApp) -> usize {
    stored_paths(app).len()
}

/// A file that must be served (200).
async fn fetch_ok(app: &TestApp, url: &str, token: &str) -> reqwest::Response {
    let res = app
        .authed(Method::GET, url, token)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    res
}

/// An app with the delivery staff and a handover defect (its id).
async fn with_defect() -> (TestApp, Dx, String) {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let def = defect(&app, &d.engineering, &unit, "handover").await;
    let id = def["id"].as_str().expect("id").to_string();
    (app, d, id)
}

#[actix_web::test]
async fn a_photo_is_stored_by_its_hash_and_served_only_to_those_who_see_the_defect() {
    let (app, d, id) = with_defect().await;
    let id = id.as_str();
    // The client says JPEG; the bytes say PNG, and the bytes win.
    let (s, file) = upload(&app, &d.engineering, id, PNG.to_vec(), "image/jpeg").await;
    assert_eq!(s, StatusCode::CREATED, "{file}");
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(file["size_bytes"], PNG.len());
    let (s, _) = upload(&app, &d.service, id, PNG.to_vec(), "image/png").await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(stored_files(&app), 1, "the same content is stored once");
    let (_, one) = app.get(&format!("/api/v1/defects/{id}"), &d.service).await;
    assert_eq!(one["photos"].as_array().map(Vec::len), Some(2));

    let url = file["url"].as_str().expect("url");
    let res = fetch_ok(&app, url, &d.engineering).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PNG);
    let (s, b) = app.get(url, &d.rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = upload(&app, &d.rep, id, PNG.to_vec(), "image/png").await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = upload(
        &app,
        &d.engineering,
        "0190aaaa-0000-7000-8000-000000000000",
        PNG.to_vec(),
        "image/png",
    )
    .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "defect_not_found");
}

#[actix_web::test]
async fn wrong_type_oversize_and_empty_uploads_are_refused_and_nothing_is_stored() {
    let (app, d, id) = with_defect().await;
    let id = id.as_str();
    let (s, b) = upload(
        &app,
        &d.engineering,
        id,
        b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(),
        "image/png",
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_image_type",
    );
    let (s, b) = upload(
        &app,
        &d.engineering,
        id,
        b"%PDF-1.7 not an image".to_vec(),
        "image/jpeg",
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_image_type",
    );
    // The type is checked on the first bytes: a large non-image is refused
    // as such, not read to the size limit.
    let (s, b) = upload(
        &app,
        &d.engineering,
        id,
        vec![b'A'; 11 * 1024 * 1024],
        "image/png",
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_image_type",
    );
    let (s, b) = upload(&app, &d.engineering, id, Vec::new(), "image/png").await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["code"], "empty_file");
    let mut big = PNG.to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let (s, b) = upload(&app, &d.engineering, id, big, "image/png").await;
    assert_problem(s, &b, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large");
    let mut limit = PNG.to_vec();
    limit.resize(10 * 1024 * 1024, 0);
    let (s, b) = upload(&app, &d.engineering, id, limit, "image/png").await;
    assert_eq!(s, StatusCode::CREATED, "exactly 10 MB is accepted: {b}");
    assert_eq!(
        stored_files(&app),
        1,
        "only the accepted upload was written"
    );
    let (_, one) = app.get(&format!("/api/v1/defects/{id}"), &d.service).await;
    assert_eq!(one["photos"].as_array().map(Vec::len), Some(1));
}

/// The paths of the stored files.
fn stored_paths(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.state.config.data_dir.join("delivery-files");
    let Ok(dirs) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    dirs.filter_map(Result::ok)
        .flat_map(|d| std::fs::read_dir(d.path()).expect("dir"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect()
}

#[actix_web::test]
async fn a_photo_committed_but_never_moved_in_place_is_found_by_its_hash_at_the_next_read() {
    let (app, d, id) = with_defect().await;
    let id = id.as_str();
    let (s, file) = upload(&app, &d.engineering, id, PNG.to_vec(), "image/png").await;
    assert_eq!(s, StatusCode::CREATED, "{file}");
    // As if the server stopped after the row committed, before the move:
    // the content is still under its staged name, beside a stray staged
    // file of the same name pattern whose content does not match.
    let placed = stored_paths(&app).pop().expect("stored");
    let sha = placed.file_name().and_then(|n| n.to_str()).expect("name");
    let dir = placed.parent().expect("dir");
    std::fs::write(dir.join(format!("{sha}.0-stray.tmp")), b"not it").expect("stray");
    std::fs::rename(&placed, dir.join(format!("{sha}.1-staged.tmp"))).expect("unplace");

    let url = file["url"].as_str().expect("url");
    let res = fetch_ok(&app, url, &d.engineering).await;
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PNG);
    assert_eq!(std::fs::read(&placed).expect("moved in place"), PNG);
}

#[actix_web::test]
async fn the_sweep_moves_committed_staged_content_in_place_and_removes_uncommitted_copies() {
    let (app, d, id) = with_defect().await;
    let (s, file) = upload(&app, &d.engineering, &id, PNG.to_vec(), "image/png").await;
    assert_eq!(s, StatusCode::CREATED, "{file}");
    let placed = stored_paths(&app).pop().expect("stored");
    let sha = placed.file_name().and_then(|n| n.to_str()).expect("name");
    let dir = placed.parent().expect("dir");
    // Committed but never moved, a stray of the same name, and an upload
    // whose transaction never committed.
    std::fs::rename(&placed, dir.join(format!("{sha}.1-staged.tmp"))).expect("unplace");
    std::fs::write(dir.join(format!("{sha}.0-stray.tmp")), b"not it").expect("stray");
    let uncommitted = dir.join(format!("{}.2-lost.tmp", "ab".repeat(32)));
    std::fs::write(&uncommitted, b"lost").expect("uncommitted");

    let cycle = |at: chrono::DateTime<chrono::Utc>| {
        let state = app.state.clone();
        async move {
            estate_crm::jobs::run_cycle_at(&state, estate_crm::db::truncate_micros(at.naive_utc()))
                .await
                .expect("jobs")
                .staged_files
        }
    };
    // An upload may still be writing them: nothing is touched yet.
    let now = chrono::Utc::now();
    assert_eq!(cycle(now).await, Default::default());
    assert_eq!(stored_paths(&app).len(), 3);

    let later = cycle(now + chrono::Duration::hours(2)).await;
    assert_eq!((later.recovered, later.removed), (1, 2));
    assert_eq!(stored_paths(&app), vec![placed.clone()]);
    assert_eq!(std::fs::read(&placed).expect("in place"), PNG);

    // A committed file missing with no staged copy of its content: its
    // staged-looking files are kept for a person to look at, not removed.
    std::fs::remove_file(&placed).expect("lose it");
    let stray = dir.join(format!("{sha}.3-stray.tmp"));
    std::fs::write(&stray, b"not it").expect("stray");
    let kept = cycle(now + chrono::Duration::hours(2)).await;
    assert_eq!(kept, Default::default());
    assert!(stray.exists());
}
