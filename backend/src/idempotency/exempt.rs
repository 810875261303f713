//! Which creating POSTs the `Idempotency-Key` store never keeps: those whose
//! bodies or answers hold secrets.

/// POSTs whose responses are never stored, whatever they carry: staff and
/// owner sign-in and token endpoints (codes, tokens), API-key creation (the
/// key's secret) and user creation (its body holds the initial password,
/// which must not sit for a day under a fast hash beside the slow one).
pub fn exempt(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path.starts_with("/api/v1/auth/")
        || path.starts_with("/api/v1/owner-auth/")
        || path == "/api/v1/api-keys"
        || path == "/api/v1/users"
}

#[cfg(test)]
mod tests {
    use super::exempt;

    #[test]
    fn requests_carrying_secrets_are_never_kept_for_replay() {
        for path in [
            "/api/v1/auth/login",
            "/api/v1/auth/refresh",
            "/api/v1/owner-auth/verify",
            "/api/v1/owner-auth/refresh",
            "/api/v1/api-keys",
            "/api/v1/users/",
        ] {
            assert!(exempt(path), "{path}");
        }
        for path in [
            "/api/v1/leads",
            "/api/v1/users/u1/projects",
            "/api/v1/deals",
        ] {
            assert!(!exempt(path), "{path}");
        }
    }
}
