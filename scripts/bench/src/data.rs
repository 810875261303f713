//! Deterministic, realistic-looking data: every value is a function of a row
//! number, so a run can be repeated and the seeder needs no random state.

/// A well-mixed 64-bit hash of `n` (splitmix64), salted by `salt`.
pub fn mix(n: u64, salt: u64) -> u64 {
    let mut z = n
        .wrapping_add(salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A value in `0..n` from row `i` and a salt.
pub fn pick(i: u64, salt: u64, n: u64) -> u64 {
    mix(i, salt) % n.max(1)
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "晓东", "建华", "丽娟", "志强", "海燕", "子涵", "雨桐", "浩然", "梓轩",
];

/// A Chinese personal name.
pub fn name(i: u64) -> String {
    format!(
        "{}{}",
        SURNAMES[pick(i, 1, SURNAMES.len() as u64) as usize],
        GIVEN[pick(i, 2, GIVEN.len() as u64) as usize]
    )
}

/// A unique, valid mainland mobile number for customer number `n`, in a
/// number range of its own per `prefix` (`13`, `15`, `18` …).
pub fn phone(prefix: &str, n: u64) -> String {
    format!("{prefix}{:09}", n % 1_000_000_000)
}

/// Lead sources (API names), the online channels more frequent.
pub const SOURCES: &[&str] = &[
    "anjuke",
    "beike",
    "wechat",
    "douyin",
    "official_site",
    "walk_in",
    "online_sales_office",
    "xiaohongshu",
    "exhibition",
    "partner_channel",
    "owner_referral",
    "staff_referral",
    "service_callback",
];

/// A source, skewed toward the first entries.
pub fn source(i: u64) -> &'static str {
    let r = pick(i, 3, 100);
    let idx = match r {
        0..=19 => 0,
        20..=37 => 1,
        38..=51 => 2,
        52..=61 => 3,
        62..=69 => 4,
        70..=79 => 5,
        _ => 6 + (r % 7) as usize,
    };
    SOURCES[idx]
}

/// Purchase timeframes (API name, Chinese label).
pub const TIMEFRAMES: &[(&str, &str)] = &[
    ("within_3_months", "3个月内"),
    ("within_6_months", "6个月内"),
    ("within_12_months", "1年内"),
    ("undated", "有计划未定时间"),
    ("no_plan", "暂无计划"),
];

/// Abilities to pay (API name, Chinese label).
pub const ABILITIES: &[(&str, &str)] = &[
    ("can_pay", "可支付"),
    ("needs_financing", "需融资"),
    ("unknown", "未知"),
];

/// A budget in fen: 2–12 million yuan, in steps of 100,000 yuan.
pub fn budget_fen(i: u64) -> i64 {
    (20 + pick(i, 4, 100) as i64) * 100_000 * 100
}
