//! `wire_enum!`: a string enum of the API with its database name, its Chinese
//! label and a parser, declared once.

/// Declares a snake_case string enum with `ALL`, `as_str`, `parse` and `label_zh`.
#[macro_export]
// `$api` is a `tt`, not a `literal`: a `literal` fragment reaches the derive
// wrapped in an invisible group that utoipa skips, and the OpenAPI enum would
// then list the Rust variant names (`LeadsWrite`) instead of the wire names.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $api:tt / $zh:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $api)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The API and database name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $api),+ }
            }

            /// Parses the API name.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($api => Some($name::$variant),)+ _ => None }
            }

            /// The word staff see.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }
        }
    };
}
