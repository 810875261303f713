//! Strings of the delivery screens, each declared once
//! with both translations, so a missing one is a compile error.

use super::Lang;

macro_rules! strings {
    ($($field:ident: $zh:literal / $en:literal,)+) => {
        /// Every string of the delivery screens.
        #[derive(Debug, PartialEq)]
        pub struct DeliveryStrings {
            $(#[doc = $en] pub $field: &'static str,)+
        }

        /// 简体中文.
        pub static ZH_CN: DeliveryStrings = DeliveryStrings { $($field: $zh,)+ };

        /// English.
        pub static EN: DeliveryStrings = DeliveryStrings { $($field: $en,)+ };
    };
}

impl Lang {
    /// The delivery screens' strings in this language.
    pub fn delivery(self) -> &'static DeliveryStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

strings! {
    nav_delivery: "交付验房" / "Delivery",
    nav_defects: "缺陷看板" / "Defect board",
    batches_title: "交付批次" / "Delivery batches",
    no_batches: "暂无交付批次" / "No delivery batches",
    batch_name: "批次" / "Batch",
    handover_at: "计划交付日" / "Planned handover",
    units: "房源" / "Units",
    handed_over: "已交付" / "Handed over",
    timeline: "交付时间线" / "Timeline",
    due: "到期" / "Due",
    rule: "依据" / "Rule",
    status: "状态" / "Status",
    outcome: "结果" / "Outcome",
    complete_task: "完成" / "Complete",
    task_done: "任务已完成" / "Task completed",
    overdue: "已逾期" / "Overdue",
    open_defects: "未完成缺陷" / "Open defects",
    unit: "房号" / "Unit",
    building: "楼栋" / "Building",
    inspections: "验房记录" / "Inspections",
    unit_title: "房源交付" / "Unit delivery",
    no_inspections: "暂无验房记录" / "No inspections yet",
    start_inspection: "开始验房" / "Start an inspection",
    kind: "类型" / "Kind",
    started_at: "开始时间" / "Started",
    failed_items: "不合格项" / "Failed items",
    open: "打开" / "Open",
    checklist: "检查清单" / "Checklist",
    save: "保存" / "Save",
    saved: "已保存" / "Saved",
    complete_inspection: "完成验房" / "Complete the inspection",
    inspection_done: "验房已完成" / "Inspection completed",
    answered: "已检查" / "Answered",
    note: "备注" / "Note",
    record_defect: "登记缺陷" / "Record a defect",
    defect_recorded: "缺陷已登记" / "Defect recorded",
    room: "房间" / "Room",
    location: "位置" / "Location",
    category: "类别" / "Category",
    severity: "严重程度" / "Severity",
    description: "描述" / "Description",
    contractor: "责任单位" / "Contractor",
    photo: "照片" / "Photo",
    photos: "照片" / "Photos",
    add_photo: "上传照片" / "Add a photo",
    photo_added: "照片已上传" / "Photo uploaded",
    defects_title: "缺陷看板" / "Defect board",
    no_defects: "暂无缺陷" / "No defects",
    all_statuses: "全部状态" / "All statuses",
    overdue_only: "只看逾期" / "Overdue only",
    filter: "筛选" / "Filter",
    fix_due: "整改期限" / "Fix due",
    defect_title: "缺陷" / "Defect",
    history: "处理记录" / "History",
    assign: "分派" / "Assign",
    solution: "解决方案" / "Solution",
    fix: "整改完成" / "Fixed",
    verify: "复验通过" / "Verify",
    reject: "复验不通过" / "Reject",
    close: "关闭" / "Close",
    reason: "原因" / "Reason",
    defect_updated: "缺陷已更新" / "Defect updated",
    sign_off: "业主验收签字" / "Owner sign-off",
    signature: "业主签名" / "Owner's signature",
    clear: "清除" / "Clear",
    all_pass: "未检项全部合格" / "Mark the rest as pass",
    with_reservations: "有保留意见接收（未完成缺陷列入保留）" / "Accept with reservations (open defects are listed)",
    keys_handed: "已交钥匙" / "Keys handed over",
    sign_and_accept: "签字确认交房" / "Sign and accept",
    signed_off: "已完成交房" / "Handed over",
    signature_missing: "请业主先签名" / "The owner has not signed yet",
    reservations: "保留意见" / "Reservations",
    signed_at: "签字时间" / "Signed at",
    back_to_batch: "返回批次" / "Back to the batch",
    delivery_link: "交付验房" / "Delivery",
}
