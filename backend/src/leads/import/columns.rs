//! The columns an import file may have, under the English names of the API
//! and the Chinese headers staff use (姓名, 手机, 项目 …), and the header row.

use api_types::FieldError;

use crate::error::ApiError;

/// One importable column. Its [`key`](Column::key) names it in row errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 姓名 (required).
    Name,
    /// 手机 (required).
    Phone,
    /// 项目: project id or exact project name (required).
    Project,
    /// 渠道: API name or Chinese label (required).
    Source,
    /// 预算 in yuan; `450万` and `1.2亿` are understood.
    Budget,
    /// 购房时间.
    PurchaseTimeframe,
    /// 支付能力.
    AbilityToPay,
    /// 家庭结构.
    FamilyStructure,
    /// 职业.
    Occupation,
    /// 意向户型, separated by `、` or `,`.
    PreferredLayouts,
    /// 备注.
    Notes,
    /// 到访次数.
    Visits,
    /// 同意用途 (else the import's default).
    ConsentPurpose,
    /// 隐私声明版本 (else the import's default).
    NoticeVersion,
}

impl Column {
    /// Every column, in the order of the README's table.
    pub const ALL: [Column; 14] = [
        Column::Name,
        Column::Phone,
        Column::Project,
        Column::Source,
        Column::Budget,
        Column::PurchaseTimeframe,
        Column::AbilityToPay,
        Column::FamilyStructure,
        Column::Occupation,
        Column::PreferredLayouts,
        Column::Notes,
        Column::Visits,
        Column::ConsentPurpose,
        Column::NoticeVersion,
    ];

    /// The English header, also the `field` of row errors.
    pub fn key(self) -> &'static str {
        self.names()[0]
    }

    /// The Chinese header.
    pub fn label_zh(self) -> &'static str {
        self.names()[1]
    }

    /// Every accepted header, normalised (see [`normalize`]): English first, then Chinese.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["name", "姓名", "客户姓名", "名字", "customer_name"],
            Column::Phone => &[
                "phone",
                "手机",
                "手机号",
                "手机号码",
                "电话",
                "联系电话",
                "mobile",
            ],
            Column::Project => &["project", "项目", "意向项目", "楼盘", "project_id"],
            Column::Source => &["source", "渠道", "来源", "来源渠道", "channel"],
            Column::Budget => &["budget", "预算", "购房预算", "budget_yuan"],
            Column::PurchaseTimeframe => &["purchase_timeframe", "购房时间", "购房计划"],
            Column::AbilityToPay => &["ability_to_pay", "支付能力"],
            Column::FamilyStructure => &["family_structure", "家庭结构"],
            Column::Occupation => &["occupation", "职业"],
            Column::PreferredLayouts => &["preferred_layouts", "意向户型", "户型", "layouts"],
            Column::Notes => &["notes", "备注", "note"],
            Column::Visits => &["visits", "到访次数"],
            Column::ConsentPurpose => &["consent_purpose", "同意用途"],
            Column::NoticeVersion => &["notice_version", "隐私声明版本"],
        }
    }

    /// Columns every file must have.
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Name | Column::Phone | Column::Project | Column::Source
        )
    }

    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        let h = normalize(header);
        Column::ALL
            .into_iter()
            .find(|c| c.names().contains(&h.as_str()))
    }
}

/// Lower case without spaces, BOM, required-markers (`*`) or a unit in
/// brackets: `" 预算（万元）"` → `预算`, `"* Phone"` → `phone`.
pub fn normalize(header: &str) -> String {
    let cut = header.find(['(', '（', '[', '【']).unwrap_or(header.len());
    header[..cut]
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{feff}' | '*'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The header row, understood.
#[derive(Debug, Clone)]
pub struct Header {
    /// The column of each cell position (`None`: a blank header, ignored).
    pub columns: Vec<Option<Column>>,
    /// The budget header says 万 (`预算（万元）`): plain numbers are in 万元.
    pub budget_in_wan: bool,
}

impl Header {
    /// Maps a header row; unknown, duplicate or missing required columns make
    /// the whole file a 422 (`field: "header"`), since no row could be read safely.
    pub fn parse(cells: &[String]) -> Result<Header, ApiError> {
        let mut errors = Vec::new();
        let mut columns = Vec::with_capacity(cells.len());
        let mut budget_in_wan = false;
        for cell in cells {
            if normalize(cell).is_empty() {
                columns.push(None);
                continue;
            }
            match Column::from_header(cell) {
                None => errors.push(header_error(
                    "unknown_column",
                    format!("unknown column {cell:?}; {}", accepted()),
                )),
                Some(c) if columns.contains(&Some(c)) => errors.push(header_error(
                    "duplicate_column",
                    format!("column {cell:?} appears twice (it is {})", c.key()),
                )),
                Some(c) => {
                    budget_in_wan |= c == Column::Budget && cell.contains('万');
                    columns.push(Some(c));
                }
            }
        }
        for c in Column::ALL.into_iter().filter(|c| c.required()) {
            if !columns.contains(&Some(c)) {
                errors.push(header_error(
                    "missing_column",
                    format!("the column {} / {} is required", c.key(), c.label_zh()),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Header {
                columns,
                budget_in_wan,
            })
        } else {
            Err(ApiError::validation(errors))
        }
    }
}

fn header_error(code: &str, message: String) -> FieldError {
    FieldError {
        field: "header".into(),
        code: code.into(),
        message,
    }
}

fn accepted() -> String {
    let names: Vec<String> = Column::ALL
        .iter()
        .map(|c| format!("{}/{}", c.key(), c.label_zh()))
        .collect();
    format!("accepted: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_and_chinese_headers_map_to_the_same_columns() {
        assert_eq!(Column::from_header("姓名"), Some(Column::Name));
        assert_eq!(Column::from_header(" Name "), Some(Column::Name));
        assert_eq!(Column::from_header("\u{feff}手机"), Some(Column::Phone));
        assert_eq!(Column::from_header("*手机号码"), Some(Column::Phone));
        assert_eq!(Column::from_header("预算（元）"), Some(Column::Budget));
        assert_eq!(Column::from_header("预算(万元)"), Some(Column::Budget));
        assert_eq!(
            Column::from_header("意向户型"),
            Some(Column::PreferredLayouts)
        );
        assert_eq!(
            Column::from_header("隐私声明版本"),
            Some(Column::NoticeVersion)
        );
        assert_eq!(Column::from_header("年龄"), None);
    }

    #[test]
    fn a_header_needs_the_required_columns_once_each() {
        let h = Header::parse(&cells(&[
            "姓名",
            "手机",
            "项目",
            "渠道",
            "",
            "预算（万元）",
        ]))
        .expect("valid");
        assert_eq!(h.columns[4], None);
        assert_eq!(h.columns[5], Some(Column::Budget));
        assert!(h.budget_in_wan);
        let e = Header::parse(&cells(&["姓名", "name", "年龄"])).expect_err("invalid");
        let codes: Vec<&str> = e.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "duplicate_column",
                "unknown_column",
                "missing_column",
                "missing_column",
                "missing_column"
            ]
        );
        assert!(e.errors.iter().all(|e| e.field == "header"));
    }
}
