//! The table of user-interface strings; one `static` per language.

/// Every string the SPA shows. A field added here must be translated in
/// every language file, or the build fails.
#[derive(Debug, PartialEq)]
pub struct Strings {
    /// Chinese translates field-error codes; English shows the server's own message.
    pub translate_field_codes: bool,
    /// Product name in the header.
    pub app_name: &'static str,
    /// Under the product name on the login card.
    pub login_subtitle: &'static str,
    /// E-mail label.
    pub email: &'static str,
    /// Password label.
    pub password: &'static str,
    /// Login button.
    pub sign_in: &'static str,
    /// Login button while waiting.
    pub signing_in: &'static str,
    /// Logout button.
    pub logout: &'static str,
    /// Language switch label.
    pub language: &'static str,
    /// Sidebar label.
    pub menu: &'static str,
    /// Menu: projects.
    pub nav_projects: &'static str,
    /// Menu: users.
    pub nav_users: &'static str,
    /// Menu: audit log.
    pub nav_audit: &'static str,
    /// Loading placeholder.
    pub loading: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// Reload after a conflict.
    pub reload: &'static str,
    /// Save button.
    pub save: &'static str,
    /// Save button while waiting.
    pub saving: &'static str,
    /// Toast after a save.
    pub saved: &'static str,
    /// Create button.
    pub create: &'static str,
    /// Cancel button.
    pub cancel: &'static str,
    /// Edit button.
    pub edit: &'static str,
    /// Delete button.
    pub delete: &'static str,
    /// Toast after a delete.
    pub deleted: &'static str,
    /// Close a dialog.
    pub close: &'static str,
    /// Delete confirmation question.
    pub confirm_delete: &'static str,
    /// Filter button.
    pub search: &'static str,
    /// "Any" filter option.
    pub all: &'static str,
    /// Actions column.
    pub actions: &'static str,
    /// Next page button.
    pub load_more: &'static str,
    /// End of a list.
    pub list_end: &'static str,
    /// Last-changed column.
    pub updated_at: &'static str,
    /// Status label.
    pub status: &'static str,
    /// Total in the legend.
    pub total: &'static str,
    /// Request id prefix.
    pub request_id: &'static str,
    /// One project.
    pub project: &'static str,
    /// Project name label.
    pub project_name: &'static str,
    /// City label.
    pub city: &'static str,
    /// District label.
    pub district: &'static str,
    /// Address label.
    pub address: &'static str,
    /// Create-project button.
    pub new_project: &'static str,
    /// Toast after creating a project.
    pub project_created: &'static str,
    /// Empty project list.
    pub no_projects: &'static str,
    /// Name filter label.
    pub search_name: &'static str,
    /// Link back to the list.
    pub back_to_projects: &'static str,
    /// One building.
    pub building: &'static str,
    /// Building section heading.
    pub buildings: &'static str,
    /// Building name label.
    pub building_name: &'static str,
    /// Floor count label.
    pub floors: &'static str,
    /// Create-building button.
    pub new_building: &'static str,
    /// Toast after creating a building.
    pub building_created: &'static str,
    /// Empty building list.
    pub no_buildings: &'static str,
    /// Sales-control grid heading.
    pub sales_control: &'static str,
    /// Floor label.
    pub floor: &'static str,
    /// After a floor number in the grid.
    pub floor_suffix: &'static str,
    /// One unit.
    pub unit: &'static str,
    /// Unit section heading.
    pub units: &'static str,
    /// Unit number label.
    pub unit_number: &'static str,
    /// Area label.
    pub area_m2: &'static str,
    /// Layout label.
    pub layout: &'static str,
    /// Layout placeholder.
    pub layout_example: &'static str,
    /// List price label.
    pub list_price: &'static str,
    /// List price input label.
    pub list_price_yuan: &'static str,
    /// Create-one-unit button.
    pub new_unit: &'static str,
    /// Toast after creating a unit.
    pub unit_created: &'static str,
    /// Empty unit list.
    pub no_units: &'static str,
    /// Bulk-create button.
    pub bulk_create: &'static str,
    /// Toast after bulk creation (count follows).
    pub units_created: &'static str,
    /// Bulk: first floor.
    pub floor_from: &'static str,
    /// Bulk: last floor.
    pub floor_to: &'static str,
    /// Bulk: price step per floor.
    pub price_step_yuan: &'static str,
    /// Bulk: positions heading.
    pub positions: &'static str,
    /// Bulk: number suffix.
    pub suffix: &'static str,
    /// Bulk: base price.
    pub base_price_yuan: &'static str,
    /// Bulk: add a position.
    pub add_row: &'static str,
    /// Bulk: remove a position.
    pub remove_row: &'static str,
    /// One company (audit entity).
    pub company: &'static str,
    /// One user.
    pub user: &'static str,
    /// Create-user button.
    pub new_user: &'static str,
    /// User dialog title.
    pub edit_user: &'static str,
    /// Display name label.
    pub display_name: &'static str,
    /// Role label.
    pub role: &'static str,
    /// Phone label.
    pub phone: &'static str,
    /// Password placeholder.
    pub password_hint: &'static str,
    /// Granted projects label.
    pub granted_projects: &'static str,
    /// Save grants button.
    pub save_grants: &'static str,
    /// Account state column.
    pub state: &'static str,
    /// Active account.
    pub active: &'static str,
    /// Disabled account.
    pub disabled: &'static str,
    /// Enable button.
    pub enable: &'static str,
    /// Disable button.
    pub disable: &'static str,
    /// Toast after creating a user.
    pub user_created: &'static str,
    /// Toast after enabling.
    pub user_enabled: &'static str,
    /// Toast after disabling.
    pub user_disabled: &'static str,
    /// Empty user list.
    pub no_users: &'static str,
    /// User search label.
    pub search_user: &'static str,
    /// Audit: time column.
    pub time: &'static str,
    /// Audit: actor column.
    pub actor: &'static str,
    /// Audit: action column.
    pub action: &'static str,
    /// Audit: entity type.
    pub entity_type: &'static str,
    /// Audit: entity id.
    pub entity_id: &'static str,
    /// Audit: changes column.
    pub changes: &'static str,
    /// Audit: before.
    pub before: &'static str,
    /// Audit: after.
    pub after: &'static str,
    /// Show details.
    pub show: &'static str,
    /// Hide details.
    pub hide: &'static str,
    /// Empty audit list.
    pub no_audit: &'static str,
    /// 404 heading.
    pub not_found_title: &'static str,
    /// 404 text.
    pub not_found_text: &'static str,
    /// 401 invalid_credentials.
    pub err_invalid_credentials: &'static str,
    /// 429 too_many_attempts.
    pub err_too_many_attempts: &'static str,
    /// 412 precondition_failed.
    pub err_stale: &'static str,
    /// 422 with field errors.
    pub err_validation: &'static str,
    /// Network failure.
    pub err_network: &'static str,
    /// 403.
    pub err_forbidden: &'static str,
    /// 401 otherwise.
    pub err_unauthorized: &'static str,
    /// 404.
    pub err_not_found: &'static str,
    /// 503.
    pub err_unavailable: &'static str,
    /// Disabled account.
    pub err_disabled: &'static str,
    /// 409 prefix.
    pub err_conflict: &'static str,
    /// Anything else.
    pub err_generic: &'static str,
    /// Field: required.
    pub fe_required: &'static str,
    /// Field: length.
    pub fe_length: &'static str,
    /// Field: range.
    pub fe_range: &'static str,
    /// Field: e-mail.
    pub fe_email: &'static str,
    /// Field: phone.
    pub fe_phone: &'static str,
    /// Field: invalid.
    pub fe_invalid: &'static str,
    /// Field: duplicate.
    pub fe_taken: &'static str,
    /// Field: not a number.
    pub fe_number: &'static str,
    /// Field: not an amount.
    pub fe_money: &'static str,
}
