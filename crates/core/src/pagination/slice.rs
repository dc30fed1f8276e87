//! Which rows a page holds, from either paging style.

use super::{Pageable, Window};

/// Which rows of a query one page holds: at most `limit`, after `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub limit: i64,
    pub offset: i64,
}

impl Pageable {
    pub fn slice(&self) -> Slice {
        Slice {
            limit: self.limit(),
            offset: self.offset(),
        }
    }
}

impl Window {
    pub fn slice(&self) -> Slice {
        Slice {
            limit: self.limit(),
            offset: self.offset(),
        }
    }
}
