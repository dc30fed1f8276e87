//! Firmware upgrade schedules the MSP sets for its customers.

use chrono::NaiveDate;
use r1_core::ApiError;
use serde_json::json;
use sqlx::PgConnection;

use crate::{
    model::FirmwareUpgradeRequest,
    ownership, repo,
    rules::{self, Check},
};

/// `POST /firmwareUpgradeSchedules`: one schedule, stored for each named
/// customer (all of them are the MSP's, or nothing is stored).
pub async fn set(
    conn: &mut PgConnection,
    msp: &str,
    r: &FirmwareUpgradeRequest,
) -> Result<(), ApiError> {
    ownership::require_msp(conn, msp).await?;
    let mut check = Check::new("firmwareUpgradeRequest");
    let op = check.required("operation", r.operation.as_deref());
    check.one_of("operation", op, rules::FIRMWARE_OPERATIONS);
    let data = r.data.as_ref();
    let list = data.and_then(|d| d.msp_ec_list.clone()).unwrap_or_default();
    if list.is_empty() || list.len() > 100 {
        check.fail("data.mspEcList", &list, "size must be between 1 and 100");
    }
    let auto = data.and_then(|d| d.auto_schedule.clone());
    let manual = data.and_then(|d| d.manual_schedule.clone());
    match (&auto, &manual) {
        (Some(_), Some(_)) | (None, None) => check.fail(
            "data",
            "",
            "must give exactly one of autoSchedule and manualSchedule",
        ),
        _ => {}
    }
    if let Some(a) = &auto {
        let days = a.days.clone().unwrap_or_default();
        if days.is_empty() {
            check.fail(
                "data.autoSchedule.days",
                &days,
                "must name at least one day",
            );
        }
        for d in &days {
            check.one_of("data.autoSchedule.days", Some(d), rules::DAYS);
        }
        let slots = a.time_slots.clone().unwrap_or_default();
        if slots.is_empty() {
            check.fail(
                "data.autoSchedule.timeSlots",
                &slots,
                "must name at least one time slot",
            );
        }
        for s in slots.iter().filter(|s| !rules::is_time_slot(s)) {
            check.fail(
                "data.autoSchedule.timeSlots",
                s,
                "must be a time slot such as 00:00-02:00",
            );
        }
    }
    if let Some(m) = &manual {
        let slot = m.time_slot.as_deref().unwrap_or_default();
        if !rules::is_time_slot(slot) {
            check.fail(
                "data.manualSchedule.timeSlot",
                slot,
                "must be a time slot such as 00:00-02:00",
            );
        }
        match m.date.as_deref() {
            Some(d) if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() && d.len() == 10 => {}
            other => check.fail(
                "data.manualSchedule.date",
                other,
                "must be a date such as 2023-09-30",
            ),
        }
    }
    check.finish()?;
    let op = op.unwrap_or_default();
    let schedule = match (&auto, &manual) {
        (Some(a), _) => json!({ "autoSchedule": a }),
        (_, Some(m)) => json!({ "manualSchedule": m }),
        _ => json!({}),
    };
    for customer in &list {
        ownership::owned(conn, msp, customer).await?;
        repo::put_firmware_schedule(conn, customer, op, &schedule).await?;
    }
    Ok(())
}
