// `#[sqlx::test]` embeds migrations/ when the tests compile, and cargo does
// not know it reads that folder: without this, a new migration left the
// built tests on the old schema.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
