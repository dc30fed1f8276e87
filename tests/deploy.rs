//! The deployment files against the configuration: every region in
//! `config/` has its own r1, database, volume, port and health checks in
//! `docker-compose.yml`, and nothing there names a region `config/` lacks.
//! (The machines that build r1 have no container engine, so this is what CI
//! can check of them.)

use std::collections::BTreeSet;

use serde_yaml_ng::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn compose() -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/docker-compose.yml")).unwrap();
    let mut doc: Value = serde_yaml_ng::from_str(&text).unwrap();
    doc.apply_merge().unwrap();
    // Merge keys nest: the services' environments merge a second anchor.
    for (_, service) in doc["services"].as_mapping_mut().unwrap().iter_mut() {
        service.apply_merge().unwrap();
    }
    doc
}

/// The regions `config/` defines: one file each besides `default.toml`.
fn regions() -> BTreeSet<String> {
    let mut regions = BTreeSet::new();
    for entry in std::fs::read_dir(format!("{ROOT}/config")).unwrap() {
        let path = entry.unwrap().path();
        let (Some(stem), Some("toml")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        if stem == "default" {
            continue;
        }
        let file: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        assert_eq!(
            file["region"].as_str(),
            Some(stem),
            "{} names another region",
            path.display()
        );
        regions.insert(stem.to_string());
    }
    regions
}

fn str_of<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v:?}"))
}

#[test]
fn every_region_has_its_own_r1_database_volume_port_and_health_checks() {
    let doc = compose();
    let services = doc["services"].as_mapping().unwrap();
    let regions = regions();
    assert_eq!(
        regions,
        ["asia", "eu", "na"].map(String::from).into(),
        "config/ regions"
    );
    let mut host_ports = BTreeSet::new();
    for region in &regions {
        let r1 = &doc["services"][format!("r1-{region}").as_str()];
        assert!(r1.is_mapping(), "no r1-{region} service");
        let env = &r1["environment"];
        assert_eq!(str_of(&env["R1_REGION"], "R1_REGION"), region);
        let database = format!("postgres-{region}");
        let url = str_of(&env["DATABASE_URL"], "DATABASE_URL");
        assert!(
            url.contains(&format!("@{database}:5432/r1_{region}")),
            "r1-{region} uses {url}"
        );
        for secret in [
            "R1_JWT_SECRET",
            "R1_ADMIN_TOKEN",
            "R1_BOOTSTRAP_CLIENT_SECRET",
        ] {
            let value = str_of(&env[secret], secret);
            assert!(
                value.starts_with("${") && value.contains(":?"),
                "{secret} of r1-{region} must come from .env, not the file: {value}"
            );
        }
        assert_eq!(
            str_of(&env["R1_CONFIG_FILE"], "R1_CONFIG_FILE"),
            "/etc/r1/region.toml"
        );
        let mounts: Vec<&str> = r1["volumes"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|v| str_of(v, "volume"))
            .collect();
        assert!(
            mounts.contains(&format!("./config/{region}.toml:/etc/r1/region.toml:ro").as_str()),
            "r1-{region} mounts {mounts:?}"
        );
        let ports = r1["ports"].as_sequence().unwrap();
        assert_eq!(ports.len(), 1);
        let port = str_of(&ports[0], "port");
        assert!(port.ends_with(":8080"), "{port}");
        assert!(host_ports.insert(port.to_string()), "{port} used twice");
        assert!(
            r1["healthcheck"]["test"].is_sequence(),
            "r1-{region} health check"
        );
        assert_eq!(
            str_of(
                &r1["depends_on"][database.as_str()]["condition"],
                "condition"
            ),
            "service_healthy"
        );
        let profiles = r1["profiles"].as_sequence().unwrap();
        assert!(profiles.iter().any(|p| p.as_str() == Some(region)));

        let pg = &doc["services"][database.as_str()];
        assert!(pg.is_mapping(), "no {database} service");
        assert!(
            pg["healthcheck"]["test"].is_sequence(),
            "{database} health check"
        );
        assert_eq!(
            str_of(&pg["environment"]["POSTGRES_DB"], "POSTGRES_DB"),
            format!("r1_{region}")
        );
        let data = format!("pg-{region}:/var/lib/postgresql/data");
        assert_eq!(str_of(&pg["volumes"][0], "volume"), data);
        assert!(
            doc["volumes"][format!("pg-{region}").as_str()].is_null()
                && doc["volumes"]
                    .as_mapping()
                    .unwrap()
                    .contains_key(format!("pg-{region}").as_str()),
            "volume pg-{region} is not declared"
        );
    }
    // Nothing names a region that config/ does not have.
    for (name, service) in services {
        let name = str_of(name, "service name");
        if let Some(region) = service["environment"]["R1_REGION"].as_str() {
            assert!(
                regions.contains(region),
                "{name} runs unknown region {region}"
            );
        }
        if let Some(region) = name.strip_prefix("postgres-") {
            assert!(regions.contains(region), "{name} has no region in config/");
        }
    }
}

#[test]
fn the_env_example_names_every_secret_the_compose_file_requires() {
    let compose = std::fs::read_to_string(format!("{ROOT}/docker-compose.yml")).unwrap();
    let example = std::fs::read_to_string(format!("{ROOT}/.env.example")).unwrap();
    let mut required = BTreeSet::new();
    for part in compose.split("${").skip(1) {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        required.insert(name);
    }
    assert!(required.contains("R1_JWT_SECRET"));
    for name in required {
        assert!(
            example.lines().any(|l| l.starts_with(&format!("{name}="))),
            ".env.example lacks {name}"
        );
    }
}

#[test]
fn the_image_builds_offline_runs_unprivileged_and_checks_its_health() {
    let file = std::fs::read_to_string(format!("{ROOT}/Dockerfile")).unwrap();
    // The same build CI makes: the committed query metadata, the lock file,
    // and the very command, which .ci/run runs before testing its binary.
    assert!(file.contains("ENV SQLX_OFFLINE=true"));
    let build = file
        .lines()
        .find_map(|l| l.strip_prefix("RUN cargo build"))
        .expect("the build stage runs cargo build");
    let command = format!("cargo build{build}");
    assert_eq!(command, "cargo build --release --locked -p r1-server");
    let ci = std::fs::read_to_string(format!("{ROOT}/.ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == command),
        "CI does not run the Dockerfile's build: {command}"
    );
    assert!(ci.contains("export SQLX_OFFLINE=true"));
    assert!(ci.contains("R1_SERVER_BIN=\"${CARGO_TARGET_DIR:-$PWD/target}/release/r1-server\""));
    let runtime = file.split("FROM ").last().unwrap();
    assert!(
        runtime.contains("\nUSER r1\n"),
        "the runtime stage runs as root"
    );
    assert!(runtime.contains("HEALTHCHECK") && runtime.contains("/_r1/health"));
    for secret in [
        "R1_JWT_SECRET",
        "R1_ADMIN_TOKEN",
        "CLIENT_SECRET",
        "PASSWORD",
    ] {
        assert!(!file.contains(secret), "the image bakes in {secret}");
    }
}
