//! Field rules of identity groups and identities, as the bundle declares
//! them. Each check returns the rejected fields so a request names all of
//! them at once.

use r1_core::error::FieldError;

use crate::{model::IdentityCreate, repo::IdentityValues};

/// `name`: required, 1 to 255 characters.
pub fn name(object: &str, value: &str, errors: &mut Vec<FieldError>) {
    let len = value.chars().count();
    if value.trim().is_empty() || len > 255 {
        errors.push(FieldError::new(
            object,
            "name",
            value,
            "size must be between 1 and 255",
        ));
    }
}

/// An optional text of at most 255 characters.
pub fn max_255(object: &str, field: &str, value: Option<&str>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value {
        if v.chars().count() > 255 {
            errors.push(FieldError::new(
                object,
                field,
                v,
                "size must be between 0 and 255",
            ));
        }
    }
}

/// `vlan`: 1 to 4094.
pub fn vlan(object: &str, value: Option<i32>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value {
        if !(1..=4094).contains(&v) {
            errors.push(FieldError::new(
                object,
                "vlan",
                v,
                "must be between 1 and 4094",
            ));
        }
    }
}

/// `email`, by the bundle's pattern
/// `^[\w!#$%&’*+/=?`{|}~^-]+(?:\.[\w!#$%&’*+/=?`{|}~^-]+)*@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,6}$`.
pub fn email(object: &str, value: Option<&str>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value {
        if !is_email(v) {
            errors.push(FieldError::new(
                object,
                "email",
                v,
                "must be a well-formed email address",
            ));
        }
    }
}

fn is_local_char(c: char) -> bool {
    // `\w` in the vendor's (Java) pattern is `[a-zA-Z0-9_]`.
    c.is_ascii_alphanumeric() || "_!#$%&’*+/=?`{|}~^-".contains(c)
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = local
        .split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(is_local_char));
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((tld, rest)) = labels.split_last() else {
        return false;
    };
    let domain_ok = !rest.is_empty()
        && rest
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    local_ok && domain_ok
}

/// The rejected fields of an identity's values.
pub fn validate_identity(v: &IdentityValues) -> Vec<FieldError> {
    let mut errors = Vec::new();
    name("identity", &v.name, &mut errors);
    max_255(
        "identity",
        "description",
        v.description.as_deref(),
        &mut errors,
    );
    max_255(
        "identity",
        "displayName",
        v.display_name.as_deref(),
        &mut errors,
    );
    email("identity", v.email.as_deref(), &mut errors);
    vlan("identity", v.vlan, &mut errors);
    errors
}

/// The values a create body sets.
pub fn identity_values(body: &IdentityCreate) -> IdentityValues {
    IdentityValues {
        parent_id: body.parent_id,
        name: body.name.clone(),
        display_name: body.display_name.clone(),
        description: body.description.clone(),
        email: body.email.clone(),
        phone_number: body.phone_number.clone(),
        vlan: body.vlan,
        revoked: body.revoked.unwrap_or(false),
        is_primary: body.primary.unwrap_or(false),
        metering_profile_id: body.metering_profile_id,
        expiration_date: body.expiration_date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_follow_the_bundle_pattern() {
        for ok in [
            "john.doe@example.com",
            "a_b+c@sub.example.co",
            "x@a-b.io",
            "o’neil@example.ie",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "john",
            "john@",
            "@example.com",
            "john..doe@example.com",
            "john@example",
            "john@example.c",
            "john@example.abcdefg",
            "john@exa_mple.com",
            "jo hn@example.com",
            "john@example.com1",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn names_and_lengths() {
        let mut e = Vec::new();
        name("identity", "a", &mut e);
        name("identity", &"x".repeat(255), &mut e);
        max_255("identity", "description", Some(&"é".repeat(255)), &mut e);
        vlan("identity", Some(1), &mut e);
        vlan("identity", Some(4094), &mut e);
        assert!(e.is_empty());
        name("identity", "", &mut e);
        name("identity", &"x".repeat(256), &mut e);
        max_255("identity", "description", Some(&"x".repeat(256)), &mut e);
        vlan("identity", Some(0), &mut e);
        vlan("identity", Some(4095), &mut e);
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "name", "description", "vlan", "vlan"]);
    }
}
