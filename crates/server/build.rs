// `sqlx::migrate!` embeds migrations/ when this crate compiles, and cargo
// does not know it reads that folder: without this, a new migration left
// the built server (and its tests) migrating to the old schema.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
