//! The OpenAPI document: info, security schemes, tags, the error responses
//! every operation shares and the `ETag` links between operations (both added
//! after the paths are collected, so no handler can forget them).

use std::collections::BTreeMap;

use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Doc, RefOr, Required, Response, ResponseBuilder};
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
        (name = "api_keys", description = "API keys for integrations (admin); integrations send them as `X-API-Key`"),
        (name = "projects", description = "Projects (楼盘)"),
        (name = "buildings", description = "Buildings (栋)"),
        (name = "units", description = "Units (房号) and the sales-control grid (销控表)"),
        (name = "deals", description = "Deals on units (DOMAIN §3): subscription 认购, signing 签约, payment 回款, withdrawal 退房, unit change 换房; itemised prices; follow-up tasks"),
        (name = "delivery", description = "Delivery inspections (DOMAIN §6): batches and their timeline, inspections, defects to a verified fix, photos, sign-off, appointments and post-handover visits"),
        (name = "settings", description = "Company settings: the grading rule set (crm_head) and other defaults a company may change"),
        (name = "notifications", description = "Each staff user's own in-app notifications (SLA warnings, breaches, escalations)"),
        (name = "reports", description = "Lead KPIs per company, project and period (DOMAIN §11): channel conversion, lost reasons, SLA breaches, A-lead conversion and duplicate rate"),
        (name = "membership", description = "Membership (DOMAIN §4): tiers with their history, benefits with quotas, the points ledger and catalogue, redemptions on a customer's behalf, and their rules"),
        (name = "referrals", description = "Referral rewards (老带新, DOMAIN §5): registration with eligibility by rules, the lifecycle tied to the friend's deal, rewards approved and paid once, the fraud review queue, household and staff phone lists, and their rules"),
        (name = "audit", description = "Audit trail and personal-data access log"),
        (name = "outbox", description = "Outgoing messages (SMS) and their delivery (admin)"),
        (name = "owner_auth", description = "Owners' sign-in for the mini-program: phone and one-time code, owner tokens"),
        (name = "me", description = "The signed-in owner's own data (owner tokens only)"),
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
        components.add_security_scheme(
            "owner_bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Owner access token from POST /api/v1/owner-auth/verify (15 minutes); \
                         refused by staff endpoints, as staff tokens are by owner endpoints",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "An integration's API key (`ek_…`), created by an admin at POST /api/v1/api-keys",
            ))),
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
                describe_if_match(op);
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
                    && !crate::idempotency::exempt(path)
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

/// Documents the form of `If-Match` that the server reads: one strong or weak `ETag`.
fn describe_if_match(op: &mut Operation) {
    for param in op.parameters.iter_mut().flatten() {
        if param.name == "If-Match" {
            param.schema = Some(RefOr::T(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some(r#"^(W/)?"[0-9]+"$"#))
                    .examples([r#""1""#])
                    .into(),
            ));
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

/// The schema a response's JSON body refers to, e.g. `#/components/schemas/Project`.
fn body_ref(response: Option<&RefOr<Response>>) -> Option<String> {
    let RefOr::T(response) = response? else {
        return None;
    };
    json_ref(response)
}

fn json_ref(response: &Response) -> Option<String> {
    match response.content.get("application/json")?.schema.as_ref()? {
        RefOr::Ref(r) => Some(r.ref_location.clone()),
        RefOr::T(_) => None,
    }
}

/// Adds OpenAPI links from the responses that carry a resource's `ETag` (its
/// creation, 201, and its update, 200) to the operations that take the resource
/// with `If-Match` (update and delete): the documented way to chain them, which
/// also lets stateful clients and fuzzers reach past `412`.
pub fn add_etag_links(doc: &mut Doc) {
    // Per resource schema: the item path, its id parameter, and the operations taking `If-Match`.
    let mut targets: BTreeMap<String, (String, String, Vec<String>)> = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        let Some(param) = path
            .rsplit('/')
            .next()
            .and_then(|s| s.strip_prefix('{'))
            .and_then(|s| s.strip_suffix('}'))
        else {
            continue;
        };
        let takes_if_match = |op: &Option<Operation>| {
            op.as_ref().and_then(|op| {
                let has = op
                    .parameters
                    .as_ref()
                    .is_some_and(|ps| ps.iter().any(|p| p.name == "If-Match"));
                has.then(|| op.operation_id.clone()).flatten()
            })
        };
        let ops: Vec<String> = [&item.patch, &item.delete]
            .into_iter()
            .filter_map(takes_if_match)
            .collect();
        let schema = item
            .patch
            .as_ref()
            .and_then(|op| body_ref(op.responses.responses.get("200")));
        if let (Some(schema), false) = (schema, ops.is_empty()) {
            targets.insert(schema, (path.clone(), param.to_string(), ops));
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let sources = [
            (&mut item.post, "201", false),
            (&mut item.patch, "200", true),
        ];
        for (op, status, same_item) in sources {
            let Some(op) = op.as_mut() else { continue };
            let Some(RefOr::T(response)) = op.responses.responses.get_mut(status) else {
                continue;
            };
            let Some(schema) = json_ref(response) else {
                continue;
            };
            let Some((item_path, param, ops)) = targets.get(&schema) else {
                continue;
            };
            if same_item && item_path != path {
                continue;
            }
            let id = if same_item {
                format!("$request.path.{param}")
            } else {
                "$response.body#/id".to_string()
            };
            for target in ops {
                // utoipa 5 writes `Link::operation_id` as `operation_id`, not
                // `operationId`: spell the field through the flattened extensions.
                let link = LinkBuilder::new()
                    .parameter(format!("path.{param}"), id.clone())
                    .parameter("header.If-Match", "$response.header.ETag")
                    .description("The resource, with this response's `ETag` as `If-Match`")
                    .extensions(Some(Extensions::from_iter([(
                        "operationId",
                        target.as_str(),
                    )])))
                    .build();
                response.links.insert(target.clone(), RefOr::T(link));
            }
        }
    }
}
