//! The OpenAPI document: info, security schemes, tags, and the error
//! responses every operation shares (added after the paths are collected, so
//! no handler can forget them).

use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Doc, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// Document-level metadata and shared schemas.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "EstateCRM API",
        description = "REST API of EstateCRM, a CRM for real-estate developers. \
            Errors are RFC 9457 problem documents with a stable `code`. Lists use keyset \
            pagination (`limit`, `cursor`, response `{data, next_cursor}`). Creating POSTs \
            accept `Idempotency-Key`; updates require `If-Match` with the resource's `ETag`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&SecuritySchemes),
    components(schemas(api_types::Problem, api_types::FieldError)),
    tags(
        (name = "auth", description = "Staff sign-in, tokens and the current user"),
        (name = "users", description = "Staff users, roles and project grants (admin)"),
        (name = "projects", description = "Projects (楼盘)"),
        (name = "buildings", description = "Buildings (栋)"),
        (name = "units", description = "Units (房号) and the sales-control grid (销控表)"),
        (name = "audit", description = "Audit trail and personal-data access log"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, doc: &mut Doc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from POST /api/v1/auth/login (15 minutes)",
                    ))
                    .build(),
            ),
        );
    }
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                        "Problem",
                    ))))
                    .build(),
            )
            .build(),
    )
}

fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| problem(description));
}

/// Adds the responses and headers every operation shares, by what the operation takes.
pub fn add_common_responses(doc: &mut Doc) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let ops = [
            (&mut item.get, false),
            (&mut item.post, true),
            (&mut item.put, false),
            (&mut item.patch, false),
            (&mut item.delete, false),
        ];
        for (op, is_post) in ops {
            let Some(op) = op.as_mut() else { continue };
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let has_query = op
                .parameters
                .as_ref()
                .is_some_and(|ps| ps.iter().any(|p| p.parameter_in == ParameterIn::Query));
            let has_if_match = op
                .parameters
                .as_ref()
                .is_some_and(|ps| ps.iter().any(|p| p.name == "If-Match"));
            if op.request_body.is_some() {
                add(op, "400", "Malformed JSON (`malformed_json`)");
                add(op, "413", "Body too large (`payload_too_large`)");
                add(op, "415", "Body is not JSON (`unsupported_media_type`)");
            }
            if op.request_body.is_some() || has_query {
                add(
                    op,
                    "422",
                    "Invalid fields (`validation_failed`), with per-field `errors`",
                );
            }
            if has_if_match {
                add(
                    op,
                    "412",
                    "Stale or malformed `If-Match` (`precondition_failed`)",
                );
                add(op, "428", "`If-Match` missing (`precondition_required`)");
            }
            if secured {
                add(op, "401", "Missing, invalid or expired token, or ended session (`unauthenticated`, `session_ended`)");
                if is_post
                    && path.starts_with("/api/v1/")
                    && op.responses.responses.contains_key("201")
                {
                    add_idempotency(op);
                }
            }
            add(
                op,
                "503",
                "The database is unavailable (`database_unavailable`)",
            );
        }
    }
}

fn add_idempotency(op: &mut Operation) {
    add(
        op,
        "409",
        "A request with this key is still running (`idempotency_in_progress`)",
    );
    add(
        op,
        "422",
        "Invalid fields, or the key was used for another request (`idempotency_key_reused`)",
    );
    let param = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Retry-safe creation: the same key and body replay the first response; another body is 422",
        ))
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[!-~]+$")),
        ))
        .build();
    op.parameters.get_or_insert_with(Vec::new).push(param);
}
