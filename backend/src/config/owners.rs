//! Configuration of the outbox's senders and of owners' one-time codes.

use super::{parse_var, ConfigError, Lookup};

/// Where outgoing messages (the outbox) are delivered.
#[derive(Clone, Default)]
pub struct OutboxConfig {
    /// The HTTP SMS gateway; `None`: messages are only recorded in the outbox.
    pub sms_gateway: Option<SmsGatewayConfig>,
}

impl std::fmt::Debug for OutboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret: only the URL is shown.
        let url = self.sms_gateway.as_ref().map(|g| g.url.as_str());
        f.debug_struct("OutboxConfig")
            .field("sms_gateway", &url)
            .finish()
    }
}

/// An HTTP SMS gateway that takes `POST <url>` with a JSON message.
#[derive(Clone)]
pub struct SmsGatewayConfig {
    /// `http://` or `https://` endpoint (`ESTATE_CRM_SMS_GATEWAY_URL`).
    pub url: String,
    /// Bearer token sent to the gateway (`ESTATE_CRM_SMS_GATEWAY_TOKEN`).
    pub token: String,
    /// Request timeout in seconds (`ESTATE_CRM_SMS_GATEWAY_TIMEOUT_SECS`).
    pub timeout_secs: u64,
}

/// Rate limits of owners' one-time login codes (the code itself is fixed:
/// 6 digits, valid 5 minutes, 5 attempts).
#[derive(Debug, Clone)]
pub struct OwnerLoginConfig {
    /// Least seconds between two codes for one phone.
    pub code_interval_secs: i64,
    /// Codes per phone per hour.
    pub codes_per_phone_hour: i32,
    /// Code requests per client address per hour.
    pub codes_per_ip_hour: i32,
}

impl Default for OwnerLoginConfig {
    fn default() -> Self {
        OwnerLoginConfig {
            code_interval_secs: 60,
            codes_per_phone_hour: 5,
            codes_per_ip_hour: 20,
        }
    }
}

/// Reads `ESTATE_CRM_SMS_GATEWAY_*`.
pub(super) fn outbox(var: Lookup) -> Result<OutboxConfig, ConfigError> {
    let Some(url) = var("ESTATE_CRM_SMS_GATEWAY_URL") else {
        return Ok(OutboxConfig::default());
    };
    let url = url.trim().to_string();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ConfigError(
            "ESTATE_CRM_SMS_GATEWAY_URL must be an http:// or https:// URL".into(),
        ));
    }
    let token = var("ESTATE_CRM_SMS_GATEWAY_TOKEN").ok_or_else(|| {
        ConfigError("ESTATE_CRM_SMS_GATEWAY_URL requires ESTATE_CRM_SMS_GATEWAY_TOKEN".into())
    })?;
    Ok(OutboxConfig {
        sms_gateway: Some(SmsGatewayConfig {
            url,
            token,
            timeout_secs: parse_var(var, "ESTATE_CRM_SMS_GATEWAY_TIMEOUT_SECS", 10)?,
        }),
    })
}

/// Reads `ESTATE_CRM_OWNER_CODE*`.
pub(super) fn owner_login(var: Lookup) -> Result<OwnerLoginConfig, ConfigError> {
    let d = OwnerLoginConfig::default();
    Ok(OwnerLoginConfig {
        code_interval_secs: parse_var(
            var,
            "ESTATE_CRM_OWNER_CODE_INTERVAL_SECS",
            d.code_interval_secs,
        )?,
        codes_per_phone_hour: parse_var(
            var,
            "ESTATE_CRM_OWNER_CODES_PER_PHONE_HOUR",
            d.codes_per_phone_hour,
        )?,
        codes_per_ip_hour: parse_var(
            var,
            "ESTATE_CRM_OWNER_CODES_PER_IP_HOUR",
            d.codes_per_ip_hour,
        )?,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<(OutboxConfig, OwnerLoginConfig), ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let var = move |name: &str| map.get(name).cloned();
        Ok((outbox(&var)?, owner_login(&var)?))
    }

    #[test]
    fn the_sms_gateway_needs_an_http_url_and_a_token() {
        let (none, limits) = read(&[]).expect("defaults");
        assert!(none.sms_gateway.is_none());
        assert_eq!(limits.codes_per_phone_hour, 5);
        let (gw, _) = read(&[
            ("ESTATE_CRM_SMS_GATEWAY_URL", "https://sms.example/send"),
            ("ESTATE_CRM_SMS_GATEWAY_TOKEN", "t0ken"),
        ])
        .expect("gateway");
        assert!(!format!("{gw:?}").contains("t0ken"), "token not in Debug");
        let g = gw.sms_gateway.expect("configured");
        assert_eq!(
            (g.url.as_str(), g.timeout_secs),
            ("https://sms.example/send", 10)
        );
        assert!(read(&[("ESTATE_CRM_SMS_GATEWAY_URL", "https://sms.example/send")]).is_err());
        assert!(read(&[
            ("ESTATE_CRM_SMS_GATEWAY_URL", "ftp://x"),
            ("ESTATE_CRM_SMS_GATEWAY_TOKEN", "t"),
        ])
        .is_err());
        let (_, strict) = read(&[("ESTATE_CRM_OWNER_CODES_PER_IP_HOUR", "3")]).expect("limits");
        assert_eq!(strict.codes_per_ip_hour, 3);
    }
}
