//! The bodies of the query operations: the vendor's `DynamicQueryPayloadDto`
//! and the `QueryResponse...Dto` envelope.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DynamicQueryPayloadDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_sort_fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_fields: Option<Vec<MatchFieldDto>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_filter: Option<RangeFilterDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_date_filter: Option<RangeFilterDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub must_not_match_field: Option<Vec<MatchFieldDto>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_by_date: Option<PageByDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    #[serde(rename = "search_after", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<String>>)]
    pub search_after: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_target_fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_string: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<HashMap<String, Vec<String>>>)]
    pub filters: Option<HashMap<String, Vec<Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub must_have_fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub must_not_have_fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_field: Option<MatchFieldDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<HashMap<String, Vec<String>>>)]
    pub terms: Option<HashMap<String, Vec<Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exists: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
}

/// Accepted for the vendor's clients; r1 pages by `page` (docs/behaviour/msp.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct PageByDate {
    pub value: Option<String>,
    pub key: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct MatchFieldDto {
    pub field: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct RangeFilterDto {
    pub field: Option<String>,
    pub gte: Option<i64>,
    pub lte: Option<i64>,
    pub lt: Option<i64>,
}

/// `subsequentQueries`: what a client sends next to read the following page.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubsequentQuery {
    pub fields: Vec<String>,
    pub url: String,
    pub http_method: HttpMethod,
    pub payload: DynamicQueryPayloadDto,
}

/// The method of a subsequent query: always `POST` here.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    Trace,
}

/// The vendor's `QueryResponse...Dto` envelope.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MspQueryResponse)]
pub struct QueryResponse {
    pub fields: Vec<String>,
    pub total_count: i64,
    pub page: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub data: Vec<Value>,
    pub subsequent_queries: Vec<SubsequentQuery>,
}
