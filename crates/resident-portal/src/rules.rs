//! Resident Portal rules: plain functions, no HTTP and no database.

use r1_core::ApiError;
use r1_property::ResidentPortalUiConfigs;

/// The portal's colors as a style sheet of CSS custom properties.
pub fn styles(ui: &ResidentPortalUiConfigs) -> String {
    let color = ui.color.clone().unwrap_or_default();
    let mut css = String::from(":root {\n");
    for (name, value) in [
        ("main-color", color.main_color),
        ("accent-color", color.accent_color),
        ("separator-color", color.separator_color),
        ("text-color", color.text_color),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            let v = if v.starts_with('#') {
                v
            } else {
                format!("#{v}")
            };
            css.push_str(&format!("  --{name}: {v};\n"));
        }
    }
    css.push_str("}\n");
    css
}

/// A unit user's status: `BLOCKED` (revoked) or `ACTIVE`.
pub fn user_status(blocked: bool) -> &'static str {
    if blocked {
        "BLOCKED"
    } else {
        "ACTIVE"
    }
}

/// `ACTIVE` → not blocked, `BLOCKED` → blocked.
pub fn blocked(status: &str) -> Result<bool, ApiError> {
    match status {
        "ACTIVE" => Ok(false),
        "BLOCKED" => Ok(true),
        other => Err(ApiError::field(
            "unitUser",
            "status",
            other,
            "must be ACTIVE or BLOCKED",
        )),
    }
}

/// The device type of a query: `UNIT` or `GUEST`.
pub fn device_type(kind: &str) -> Result<&str, ApiError> {
    match kind {
        "UNIT" | "GUEST" => Ok(kind),
        other => Err(ApiError::field(
            "devices",
            "type",
            other,
            "must be UNIT or GUEST",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use r1_property::ResidentPortalColorConfig;

    #[test]
    fn styles_name_only_the_colors_set() {
        let ui = ResidentPortalUiConfigs {
            color: Some(ResidentPortalColorConfig {
                main_color: Some("#112233".into()),
                text_color: Some("fff".into()),
                accent_color: Some(String::new()),
                separator_color: None,
            }),
            ..Default::default()
        };
        assert_eq!(
            styles(&ui),
            ":root {\n  --main-color: #112233;\n  --text-color: #fff;\n}\n"
        );
    }

    #[test]
    fn statuses_and_device_types_are_the_bundles() {
        assert_eq!(user_status(true), "BLOCKED");
        assert!(!blocked("ACTIVE").unwrap());
        assert!(blocked("LOCKED").is_err());
        assert_eq!(device_type("GUEST").unwrap(), "GUEST");
        assert!(device_type("LINKED").is_err());
    }
}
