//! Resident portal use cases: each runs inside the caller's transaction.

use r1_core::{
    error::FieldError,
    hal::BaseUrl,
    pagination::{Order, Page, SortFields},
    ApiError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{EntityModelResidentPortal, QueryData, ResidentPortal, ResidentPortalUiConfigs},
    paging,
    repo::{self, PortalFile, PortalFilter, PortalRow, PortalValues},
    rules,
};

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("Resident portal {id} not found"))
}

fn conflict(e: sqlx::Error, name: &str) -> ApiError {
    match &e {
        sqlx::Error::Database(db)
            if db.constraint() == Some("resident_portals_tenant_name_key") =>
        {
            ApiError::Conflict(format!("A resident portal named {name:?} already exists"))
        }
        _ => e.into(),
    }
}

/// A portal's two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum FileType {
    Logo,
    FavIcon,
}

impl FileType {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "logo" => Some(FileType::Logo),
            "favIcon" => Some(FileType::FavIcon),
            _ => None,
        }
    }
}

/// What a multipart add or edit carried.
#[derive(Debug, Clone, Default)]
pub struct PortalForm {
    pub portal: Option<ResidentPortal>,
    /// The uploaded file with its name as the client gave it.
    pub logo: Option<(PortalFile, Option<String>)>,
    pub fav_icon: Option<(PortalFile, Option<String>)>,
}

pub fn ui_of(row: &PortalRow) -> ResidentPortalUiConfigs {
    serde_json::from_value(row.ui_configuration.clone()).unwrap_or_default()
}

pub fn view(row: PortalRow, base: &BaseUrl) -> EntityModelResidentPortal {
    EntityModelResidentPortal {
        links: base.links([
            ("self", format!("/residentPortals/{}", row.id)),
            ("logo", format!("/residentPortals/{}/files/logo", row.id)),
            (
                "favIcon",
                format!("/residentPortals/{}/files/favIcon", row.id),
            ),
        ]),
        ui_configuration: ui_of(&row),
        id: row.id,
        name: row.name,
        description: row.description,
        portal_status: row.portal_status,
        venue_count: row.venue_count,
    }
}

fn ui_rules(ui: &ResidentPortalUiConfigs, errors: &mut Vec<FieldError>) {
    if let Some(c) = &ui.color {
        rules::color(
            "uiConfiguration.color.mainColor",
            c.main_color.as_deref(),
            errors,
        );
        rules::color(
            "uiConfiguration.color.accentColor",
            c.accent_color.as_deref(),
            errors,
        );
        rules::color(
            "uiConfiguration.color.separatorColor",
            c.separator_color.as_deref(),
            errors,
        );
        rules::color(
            "uiConfiguration.color.textColor",
            c.text_color.as_deref(),
            errors,
        );
    }
    if let Some(t) = &ui.text {
        let o = "residentPortal";
        rules::max_len(
            o,
            "uiConfiguration.text.loginText",
            t.login_text.as_deref(),
            52,
            errors,
        );
        rules::max_len(
            o,
            "uiConfiguration.text.title",
            t.title.as_deref(),
            52,
            errors,
        );
        rules::max_len(
            o,
            "uiConfiguration.text.subTitle",
            t.sub_title.as_deref(),
            52,
            errors,
        );
        rules::max_len(
            o,
            "uiConfiguration.text.announcements",
            t.announcements.as_deref(),
            5000,
            errors,
        );
        rules::max_len(
            o,
            "uiConfiguration.text.helpText",
            t.help_text.as_deref(),
            5000,
            errors,
        );
    }
    if let Some(f) = &ui.files {
        let o = "residentPortal";
        rules::max_len(
            o,
            "uiConfiguration.files.logoFileName",
            f.logo_file_name.as_deref(),
            52,
            errors,
        );
        rules::max_len(
            o,
            "uiConfiguration.files.favIconFileName",
            f.fav_icon_file_name.as_deref(),
            52,
            errors,
        );
    }
}

fn check_files(form: &PortalForm) -> Result<(), ApiError> {
    if let Some((f, _)) = &form.logo {
        rules::portal_file("logo", &f.content_type, f.bytes.len())?;
    }
    if let Some((f, _)) = &form.fav_icon {
        rules::portal_file("favIcon", &f.content_type, f.bytes.len())?;
    }
    Ok(())
}

/// Records uploaded files, with their names in `uiConfiguration.files`.
async fn store_files(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    form: &PortalForm,
    ui: &mut ResidentPortalUiConfigs,
) -> Result<(), ApiError> {
    let file_name = |name: &Option<String>, fallback: &str| {
        name.clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| fallback.to_string())
            .chars()
            .take(52)
            .collect::<String>()
    };
    if let Some((f, name)) = &form.logo {
        repo::set_logo(conn, tenant_id, id, Some(f)).await?;
        ui.files.get_or_insert_with(Default::default).logo_file_name =
            Some(file_name(name, "logo"));
    }
    if let Some((f, name)) = &form.fav_icon {
        repo::set_fav_icon(conn, tenant_id, id, Some(f)).await?;
        ui.files
            .get_or_insert_with(Default::default)
            .fav_icon_file_name = Some(file_name(name, "favIcon"));
    }
    Ok(())
}

fn status_of(s: Option<&str>, errors: &mut Vec<FieldError>) -> String {
    let s = s.unwrap_or("ENABLED");
    rules::status("residentPortal", "portalStatus", s, errors);
    s.to_string()
}

pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    form: PortalForm,
) -> Result<Uuid, ApiError> {
    let Some(portal) = form.portal.clone() else {
        return Err(ApiError::field(
            "residentPortal",
            "portal",
            (),
            "the multipart part 'portal' is required",
        ));
    };
    let mut errors = Vec::new();
    rules::required_text(
        "residentPortal",
        "name",
        portal.name.as_deref(),
        255,
        &mut errors,
    );
    let status = status_of(portal.portal_status.as_deref(), &mut errors);
    let mut ui = portal.ui_configuration.clone().unwrap_or_default();
    if portal.ui_configuration.is_none() {
        errors.push(FieldError::new(
            "residentPortal",
            "uiConfiguration",
            (),
            "must not be null",
        ));
    }
    ui_rules(&ui, &mut errors);
    rules::finish(errors)?;
    check_files(&form)?;
    let id = Uuid::new_v4();
    let name = portal.name.clone().unwrap_or_default();
    let mut values = PortalValues {
        name: name.clone(),
        description: portal.description.clone().flatten(),
        portal_status: status,
        ui_configuration: serde_json::Value::Null,
    };
    values.ui_configuration = serde_json::to_value(&ui).map_err(ApiError::internal)?;
    repo::insert_portal(conn, tenant_id, id, &values)
        .await
        .map_err(|e| conflict(e, &name))?;
    store_files(conn, tenant_id, id, &form, &mut ui).await?;
    values.ui_configuration = serde_json::to_value(&ui).map_err(ApiError::internal)?;
    repo::update_portal(conn, tenant_id, id, &values).await?;
    Ok(id)
}

pub async fn find_row(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<PortalRow, ApiError> {
    repo::find_portal(conn, tenant_id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// Edits a portal: the members of `changes` that are sent replace the
/// current ones (`uiConfiguration` member by member), files replace theirs.
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    form: PortalForm,
) -> Result<(), ApiError> {
    let row = find_row(conn, tenant_id, id).await?;
    let changes = form.portal.clone().unwrap_or_default();
    let mut errors = Vec::new();
    if let Some(name) = &changes.name {
        rules::required_text("residentPortal", "name", Some(name), 255, &mut errors);
    }
    let status = match &changes.portal_status {
        Some(s) => status_of(Some(s), &mut errors),
        None => row.portal_status.clone(),
    };
    let mut ui = ui_of(&row);
    if let Some(new) = changes.ui_configuration {
        ui = ResidentPortalUiConfigs {
            kind: new.kind.or(ui.kind),
            access: new.access.or(ui.access),
            color: new.color.or(ui.color),
            files: new.files.or(ui.files),
            text: new.text.or(ui.text),
        };
    }
    ui_rules(&ui, &mut errors);
    rules::finish(errors)?;
    check_files(&form)?;
    store_files(conn, tenant_id, id, &form, &mut ui).await?;
    let name = changes.name.unwrap_or(row.name);
    let values = PortalValues {
        name: name.clone(),
        description: match changes.description {
            Some(d) => d,
            None => row.description,
        },
        portal_status: status,
        ui_configuration: serde_json::to_value(&ui).map_err(ApiError::internal)?,
    };
    repo::update_portal(conn, tenant_id, id, &values)
        .await
        .map_err(|e| conflict(e, &name))?;
    Ok(())
}

/// Deletes the portal; properties that used it keep no portal.
pub async fn delete(conn: &mut PgConnection, tenant_id: &str, id: Uuid) -> Result<(), ApiError> {
    if repo::delete_portal(conn, tenant_id, id).await? {
        Ok(())
    } else {
        Err(not_found(id))
    }
}

pub async fn file(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    kind: FileType,
) -> Result<PortalFile, ApiError> {
    find_row(conn, tenant_id, id).await?;
    let file = match kind {
        FileType::Logo => repo::logo(conn, tenant_id, id).await?,
        FileType::FavIcon => repo::fav_icon(conn, tenant_id, id).await?,
    };
    file.ok_or_else(|| ApiError::NotFound(format!("Resident portal {id} has no such file")))
}

pub async fn delete_file(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    kind: FileType,
) -> Result<(), ApiError> {
    let row = find_row(conn, tenant_id, id).await?;
    let mut ui = ui_of(&row);
    let files = ui.files.get_or_insert_with(Default::default);
    match kind {
        FileType::Logo => {
            repo::set_logo(conn, tenant_id, id, None).await?;
            files.logo_file_name = None;
        }
        FileType::FavIcon => {
            repo::set_fav_icon(conn, tenant_id, id, None).await?;
            files.fav_icon_file_name = None;
        }
    }
    let values = PortalValues {
        name: row.name,
        description: row.description,
        portal_status: row.portal_status,
        ui_configuration: serde_json::to_value(&ui).map_err(ApiError::internal)?,
    };
    repo::update_portal(conn, tenant_id, id, &values).await?;
    Ok(())
}

const PORTAL_SORT: SortFields = &[
    ("name", "r.name"),
    ("description", "r.description"),
    ("portalStatus", "r.portal_status"),
    ("id", "r.id"),
    ("venueCount", "venue_count"),
];

pub async fn query(
    conn: &mut PgConnection,
    tenant_id: &str,
    q: &QueryData,
    base: &BaseUrl,
) -> Result<Page<EntityModelResidentPortal>, ApiError> {
    let (pageable, order) = paging::window(q, PORTAL_SORT, Order::by("r.name", false))?;
    let filter = PortalFilter {
        ids: paging::uuids(q, "id")?,
        names: paging::strings(q, "name")?,
        statuses: paging::strings(q, "portalStatus")?,
        keyword: paging::keyword(q),
    };
    let (total, rows) = repo::query_portals(
        conn,
        tenant_id,
        &filter,
        &order,
        pageable.limit(),
        pageable.offset(),
    )
    .await?;
    let content = rows.into_iter().map(|r| view(r, base)).collect();
    Ok(Page::new(content, total, &pageable, &order))
}
