//! Sign-in, token refresh, sign-out and the current user.

use api_types::{LoginRequest, Me, RefreshRequest, TokenResponse};

use super::{clear_tokens, get, refresh_token, send, store_tokens, write, ApiResult, Method};

/// `POST /api/v1/auth/login`; stores the token pair on success.
pub async fn login(email: &str, password: &str) -> ApiResult<TokenResponse> {
    let body = LoginRequest {
        email: email.trim().to_string(),
        password: password.to_string(),
    };
    let tokens: TokenResponse = write(Method::Post, "/api/v1/auth/login", &body, None).await?;
    store_tokens(&tokens);
    Ok(tokens)
}

/// `GET /api/v1/me`: who is signed in, with role and company.
pub async fn me() -> ApiResult<Me> {
    get("/api/v1/me", &[]).await
}

/// `POST /api/v1/auth/logout` with the stored refresh token, then forgets the tokens.
///
/// The tokens are cleared even when the server cannot be reached: the user asked
/// to leave, and the refresh token dies on its own.
pub async fn logout() {
    if let Some(refresh) = refresh_token() {
        let body = RefreshRequest {
            refresh_token: refresh,
        };
        let _ = send(Method::Post, "/api/v1/auth/logout", &[], Some(&body), None).await;
    }
    clear_tokens();
}
