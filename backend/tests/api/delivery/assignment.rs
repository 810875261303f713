//! Who a defect may be assigned to: an engineering, service or CRM user who
//! may see the defect's project.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{defect, dx, step, units};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn a_defect_is_assigned_only_to_a_user_granted_its_project() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let admin = app.token(Role::Admin).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let def = defect(&app, &d.service, &unit, "pre_inspection").await;
    let id = def["id"].as_str().expect("id");
    let (_, users) = app.get("/api/v1/users?role=engineering", &admin).await;
    let engineer = users["data"][0]["id"].as_str().expect("id").to_string();
    let others: Vec<String> = app
        .project_ids(&admin)
        .await
        .into_iter()
        .filter(|p| *p != d.pid)
        .collect();
    let grant = |projects: Vec<String>| {
        let app = &app;
        let admin = admin.clone();
        let engineer = engineer.clone();
        async move {
            let (s, b) = send(
                app.authed(
                    Method::PUT,
                    &format!("/api/v1/users/{engineer}/projects"),
                    &admin,
                )
                .json(&json!({"project_ids": projects})),
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{b}");
        }
    };
    grant(others).await;

    let body = json!({"contractor": "中建三局", "assignee_id": engineer});
    let (s, b) = step(&app, &d.service, id, "assign", body.clone()).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "assignee_id");
    assert_eq!(b["errors"][0]["code"], "no_project_access");
    let (_, after) = app.get(&format!("/api/v1/defects/{id}"), &d.service).await;
    assert_eq!(after["status"], "open", "nothing changed: {after}");
    assert_eq!(after["contractor"], def["contractor"]);

    grant(vec![d.pid.clone()]).await;
    let (s, a) = step(&app, &d.service, id, "assign", body).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["assignee_id"], engineer.as_str());
    assert_eq!(a["status"], "assigned");
}
