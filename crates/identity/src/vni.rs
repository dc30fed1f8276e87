//! VNI allocation: each identity gets a VXLAN network identifier, unique per
//! tenant. The database picks the lowest free number under a per-tenant
//! transaction lock (see `repo::allocate_vni`); this module holds the range
//! and the lock key.

/// The bundle's upper bound of `Identity.vni` (from 0).
pub const MAX: i32 = 8_388_608;

/// The first VNI r1 hands out: VNI 0 is left unused, as VXLAN deployments
/// commonly reserve it (docs/behaviour/identity.md).
pub const FIRST: i32 = 1;

/// The key of the per-tenant advisory lock that serialises allocations, so
/// concurrent creations never pick the same number.
pub fn lock_key(tenant_id: &str) -> i64 {
    // FNV-1a: stable across processes and releases, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in "identity-vni:".bytes().chain(tenant_id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_keys_are_stable_and_per_tenant() {
        let a = lock_key("00000000000000000000000000000001");
        assert_eq!(a, lock_key("00000000000000000000000000000001"));
        assert_ne!(a, lock_key("00000000000000000000000000000002"));
    }
}
